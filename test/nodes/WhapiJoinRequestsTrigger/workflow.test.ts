/**
 * The whole path in-process: the stand-in delivers a `groups.put` event over HTTP to the URL the
 * trigger registered, the trigger's webhook() turns it into items, and a real workflow run feeds
 * them to a Decide node whose Approve is an allowlist check.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { WhapiJoinRequests } from '../../../nodes/WhapiJoinRequests/WhapiJoinRequests.node';
import { activateWebhook, runWebhook, runWorkflow } from '../../harness';
import type { WhapiStandIn } from '../../whapi-stand-in';
import { GROUP, OTHER_GROUP, TRIGGER_NAME, credentialTypes, credentialsFor, nodeTypes, startChannel, triggerNode, triggerType } from '../fixtures';

const nodeTypesByName = { whapiJoinRequests: new WhapiJoinRequests() };
const ALLOWLIST = ['15550100001', '15550100003', '4915112345678'];

const workflow = {
	nodes: [
		triggerNode({ groups: [GROUP, OTHER_GROUP] }),
		{
			id: 'decide',
			name: 'Decide',
			type: 'n8n-nodes-whapi-join-requests.whapiJoinRequests',
			typeVersion: 1,
			position: [300, 0] as [number, number],
			parameters: {
				operation: 'decide',
				groupId: { __rl: true, mode: 'id', value: '={{ $json.groupId }}' },
				applicant: '={{ $json.applicant }}',
				approve: `={{ ${JSON.stringify(ALLOWLIST)}.includes($json.phone) }}`,
			},
		},
	],
	connections: { [TRIGGER_NAME]: { main: [[{ node: 'Decide', type: 'main' as const, index: 0 }]] } },
};

let whapi: WhapiStandIn;
let relay: Server;
let staticData: IDataObject;
const executions: Array<Promise<unknown>> = [];

beforeEach(async () => {
	whapi = await startChannel();
	staticData = {};
	// Stands in for n8n's webhook server: hands each delivery to the trigger and runs the workflow.
	relay = createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			void (async () => {
				const outcome = await runWebhook({
					node: TRIGGER_NAME,
					nodeType: triggerType,
					workflow,
					extraNodeTypes: nodeTypesByName,
					staticData,
					credentials: credentialsFor(whapi),
					credentialTypes,
					webhookUrl: baseUrl(),
					request: { method: 'POST', path: req.url, headers: req.headers as Record<string, string>, body: JSON.parse(raw) },
				});
				res.writeHead(outcome.response.statusCode).end();
				const data = outcome.result?.workflowData;
				if (data) {
					executions.push(
						runWorkflow({ workflow, nodeTypes, credentials: credentialsFor(whapi), credentialTypes, trigger: { node: TRIGGER_NAME, data } }),
					);
				}
			})();
		});
	});
	await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
	await activateWebhook({ node: TRIGGER_NAME, nodeType: triggerType, workflow, staticData, credentials: credentialsFor(whapi), credentialTypes, webhookUrl: baseUrl(), extraNodeTypes: nodeTypesByName });
});
afterEach(async () => {
	await Promise.all(executions.splice(0));
	await new Promise((resolve) => relay.close(resolve));
	await whapi.close();
});

const baseUrl = () => `http://127.0.0.1:${(relay.address() as AddressInfo).port}/`;

it('decides each applicant exactly once, the right way round', async () => {
	const deliveries = [
		await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100001', '15550100002'], action: 'request' }),
		await whapi.emitGroupsPut({ groupId: OTHER_GROUP, participants: ['4915112345678'], action: 'request' }),
		await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100003'], action: 'request', envelopeKey: 'method' }),
		await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100004'], action: 'add' }),
	];
	expect(deliveries.flat().map((d) => d.status)).toEqual([200, 200, 200, 200]);
	const runs = (await Promise.all(executions)) as Array<{ executionError?: unknown }>;
	expect(runs).toHaveLength(3); // the "add" event started nothing
	expect(runs.every((r) => r.executionError === undefined)).toBe(true);

	const byApplicant = Object.fromEntries(whapi.decisions.map((d) => [d.applicant, `${d.decision}/${d.outcome}`]));
	expect(whapi.decisions).toHaveLength(4);
	expect(byApplicant).toEqual({
		'15550100001@s.whatsapp.net': 'accepted/done',
		'15550100002@s.whatsapp.net': 'rejected/done',
		'4915112345678@s.whatsapp.net': 'accepted/done',
		'15550100003@s.whatsapp.net': 'accepted/done',
	});
	expect(whapi.pending(GROUP)).toEqual([]);
});

it('a duplicate delivery of the same event is harmless: one decision done, the repeat not_pending', async () => {
	await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100002'], action: 'request' });
	await Promise.all(executions.splice(0));
	// Whapi retries deliveries and carries no event ID: the very same body arrives again.
	const [entry] = whapi.webhooks;
	const body = { groups_participants: [{ group_id: GROUP, participants: ['15550100002'], action: 'request' }], event: { type: 'groups', event: 'put' } };
	expect((await whapi.deliver(entry.url, body, entry.headers)).status).toBe(200);
	const [rerun] = (await Promise.all(executions.splice(0))) as Array<{ outputOf: (name: string) => IDataObject[] }>;
	expect(rerun.outputOf('Decide')).toEqual([expect.objectContaining({ decision: 'rejected', status: 'not_pending' })]);
	expect(whapi.decisions.map((d) => [d.decision, d.outcome])).toEqual([
		['rejected', 'done'],
		['rejected', 'not_pending'],
	]);
});
