// The rules n8n's verification applies to community nodes (@n8n/eslint-plugin-community-nodes)
// plus n8n's long-standing node and credential rules (eslint-plugin-n8n-nodes-base).
// `npm run lint` runs ESLint with --no-inline-config: n8n's scanner ignores disable comments too.
import tsParser from '@typescript-eslint/parser';
import { configs as communityConfigs } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const community = communityConfigs.recommended;

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/**', 'bench/**', 'scripts/**', 'templates/**'] },
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module', extraFileExtensions: ['.json'] } },
		plugins: community.plugins,
		rules: community.rules,
	},
	{
		files: ['package.json'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: n8nNodesBase.configs.community.rules,
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Main-repository convention (a docs slug); a community credential links a full URL,
			// which @n8n/community-nodes/credential-documentation-url checks instead.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Superseded: @n8n/community-nodes/node-connection-type-literal requires
			// NodeConnectionTypes.Main where these older rules wanted the string 'main'.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-inputs-wrong-trigger-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
];
