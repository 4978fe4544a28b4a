import type { INodeParameters } from 'n8n-workflow';

import { readPending } from '../../../../../nodes/WhapiJoinRequests/actions/joinRequest/queue';
import type { WhapiTransport } from '../../../../../nodes/shared/transport';
import type { WhapiStandIn } from '../../../../whapi-stand-in';
import { GROUP, NODE_NAME, fromList, runJoinRequests, startChannel } from '../../../fixtures';

let whapi: WhapiStandIn;
beforeEach(async () => {
	whapi = await startChannel();
});
afterEach(async () => {
	await whapi.close();
});

const listCalls = () => whapi.calls.filter((c) => c.method === 'GET' && c.path.endsWith('/applications'));
const seed = (count: number) => Array.from({ length: count }, (_, i) => whapi.addPending(GROUP, `1555060${String(i).padStart(4, '0')}`));
// An entry the node cannot read (no chat ID): Whapi's list is only loosely specified.
const addUnreadable = (at: number) => whapi.groups.get(GROUP)?.queue.splice(at, 0, { chatId: '', requestMethod: 'invite_link', timestamp: 1 });
const list = (extra: INodeParameters = { returnAll: true }) => ({ operation: 'list', groupId: fromList(GROUP), ...extra });

describe('List paging', () => {
	it('advances the offset by the entries received, so an unreadable entry brings no applicant back twice', async () => {
		const chatIds = seed(501);
		addUnreadable(10);
		const run = await runJoinRequests(whapi, list());
		expect(run.outputOf(NODE_NAME).map((o) => o.applicant)).toEqual(chatIds);
		expect(listCalls().map((c) => c.query.offset)).toEqual(['0', '500']);
	});

	it('ends against a server that ignores offset and gives no total, listing each applicant once', async () => {
		whapi.options.ignoreOffset = true;
		whapi.options.bareArray = true;
		const chatIds = seed(700);
		const run = await runJoinRequests(whapi, list());
		expect(run.executionError).toBeUndefined();
		expect(run.outputOf(NODE_NAME).map((o) => o.applicant)).toEqual(chatIds.slice(0, 500));
		expect(listCalls()).toHaveLength(2);
	}, 15_000);

	it.each([0, -3, 2.5, '={{ "ten" }}', '={{ null }}'])('refuses Limit %p, naming the item, before any call', async (limit) => {
		seed(3);
		const run = await runJoinRequests(whapi, list({ returnAll: false, limit }));
		expect(run.executionError?.message).toMatch(/^Invalid Limit in item 0: .* is not a whole number 1 or more\./);
		expect(listCalls()).toEqual([]);
	});
});

describe('the not-pending check after a refused decision', () => {
	it('ends against a server that ignores offset and gives no total', async () => {
		whapi.options.ignoreOffset = true;
		whapi.options.bareArray = true;
		seed(700);
		const run = await runJoinRequests(whapi, { operation: 'reject', groupId: fromList(GROUP), applicant: '+1 555 070 0000' });
		expect(run.executionError).toBeUndefined();
		expect(run.outputOf(NODE_NAME)).toEqual([
			{ groupId: GROUP, applicant: '15550700000@s.whatsapp.net', decision: 'rejected', status: 'not_pending' },
		]);
		expect(listCalls()).toHaveLength(2);
	}, 15_000);
});

describe('a queue that never ends', () => {
	it('stops after 200 pages, naming the group', async () => {
		let calls = 0;
		// Always another full page of new applicants, and never a total.
		const transport = {
			concurrency: 1,
			request: async ({ qs }: { qs: { count: number; offset: number } }) => {
				calls++;
				return { applications: Array.from({ length: qs.count }, (_, i) => ({ chatId: `1555${String(qs.offset + i).padStart(8, '0')}` })) };
			},
		} as unknown as WhapiTransport;
		await expect(readPending(transport, GROUP, 0)).rejects.toThrow(
			`Could not read the pending requests of group ${GROUP}: Whapi still had more after 200 pages of up to 500. Try again later.`,
		);
		expect(calls).toBe(200);
	});
});
