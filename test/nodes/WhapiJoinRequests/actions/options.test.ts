import type { IExecuteFunctions, INodeParameters } from 'n8n-workflow';

import { optionsReader } from '../../../../nodes/WhapiJoinRequests/actions/options';

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

describe('Options without an expression', () => {
	it('are read once for the whole execution, the same for every item', () => {
		const reads: number[] = [];
		const context = {
			getNode: () => ({ parameters: { options: { maxRetries: 2, failIfNotPending: true } } }),
			getNodeParameter: (_name: string, itemIndex: number) => {
				reads.push(itemIndex);
				return { maxRetries: 2, failIfNotPending: true };
			},
		} as unknown as IExecuteFunctions;
		const read = optionsReader(context);
		const expected = { maxRetries: 2, failIfNotPending: true, defaultCountryCode: '', resolvePhoneNumbers: true };
		for (const itemIndex of [0, 1, 2]) expect(read(itemIndex)).toEqual(expected);
		expect(reads).toEqual([0]);
	});

	it('are read once when they hold plain text that is not an expression', () => {
		const reads: number[] = [];
		const context = {
			getNode: () => ({ parameters: { options: { defaultCountryCode: '44' } } }),
			getNodeParameter: (_name: string, itemIndex: number) => {
				reads.push(itemIndex);
				return { defaultCountryCode: '44' };
			},
		} as unknown as IExecuteFunctions;
		const read = optionsReader(context);
		for (const itemIndex of [0, 1, 2]) read(itemIndex);
		expect(reads).toEqual([0]);
	});

	it.each([
		['a top-level option', { defaultCountryCode: '={{ $json.cc }}' }],
		['one option among plain ones', { maxRetries: 2, defaultCountryCode: '={{ $json.cc }}' }],
		['a nested value', { nested: { list: ['plain', '={{ 1 }}'] } }],
	])('are read for each item when %s is an expression', (_label, options) => {
		const reads: number[] = [];
		const context = {
			getNode: () => ({ parameters: { options } }),
			getNodeParameter: (_name: string, itemIndex: number) => {
				reads.push(itemIndex);
				return {};
			},
		} as unknown as IExecuteFunctions;
		const read = optionsReader(context);
		for (const itemIndex of [0, 1, 2]) read(itemIndex);
		expect(reads).toEqual([0, 1, 2]);
	});

	it('out of range: with Continue On Fail, every item fails naming its own index, and nothing is sent', async () => {
		whapi.addPending(GROUP, '15550100001');
		whapi.addPending(GROUP, '15550100002');
		const run = await runJoinRequests(
			whapi,
			accept({ maxRetries: 11 }),
			[
				{ group: GROUP, phone: '15550100001' },
				{ group: GROUP, phone: '15550100002' },
			],
			{ continueOnFail: true },
		);
		expect(run.outputOf(NODE_NAME)).toEqual([
			{ error: expect.stringMatching(/^Invalid Max Retries in item 0: /) },
			{ error: expect.stringMatching(/^Invalid Max Retries in item 1: /) },
		]);
		expect(whapi.pending(GROUP)).toEqual(['15550100001@s.whatsapp.net', '15550100002@s.whatsapp.net']);
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
