'use strict';
// Packs a community package of two bare webhook triggers, installed beside ours to show what n8n
// itself costs any community trigger (no credential, no static data, no parameters,
// `path: 'webhook'`):
//   - Bare Trigger (bench): the body as its one item; versions 1 and 2 are the same node (n8n's
//     webhook phase treats start nodes at version 1 apart);
//   - Bare Gate Trigger (the fuzz, test/e2e/abuse.e2e.js): our trigger's answers with the least
//     work: 401 without the fixed secret BARE_GATE_SECRET in our header, no execution for a body
//     without a join request, else one item per participant.
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const BARE_PKG = 'n8n-nodes-bench-bare-trigger';
const BARE_GATE_HEADER = 'x-whapi-join-secret';
const BARE_GATE_SECRET = 'bare-gate-fixed-secret';

const NODE = `'use strict';
const HEADER = ${JSON.stringify(BARE_GATE_HEADER)};
const SECRET = ${JSON.stringify(BARE_GATE_SECRET)};
class BareTrigger {
	constructor() {
		this.description = {
			displayName: 'Bare Trigger', name: 'bareTrigger', group: ['trigger'], version: [1, 2],
			description: 'Returns the body as one item', defaults: { name: 'Bare Trigger' },
			inputs: [], outputs: ['main'], properties: [],
			webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		};
	}
	async webhook() {
		return { workflowData: [this.helpers.returnJsonArray(this.getBodyData())] };
	}
}
class BareGateTrigger {
	constructor() {
		this.description = {
			displayName: 'Bare Gate Trigger', name: 'bareGateTrigger', group: ['trigger'], version: 1,
			description: 'Refuses calls without the secret, ignores bodies without a join request', defaults: { name: 'Bare Gate Trigger' },
			inputs: [], outputs: ['main'], properties: [],
			webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		};
	}
	async webhook() {
		if (this.getHeaderData()[HEADER] !== SECRET) {
			this.getResponseObject().status(401).json({ message: 'Unauthorized' });
			return { noWebhookResponse: true };
		}
		const body = this.getBodyData();
		const entries = body && Array.isArray(body.groups_participants) ? body.groups_participants : [];
		const items = [];
		for (const e of entries) {
			if (e && e.action === 'request' && Array.isArray(e.participants)) for (const p of e.participants) items.push({ applicant: p });
		}
		if (items.length === 0) return {};
		return { workflowData: [this.helpers.returnJsonArray(items)] };
	}
}
module.exports = { BareTrigger, BareGateTrigger };
`;

/** Writes the package into a temporary folder and returns the path of its tarball. */
function packBareTrigger() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bare-trigger-'));
	const pkg = path.join(dir, 'package');
	fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
	fs.writeFileSync(
		path.join(pkg, 'package.json'),
		JSON.stringify({
			name: BARE_PKG,
			version: '1.0.0',
			license: 'MIT',
			keywords: ['n8n-community-node-package'],
			main: 'index.js',
			n8n: { n8nNodesApiVersion: 1, nodes: ['dist/BareTrigger.node.js', 'dist/BareGateTrigger.node.js'] },
		}),
	);
	fs.writeFileSync(path.join(pkg, 'dist', 'BareTrigger.node.js'), NODE);
	fs.writeFileSync(path.join(pkg, 'dist', 'BareGateTrigger.node.js'), NODE);
	const tarball = path.join(dir, 'bare-trigger.tgz');
	execFileSync('tar', ['-czf', tarball, '-C', dir, 'package']);
	return { tarball, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Bare Gate Trigger → No Op, with its webhook path (`<webhookId>/webhook`), ready to create. */
function bareGateWorkflow(name = 'bare gate') {
	const webhookId = crypto.randomUUID();
	const node = (nodeName, rest) => ({ id: crypto.randomUUID(), name: nodeName, position: [0, 0], ...rest });
	return {
		workflow: {
			name,
			nodes: [
				node('Bare Gate', { type: `${BARE_PKG}.bareGateTrigger`, typeVersion: 1, webhookId, parameters: {} }),
				node('Next', { type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} }),
			],
			connections: { 'Bare Gate': { main: [[{ node: 'Next', type: 'main', index: 0 }]] } },
		},
		path: `${webhookId}/webhook`,
	};
}

module.exports = { packBareTrigger, bareGateWorkflow, BARE_PKG, BARE_GATE_SECRET };
