/**
 * Bulk decisions with Parallel Requests and Max Requests per Second, run through n8n-core
 * against the stand-in: output order, pairing, Continue On Fail per item and retries stay as in
 * the sequential loop; a 429 holds back every call of the execution.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { WhapiStandIn } from '../../../whapi-stand-in';
import { GROUP, NODE_NAME, NOT_ADMIN_GROUP, fromList, runJoinRequests, startChannel } from '../../fixtures';

let whapi: WhapiStandIn;
/** Every Whapi call as it arrives: path, method and time, and how many were in flight then. */
let arrivals: Array<{ method: string; path: string; at: number; inFlight: number }>;
let answered: Array<{ method: string; path: string; status: number; at: number }>;
let inFlight: number;

beforeEach(async () => {
	whapi = await startChannel();
	arrivals = [];
	answered = [];
	inFlight = 0;
	whapi.on('received', (call) => {
		inFlight++;
		arrivals.push({ method: call.method, path: call.path, at: Date.now(), inFlight });
	});
	whapi.on('call', (call) => {
		inFlight--;
		answered.push({ method: call.method, path: call.path, status: call.status, at: Date.now() });
	});
});
afterEach(async () => {
	await whapi.close();
});

const applicants = (n: number) => Array.from({ length: n }, (_, i) => `1555020${String(i).padStart(4, '0')}`);
const decisionsArrived = () => arrivals.filter((a) => a.path.includes('/applications') && a.method !== 'GET');

function seed(list: string[]) {
	for (const applicant of list) whapi.addPending(GROUP, applicant);
}

const decide = (options: INodeParameters = {}): INodeParameters => ({
	operation: 'decide',
	groupId: fromList(GROUP),
	applicant: '={{ $json.applicant }}',
	approve: '={{ $json.approve }}',
	options,
});

