import { WhapiJoinRequests } from '../../../../../nodes/WhapiJoinRequests/WhapiJoinRequests.node';
import { listSearch, loadOptions } from '../../../../harness';
import type { WhapiStandIn } from '../../../../whapi-stand-in';
import { GROUP, NODE_NAME, NOT_ADMIN_GROUP, OTHER_GROUP, credentialTypes, credentialsFor, fromList, runJoinRequests, startChannel } from '../../../fixtures';

let whapi: WhapiStandIn;
beforeEach(async () => {
	whapi = await startChannel();
});
afterEach(async () => {
	await whapi.close();
});

const listCalls = () => whapi.calls.filter((c) => c.method === 'GET' && c.path.endsWith('/applications'));

function seed(count: number, group = GROUP): string[] {
	const base = 1_700_000_000;
	return Array.from({ length: count }, (_, i) =>
		whapi.addPending(group, `1555040${String(i).padStart(4, '0')}`, { timestamp: base + i, requestMethod: 'invite_link' }),
	);
}

describe('List', () => {
	it('Return All pages through count/offset until total: 260 pending, every one once, in order', async () => {
		const chatIds = seed(260);
		const run = await runJoinRequests(whapi, { operation: 'list', groupId: fromList(GROUP), returnAll: true });
		expect(run.executionError).toBeUndefined();
		const output = run.outputOf(NODE_NAME);
		expect(output.map((o) => o.applicant)).toEqual(chatIds);
		expect(output[5]).toEqual({
			groupId: GROUP,
			applicant: chatIds[5],
			phone: chatIds[5].replace('@s.whatsapp.net', ''),
			lid: null,
			requestMethod: 'invite_link',
			requestedAt: new Date((1_700_000_000 + 5) * 1000).toISOString(),
		});
		expect(run.pairedItemsOf(NODE_NAME).every((p) => p.length === 1 && p[0].item === 0)).toBe(true);
		// One page of Whapi's maximum 500 holds them all.
		expect(listCalls().map((c) => [c.query.count, c.query.offset])).toEqual([['500', '0']]);
	});

	it('Return All over more than one page of 500', async () => {
		const chatIds = seed(1203);
		const run = await runJoinRequests(whapi, { operation: 'list', groupId: fromList(GROUP), returnAll: true });
		expect(run.outputOf(NODE_NAME).map((o) => o.applicant)).toEqual(chatIds);
		// The first page tells the total; the other pages are fetched together, in any order.
		const pages = listCalls().map((c) => [c.query.count, c.query.offset]);
		expect(pages[0]).toEqual(['500', '0']);
		expect(pages.sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
			['500', '0'],
			['500', '500'],
			['500', '1000'],
		]);
	});

	it('Return All over a bare array (no total): a full page asks for more, the short one ends it', async () => {
		whapi.options.bareArray = true;
		const chatIds = seed(501);
		const run = await runJoinRequests(whapi, { operation: 'list', groupId: fromList(GROUP), returnAll: true });
		expect(run.outputOf(NODE_NAME).map((o) => o.applicant)).toEqual(chatIds);
		expect(listCalls().map((c) => c.query.offset)).toEqual(['0', '500']);
	});

	it('Limit returns at most that many (default 50) and asks for no more than needed', async () => {
		const chatIds = seed(120);
		const byDefault = await runJoinRequests(whapi, { operation: 'list', groupId: fromList(GROUP) });
		expect(byDefault.outputOf(NODE_NAME).map((o) => o.applicant)).toEqual(chatIds.slice(0, 50));
		expect(listCalls().map((c) => c.query.count)).toEqual(['50']);
		const seven = await runJoinRequests(whapi, { operation: 'list', groupId: fromList(GROUP), limit: 7 });
		expect(seven.outputOf(NODE_NAME)).toHaveLength(7);
	});

	it('an empty queue gives no items and no error', async () => {
		const run = await runJoinRequests(whapi, { operation: 'list', groupId: fromList(OTHER_GROUP), returnAll: true });
		expect(run.executionError).toBeUndefined();
		expect(run.outputOf(NODE_NAME)).toEqual([]);
	});

	it('describes @lid applicants with lid set and phone null', async () => {
		whapi.addPending(GROUP, '99887766554433@lid', { timestamp: 1_700_000_000 });
		const run = await runJoinRequests(whapi, { operation: 'list', groupId: fromList(GROUP), returnAll: true });
		expect(run.outputOf(NODE_NAME)).toEqual([
			expect.objectContaining({ applicant: '99887766554433@lid', phone: null, lid: '99887766554433@lid' }),
		]);
	});

	it.each([
		['chat_id', false],
		['chatId', true],
	] as const)('reads the unverified answer shapes too (key %s, bare array %s)', async (listKey, bareArray) => {
		whapi.options.listKey = listKey;
		whapi.options.bareArray = bareArray;
		const chatIds = seed(3);
		const run = await runJoinRequests(whapi, { operation: 'list', groupId: fromList(GROUP), returnAll: true });
		expect(run.outputOf(NODE_NAME).map((o) => o.applicant)).toEqual(chatIds);
	});

	it('lists each input item\'s group, paired to that item', async () => {
		seed(2, GROUP);
		seed(3, OTHER_GROUP);
		const run = await runJoinRequests(
			whapi,
			{ operation: 'list', groupId: { __rl: true, mode: 'id', value: '={{ $json.group }}' }, returnAll: true },
			[{ group: GROUP }, { group: OTHER_GROUP }],
		);
		const output = run.outputOf(NODE_NAME);
		expect(output.map((o) => o.groupId)).toEqual([GROUP, GROUP, OTHER_GROUP, OTHER_GROUP, OTHER_GROUP]);
		expect(run.pairedItemsOf(NODE_NAME).map((p) => p[0].item)).toEqual([0, 0, 1, 1, 1]);
	});

	it('Continue On Fail: the error item of a failing group is paired with its input among the listed ones', async () => {
		seed(2, GROUP);
		seed(3, OTHER_GROUP);
		const run = await runJoinRequests(
			whapi,
			{ operation: 'list', groupId: { __rl: true, mode: 'id', value: '={{ $json.group }}' }, returnAll: true },
			[{ group: GROUP }, { group: NOT_ADMIN_GROUP }, { group: OTHER_GROUP }],
			{ continueOnFail: true },
		);
		expect(run.executionError).toBeUndefined();
		const output = run.outputOf(NODE_NAME);
		expect(output[2]).toEqual({ error: expect.stringContaining(`not an admin of group ${NOT_ADMIN_GROUP}`) });
		expect(run.pairedItemsOf(NODE_NAME)).toEqual([[{ item: 0 }], [{ item: 0 }], [{ item: 1 }], [{ item: 2 }], [{ item: 2 }], [{ item: 2 }]]);
	});

	it('a 403 on listing names the group and the admin fix', async () => {
		const run = await runJoinRequests(whapi, { operation: 'list', groupId: fromList(NOT_ADMIN_GROUP), returnAll: true });
		expect(run.executionError?.message).toContain(`not an admin of group ${NOT_ADMIN_GROUP}`);
	});
});

