'use strict';
// The flow users build today without this package, for comparison: n8n's own Webhook node (its
// URL pasted into the channel's webhook settings, no secret), an IF on the allowlist, and an
// HTTP Request per decision with the channel token in a Header Auth credential. Every node with
// n8n's defaults: no retry, no Continue On Fail, the first participant of the first entry only.
const crypto = require('node:crypto');

function naiveFlow({ baseUrl, credential, allowlist }) {
	const path = `naive-${crypto.randomUUID()}`;
	const participant = "$('Webhook').item.json.body.groups_participants[0].participants[0]";
	const groupId = "$('Webhook').item.json.body.groups_participants[0].group_id";
	const decision = (name, method, position) => ({
		parameters: {
			method,
			url: `=${baseUrl}/groups/{{ ${groupId} }}/applications`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={ "application": "{{ ${participant} }}@s.whatsapp.net" }`,
			options: {},
		},
		id: crypto.randomUUID(),
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		credentials: { httpHeaderAuth: { id: credential.id, name: credential.name } },
	});
	const workflow = {
		name: 'Fault campaign: naive flow (Webhook → IF → HTTP Request)',
		nodes: [
			{
				parameters: { httpMethod: 'POST', path, options: {} },
				id: crypto.randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: crypto.randomUUID(),
			},
			{
				parameters: {
					conditions: {
						options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
						conditions: [
							{
								id: crypto.randomUUID(),
								leftValue: `={{ ${JSON.stringify(allowlist)}.includes(${participant}) }}`,
								rightValue: '',
								operator: { type: 'boolean', operation: 'true', singleValue: true },
							},
						],
						combinator: 'and',
					},
					looseTypeValidation: true,
					options: {},
				},
				id: crypto.randomUUID(),
				name: 'On the allowlist?',
				type: 'n8n-nodes-base.if',
				typeVersion: 2.2,
				position: [220, 0],
			},
			decision('Accept', 'POST', [440, -100]),
			decision('Reject', 'DELETE', [440, 100]),
		],
		connections: {
			Webhook: { main: [[{ node: 'On the allowlist?', type: 'main', index: 0 }]] },
			'On the allowlist?': {
				main: [[{ node: 'Accept', type: 'main', index: 0 }], [{ node: 'Reject', type: 'main', index: 0 }]],
			},
		},
		settings: { executionOrder: 'v1' },
	};
	return { workflow, path };
}

module.exports = { naiveFlow };