describe('Parallel Requests', () => {
	it('decides many items at once, at most that many in flight, output in input order and paired', async () => {
		const list = applicants(12);
		seed(list);
		whapi.latency(40);
		const items = list.map((applicant, i) => ({ applicant, approve: i % 3 !== 0 }));
		const run = await runJoinRequests(whapi, decide({ parallelRequests: 4 }), items);
		expect(run.executionError).toBeUndefined();
		expect(run.outputOf(NODE_NAME)).toEqual(
			list.map((applicant, i) => ({
				groupId: GROUP,
				applicant: `${applicant}@s.whatsapp.net`,
				decision: i % 3 !== 0 ? 'accepted' : 'rejected',
				status: 'done',
			})),
		);
		expect(run.pairedItemsOf(NODE_NAME)).toEqual(list.map((_, i) => [{ item: i }]));
		const peak = Math.max(...decisionsArrived().map((a) => a.inFlight));
		expect(peak).toBe(4);
		expect(whapi.pending(GROUP)).toEqual([]);
	});

	it('1 keeps the sequential loop: one call at a time, in item order', async () => {
		const list = applicants(5);
		seed(list);
		whapi.latency(20);
		const run = await runJoinRequests(whapi, decide({ parallelRequests: 1 }), list.map((applicant) => ({ applicant, approve: true })));
		expect(run.executionError).toBeUndefined();
		expect(Math.max(...decisionsArrived().map((a) => a.inFlight))).toBe(1);
		expect(decisionsArrived()).toHaveLength(5);
		expect(whapi.calls.filter((c) => c.method === 'POST').map((c) => c.body.application)).toEqual(list.map((a) => `${a}@s.whatsapp.net`));
	});

	it('Continue On Fail: each failing item gets its own error item, in its place, paired; the others are decided', async () => {
		const list = applicants(6);
		seed(list);
		whapi.latency(20);
		const items = list.map((applicant, i) => ({ applicant: i === 1 ? 'not a number' : applicant, approve: true }));
		const run = await runJoinRequests(
			whapi,
			{ ...decide({ parallelRequests: 3 }), groupId: '={{ $json.group }}' },
			items.map((item, i) => ({ ...item, group: i === 4 ? NOT_ADMIN_GROUP : GROUP })),
			{ continueOnFail: true },
		);
		expect(run.executionError).toBeUndefined();
		const out = run.outputOf(NODE_NAME);
		expect(out).toHaveLength(6);
		expect(out[1]).toEqual({ error: expect.stringMatching(/Applicant/) });
		expect(out[4]).toEqual({ error: expect.stringMatching(/admin/i) });
		for (const i of [0, 2, 3, 5]) expect(out[i]).toMatchObject({ applicant: `${list[i]}@s.whatsapp.net`, status: 'done' });
		expect(run.pairedItemsOf(NODE_NAME)).toEqual(list.map((_, i) => [{ item: i }]));
	});

	it('without Continue On Fail, the execution fails on the lowest failing item and starts no item after it', async () => {
		const list = applicants(10);
		seed(list);
		whapi.latency(30);
		const items = list.map((applicant, i) => ({ applicant: i === 2 ? 'nope' : applicant, approve: true }));
		const run = await runJoinRequests(whapi, decide({ parallelRequests: 3 }), items);
		expect(run.executionError).toMatchObject({ context: { itemIndex: 2 } });
		// Items 0 and 1 were under way; the items read ahead (3 to 5) call nothing.
		const decided = whapi.calls.filter((c) => c.method === 'POST').map((c) => c.body.application);
		expect(decided.sort()).toEqual([list[0], list[1]].map((a) => `${a}@s.whatsapp.net`));
		expect(whapi.pending(GROUP)).toHaveLength(8);
	});

	it('without Continue On Fail, calls waiting for their turn when an item fails are not sent', async () => {
		const list = applicants(6);
		seed(list);
		// Paced at 5 a second: item 1 and the items read ahead wait for their turn while
		// item 0's call is refused (not an admin of that group).
		const items = list.map((applicant, i) => ({ applicant, approve: true, group: i === 0 ? NOT_ADMIN_GROUP : GROUP }));
		const run = await runJoinRequests(whapi, { ...decide({ parallelRequests: 2, maxRequestsPerSecond: 5 }), groupId: '={{ $json.group }}' }, items);
		expect(run.executionError).toMatchObject({ context: { itemIndex: 0 } });
		expect(decisionsArrived().map((a) => a.path)).toEqual([`/groups/${NOT_ADMIN_GROUP}/applications`]);
		expect(whapi.pending(GROUP)).toHaveLength(6);
	});

	it('a 429 pauses every call of the execution for its Retry-After, then each item is decided once', async () => {
		const list = applicants(8);
		seed(list);
		whapi.latency(30);
		whapi.failNext(1, { status: 429, retryAfter: 1, path: '/applications', method: 'POST' });
		const run = await runJoinRequests(whapi, decide({ parallelRequests: 3 }), list.map((applicant) => ({ applicant, approve: true })));
		expect(run.executionError).toBeUndefined();
		expect(run.outputOf(NODE_NAME).map((o) => o.status)).toEqual(list.map(() => 'done'));
		const limited = answered.find((a) => a.status === 429);
		expect(limited).toBeDefined();
		// No call started while the pause was on (calls already in flight finish normally).
		const during = decisionsArrived().filter((a) => a.at > limited!.at && a.at < limited!.at + 900);
		expect(during).toEqual([]);
		expect(decisionsArrived()).toHaveLength(9);
		expect(whapi.decisions.filter((d) => d.outcome === 'done')).toHaveLength(8);
	});
});

describe('Max Requests per Second', () => {
	it('spreads call starts evenly, whatever Parallel Requests allows', async () => {
		const list = applicants(5);
		seed(list);
		const t0 = Date.now();
		const run = await runJoinRequests(
			whapi,
			decide({ parallelRequests: 5, maxRequestsPerSecond: 10 }),
			list.map((applicant) => ({ applicant, approve: true })),
		);
		expect(run.executionError).toBeUndefined();
		// 10 per second: the fifth call cannot start before 400 ms (arrival times jitter under load,
		// so the gaps themselves are checked in the gate's own test).
		const arrived = decisionsArrived().map((a) => a.at - t0);
		expect(arrived).toHaveLength(5);
		expect(Math.max(...arrived)).toBeGreaterThanOrEqual(400);
	});
});

describe('List with Parallel Requests', () => {
	it('fetches the pages after the first together once the total is known', async () => {
		const list = Array.from({ length: 1700 }, (_, i) => `1555030${String(i).padStart(4, '0')}`);
		seed(list);
		whapi.latency(40);
		const run = await runJoinRequests(whapi, { operation: 'list', groupId: fromList(GROUP), returnAll: true, options: { parallelRequests: 3 } });
		expect(run.outputOf(NODE_NAME).map((o) => o.applicant)).toEqual(list.map((a) => `${a}@s.whatsapp.net`));
		const pages = arrivals.filter((a) => a.path.includes('/applications'));
		expect(pages).toHaveLength(4);
		expect(pages[0].inFlight).toBe(1);
		expect(Math.max(...pages.map((p) => p.inFlight))).toBe(3);
	});
});
