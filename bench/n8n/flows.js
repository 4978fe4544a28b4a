'use strict';
// The workflows the real-n8n benchmarks compare. Every flow decides one join request per
// webhook call with the same rule (approve when the applicant's number ends in an odd digit)
// against the same stand-in, so the only differences are the trigger and how the decision is
// made:
//   ours            Whapi Join Requests Trigger → Whapi Join Requests (Decide)
//   naiveInline     Webhook → IF → HTTP Request (accept or reject), token typed into the node
//   naiveCredential the same with the token in a Header Auth credential (the fair comparison)
//   bare            a five-line community trigger (no credential, no static data,
//                   path 'webhook') → IF → HTTP Request with the Header Auth credential: the
//                   naive flow with only the trigger swapped, i.e. the floor for any
//                   community trigger
const crypto = require('node:crypto');

const PKG = 'n8n-nodes-whapi-join-requests';
const { BARE_PKG } = require('../../test/e2e/bare-triggers');
const GROUP = '120363000000000001@g.us';

// The type versions the flows use. Ours: the trigger's default version (what a node added from
// n8n's panel gets), read from the build the benchmark packs, unless BENCH_TRIGGER_VERSION says 1
// (saved workflows). The bare trigger: version 1, as in the issue, unless
// BENCH_BARE_TRIGGER_VERSION says 2. n8n's webhook phase evaluates one expression of its own for
// every start node at version 1 (bench/README.md).
function typeVersions() {
	const { WhapiJoinRequestsTrigger } = require('../../dist/nodes/WhapiJoinRequestsTrigger/WhapiJoinRequestsTrigger.node.js');
	return {
		trigger: Number(process.env.BENCH_TRIGGER_VERSION || new WhapiJoinRequestsTrigger().description.defaultVersion),
		bareTrigger: Number(process.env.BENCH_BARE_TRIGGER_VERSION || 1),
	};
}

const id = () => crypto.randomUUID();
const odd = (phone) => `Number(String(${phone}).replace(/@.*/, '').slice(-1)) % 2 === 1`;

function ifNode(prefix) {
	return {
		id: id(),
		name: 'Allowed?',
		type: 'n8n-nodes-base.if',
		typeVersion: 2.2,
		position: [250, 0],
		parameters: {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: [
					{
						id: id(),
						leftValue: `={{ ${odd(`${prefix}.groups_participants[0].participants[0]`)} }}`,
						rightValue: '',
						operator: { type: 'boolean', operation: 'true', singleValue: true },
					},
				],
				combinator: 'and',
			},
			options: {},
		},
	};
}

