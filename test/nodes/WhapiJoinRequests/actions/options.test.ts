import type { INodeParameters } from 'n8n-workflow';

import { MANUAL_TRIGGER_TYPE, runWorkflow } from '../../../harness';
import type { WhapiStandIn } from '../../../whapi-stand-in';
import { GROUP, NODE_NAME, OTHER_GROUP, credentialTypes, nodeTypes, byId, runJoinRequests, startChannel } from '../../fixtures';

let whapi: WhapiStandIn;
beforeEach(async () => {
	whapi = await startChannel();
});
afterEach(async () => {
	await whapi.close();
});

const accept = (options: INodeParameters) => ({
	operation: 'accept',
	groupId: byId('={{ $json.group }}'),
	applicant: '={{ $json.phone }}',
	options,
});

describe('Options are read for each item', () => {
	it('Max Retries: each item retries as often as its own value says', async () => {
		whapi.addPending(GROUP, '15550100001');
		whapi.addPending(OTHER_GROUP, '15550100002');
		whapi.failNext(1, { status: 503, path: `${GROUP}/applications`, method: 'POST' });
		whapi.failNext(1, { status: 503, path: `${OTHER_GROUP}/applications`, method: 'POST' });
		const run = await runJoinRequests(
			whapi,
			accept({ maxRetries: '={{ $json.retries }}' }),
			[
				{ group: GROUP, phone: '15550100001', retries: 0 },
				{ group: OTHER_GROUP, phone: '15550100002', retries: 1 },
			],
			{ continueOnFail: true },
		);
		expect(run.outputOf(NODE_NAME)).toEqual([
			{ error: expect.stringContaining('Whapi') },
			{ groupId: OTHER_GROUP, applicant: '15550100002@s.whatsapp.net', decision: 'accepted', status: 'done' },
		]);
		expect(whapi.pending(GROUP)).toEqual(['15550100001@s.whatsapp.net']);
	});

	it('Error When Not Pending: each item follows its own value', async () => {
		const run = await runJoinRequests(
			whapi,
			accept({ failIfNotPending: '={{ $json.strict }}' }),
			[
				{ group: GROUP, phone: '15550100001', strict: false },
				{ group: GROUP, phone: '15550100002', strict: true },
			],
			{ continueOnFail: true },
		);
		expect(run.outputOf(NODE_NAME)).toEqual([
			{ groupId: GROUP, applicant: '15550100001@s.whatsapp.net', decision: 'accepted', status: 'not_pending' },
			{ error: `15550100002@s.whatsapp.net is no longer waiting to join group ${GROUP}` },
		]);
	});

	it.each([
		['Max Retries', { maxRetries: 11 }],
		['Max Retries', { maxRetries: '={{ "many" }}' }],
		['Error When Not Pending', { failIfNotPending: '={{ "yes" }}' }],
	])('a %s outside what the option allows is an error naming the item and the option', async (field, options) => {
		whapi.addPending(GROUP, '15550100001');
		const run = await runJoinRequests(whapi, accept(options), [{ group: GROUP, phone: '15550100001' }]);
		expect(run.executionError?.message).toMatch(new RegExp(`^Invalid ${field} in item 0: `));
		expect(whapi.pending(GROUP)).toEqual(['15550100001@s.whatsapp.net']);
	});
});

describe('a credential that cannot be read', () => {
	/** The node with no credential attached: n8n refuses to hand one out before the first item is read. */
	const runWithoutCredential = (continueOnFail: boolean) =>
		runWorkflow({
			workflow: {
				nodes: [
					{ id: 't', name: 'Start', type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
					{
						id: 'w',
						name: NODE_NAME,
						type: 'n8n-nodes-whapi-join-requests.whapiJoinRequests',
						typeVersion: 1,
						position: [200, 0],
						parameters: { operation: 'accept', groupId: byId(GROUP), applicant: '15550100001' },
						...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
					},
				],
				connections: { Start: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] } },
			},
			nodeTypes,
			credentials: {},
			credentialTypes,
		});

	it('with Continue On Fail, becomes an error item paired to the input item', async () => {
		const run = await runWithoutCredential(true);
		expect(run.executionError).toBeUndefined();
		expect(run.outputOf(NODE_NAME)).toEqual([{ error: expect.stringMatching(/credential/i) }]);
		expect(run.pairedItemsOf(NODE_NAME)).toEqual([[{ item: 0 }]]);
		expect(whapi.calls).toEqual([]);
	});

	it('without it, fails the execution with the credential error', async () => {
		const run = await runWithoutCredential(false);
		expect(run.executionError?.message).toMatch(/credential/i);
		expect(whapi.calls).toEqual([]);
	});
});
