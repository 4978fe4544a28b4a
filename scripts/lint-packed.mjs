// Lints what users install, the way n8n's verification scanner does: pack the package, unpack
// the tarball, and run @n8n/eslint-plugin-community-nodes' recommended rules over its files
// with inline configuration ignored. Fails on any error.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { configs } from '@n8n/eslint-plugin-community-nodes';

const root = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'whapi-packed-lint-'));
try {
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root, encoding: 'utf8' }),
	);
	const files = packed[0].files.map((f) => f.path);
	const unexpected = files.filter((f) => !/^(dist\/|README\.md$|LICENSE$|package\.json$)/.test(f));
	if (unexpected.length) throw new Error(`The package holds files it should not: ${unexpected.join(', ')}`);
	execFileSync('tar', ['-xzf', path.join(work, packed[0].filename), '-C', work]);
	const unpacked = path.join(work, 'package');
	const eslint = new ESLint({
		cwd: unpacked,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: [
			{
				files: ['**/*.js', 'package.json'],
				languageOptions: { parser: tsParser, parserOptions: { sourceType: 'script', extraFileExtensions: ['.json'] } },
				...configs.recommended,
			},
		],
	});
	const results = await eslint.lintFiles(['**/*.js', 'package.json']);
	const errors = results.reduce((sum, r) => sum + r.errorCount, 0);
	const formatted = (await eslint.loadFormatter('stylish')).format(results);
	if (formatted) console.log(formatted);
	console.log(`Packed package: ${files.length} files, ${results.length} linted, ${errors} errors.`);
	if (errors > 0 || readdirSync(unpacked).length === 0) process.exitCode = 1;
} finally {
	rmSync(work, { recursive: true, force: true });
}