describe('Group picker', () => {
	const nodeType = new WhapiJoinRequests();

	it('lists the channel\'s groups, admin groups first, searchable by name', async () => {
		const all = await listSearch('searchGroups', { nodeType, credentials: credentialsFor(whapi), credentialTypes });
		expect(all.results).toEqual([
			{ name: 'Beta testers', value: OTHER_GROUP },
			{ name: 'Cohort A', value: GROUP },
			{ name: 'Alumni (channel is not an admin: cannot decide)', value: NOT_ADMIN_GROUP },
		]);
		const filtered = await listSearch('searchGroups', { nodeType, filter: 'coh', credentials: credentialsFor(whapi), credentialTypes });
		expect(filtered.results).toEqual([{ name: 'Cohort A', value: GROUP }]);
		// The status read does not wake a stopped channel.
		expect(whapi.calls.filter((c) => c.path === '/health').every((c) => c.query.wakeup === 'false')).toBe(true);
	});

	it('answers an empty list, not an error, while the editor has not attached the credential yet', async () => {
		const result = await listSearch('searchGroups', { nodeType, nodeCredentials: {}, credentials: credentialsFor(whapi), credentialTypes });
		expect(result).toEqual({ results: [] });
		expect(await loadOptions('getGroups', { nodeType, nodeCredentials: {}, credentials: credentialsFor(whapi), credentialTypes })).toEqual([]);
		expect(whapi.calls).toHaveLength(0);
	});

	it('pages through every group', async () => {
		for (let i = 0; i < 620; i++) whapi.addGroup({ id: `1203639${String(i).padStart(11, '0')}@g.us`, name: `Group ${i}` });
		const options = await loadOptions('getGroups', { nodeType, credentials: credentialsFor(whapi), credentialTypes });
		expect(options).toHaveLength(623);
		expect(whapi.calls.filter((c) => c.path === '/groups').map((c) => c.query.offset)).toEqual(['0', '500']);
	});
});
