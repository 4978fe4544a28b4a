'use strict';
// Packs a community package holding the least a webhook trigger can be: no credential, no
// static data, no parameters, `path: 'webhook'`, the body as its one item. Installed beside
// ours, it shows what n8n itself costs any community trigger.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const NODE = `'use strict';
class BareTrigger {
	constructor() {
		this.description = {
			displayName: 'Bare Trigger', name: 'bareTrigger', group: ['trigger'], version: 1,
			description: 'Returns the body as one item', defaults: { name: 'Bare Trigger' },
			inputs: [], outputs: ['main'], properties: [],
			webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		};
	}
	async webhook() {
		return { workflowData: [this.helpers.returnJsonArray(this.getBodyData())] };
	}
}
module.exports = { BareTrigger };
`;

/** Writes the package into a temporary folder and returns the path of its tarball. */
function packBareTrigger() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bare-trigger-'));
	const pkg = path.join(dir, 'package');
	fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
	fs.writeFileSync(
		path.join(pkg, 'package.json'),
		JSON.stringify({
			name: 'n8n-nodes-bench-bare-trigger',
			version: '1.0.0',
			license: 'MIT',
			keywords: ['n8n-community-node-package'],
			main: 'index.js',
			n8n: { n8nNodesApiVersion: 1, nodes: ['dist/BareTrigger.node.js'] },
		}),
	);
	fs.writeFileSync(path.join(pkg, 'dist', 'BareTrigger.node.js'), NODE);
	const tarball = path.join(dir, 'bare-trigger.tgz');
	execFileSync('tar', ['-czf', tarball, '-C', dir, 'package']);
	return { tarball, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

module.exports = { packBareTrigger };