function httpNode(name, method, prefix, baseUrl, auth, y) {
	const parameters = {
		method,
		url: `=${baseUrl}/groups/{{ ${prefix}.groups_participants[0].group_id }}/applications`,
		sendBody: true,
		specifyBody: 'json',
		jsonBody: `={ "application": "{{ ${prefix}.groups_participants[0].participants[0] }}@s.whatsapp.net" }`,
		options: {},
	};
	const node = { id: id(), name, type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [500, y], parameters };
	if (auth.token) {
		Object.assign(parameters, {
			authentication: 'none',
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${auth.token}` }] },
		});
	} else {
		Object.assign(parameters, { authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth' });
		node.credentials = { httpHeaderAuth: { id: auth.credential.id, name: auth.credential.name } };
	}
	return node;
}

/** Trigger → IF → accept / reject, `prefix` being where the trigger puts Whapi's body. */
function ifHttpFlow(name, trigger, prefix, baseUrl, auth) {
	const gate = ifNode(prefix);
	const accept = httpNode('Accept', 'POST', prefix, baseUrl, auth, -100);
	const reject = httpNode('Reject', 'DELETE', prefix, baseUrl, auth, 100);
	return {
		name,
		nodes: [trigger, gate, accept, reject],
		connections: {
			[trigger.name]: { main: [[{ node: gate.name, type: 'main', index: 0 }]] },
			[gate.name]: {
				main: [[{ node: accept.name, type: 'main', index: 0 }], [{ node: reject.name, type: 'main', index: 0 }]],
			},
		},
	};
}

function naive(name, baseUrl, auth) {
	const webhookId = id();
	const trigger = {
		id: id(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId,
		parameters: { httpMethod: 'POST', path: webhookId, responseMode: 'onReceived', options: {} },
	};
	return { workflow: ifHttpFlow(name, trigger, '$json.body', baseUrl, auth), path: webhookId };
}

function bare(baseUrl, credential) {
	const webhookId = id();
	const trigger = {
		id: id(),
		name: 'Bare Trigger',
		type: `${BARE_PKG}.bareTrigger`,
		typeVersion: typeVersions().bareTrigger,
		position: [0, 0],
		webhookId,
		parameters: {},
	};
	return { workflow: ifHttpFlow('bare trigger', trigger, '$json', baseUrl, { credential }), path: `${webhookId}/webhook` };
}

/** Our flow; `options` go to the Decide node (e.g. Parallel Requests). */
function ours(whapiCredential, { name = 'ours', groups = [GROUP] } = {}) {
	const webhookId = id();
	const credentials = { whapiApi: { id: whapiCredential.id, name: whapiCredential.name } };
	return {
		workflow: {
			name,
			nodes: [
				{
					id: id(),
					name: 'Join Request',
					type: `${PKG}.whapiJoinRequestsTrigger`,
					typeVersion: typeVersions().trigger,
					position: [0, 0],
					webhookId,
					parameters: { groups },
					credentials,
				},
				{
					id: id(),
					name: 'Decide',
					type: `${PKG}.whapiJoinRequests`,
					typeVersion: 1,
					position: [250, 0],
					parameters: {
						operation: 'decide',
						groupId: { __rl: true, mode: 'id', value: '={{ $json.groupId }}' },
						applicant: '={{ $json.applicant }}',
						approve: `={{ ${odd('$json.phone')} }}`,
					},
					credentials,
				},
			],
			connections: { 'Join Request': { main: [[{ node: 'Decide', type: 'main', index: 0 }]] } },
		},
		path: `${webhookId}/webhook`,
	};
}

/**
 * A backlog sweep started by n8n's Webhook node: List (Return All) → Decide over `groupId`.
 * `options` go to both nodes (Parallel Requests, Max Requests per Second); `decide: false`
 * stops after List (the memory benchmark).
 */
function sweep(whapiCredential, groupId, { options = {}, decide = true } = {}) {
	const webhookId = id();
	const credentials = { whapiApi: { id: whapiCredential.id, name: whapiCredential.name } };
	const nodes = [
		{
			id: id(),
			name: 'Start',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId,
			parameters: { httpMethod: 'POST', path: webhookId, responseMode: 'onReceived', options: {} },
		},
		{
			id: id(),
			name: 'List',
			type: `${PKG}.whapiJoinRequests`,
			typeVersion: 1,
			position: [250, 0],
			parameters: { operation: 'list', groupId: { __rl: true, mode: 'id', value: groupId }, returnAll: true, options },
			credentials,
		},
	];
	const connections = { Start: { main: [[{ node: 'List', type: 'main', index: 0 }]] } };
	if (decide) {
		nodes.push({
			id: id(),
			name: 'Decide',
			type: `${PKG}.whapiJoinRequests`,
			typeVersion: 1,
			position: [500, 0],
			parameters: {
				operation: 'decide',
				groupId: { __rl: true, mode: 'id', value: groupId },
				applicant: '={{ $json.applicant }}',
				approve: `={{ ${odd('$json.applicant')} }}`,
				options,
			},
			credentials,
		});
		connections.List = { main: [[{ node: 'Decide', type: 'main', index: 0 }]] };
	}
	return { workflow: { name: `sweep ${JSON.stringify(options)}`, nodes, connections }, path: webhookId };
}

module.exports = { naive, bare, ours, sweep, PKG, BARE_PKG, GROUP, typeVersions };
