import type { WhapiStandIn } from '../../../../whapi-stand-in';
import { GROUP, NODE_NAME, fromList, runJoinRequests, startChannel } from '../../../fixtures';

let whapi: WhapiStandIn;
beforeEach(async () => {
	whapi = await startChannel();
	whapi.addPending(GROUP, '15550100001');
});
afterEach(async () => {
	await whapi.close();
});

const APPLICANT = '15550100001@s.whatsapp.net';
const decide = (operation: string, failIfNotPending = true) => ({
	operation,
	groupId: fromList(GROUP),
	applicant: '+1 555 010 0001',
	approve: operation === 'decide' ? true : undefined,
	options: { failIfNotPending },
});

describe('a decision whose answer was lost after it took effect', () => {
	it.each([
		['accept', 502, 'accepted'],
		['reject', 'reset', 'rejected'],
		['decide', 504, 'accepted'],
		['accept', 500, 'accepted'],
	] as const)('%s, answer lost as %p: the retry hears "not pending", the item is done, Error When Not Pending stays quiet', async (operation, lostAnswer, decision) => {
		whapi.failNext(1, { lostAnswer, method: decision === 'accepted' ? 'POST' : 'DELETE' });
		const run = await runJoinRequests(whapi, decide(operation));
		expect(run.executionError).toBeUndefined();
		expect(run.outputOf(NODE_NAME)).toEqual([{ groupId: GROUP, applicant: APPLICANT, decision, status: 'done' }]);
		// Whapi decided once (the lost answer), and the retry found nobody left to decide.
		expect(whapi.decisions.map((d) => d.outcome)).toEqual(['done', 'not_pending']);
		expect(whapi.pending(GROUP)).toEqual([]);
	});

	it('is done with Error When Not Pending off too', async () => {
		whapi.failNext(1, { lostAnswer: 502, method: 'POST' });
		const run = await runJoinRequests(whapi, decide('accept', false));
		expect(run.outputOf(NODE_NAME)).toEqual([{ groupId: GROUP, applicant: APPLICANT, decision: 'accepted', status: 'done' }]);
	});

	it('after a rate limit, whose outcome is known (nothing was done), "not pending" stays not_pending', async () => {
		whapi.failNext(1, { status: 429, retryAfter: 0, method: 'POST' });
		// Someone else decides the applicant between the rate limit and the retry.
		whapi.once('call', () => whapi.groups.get(GROUP)?.queue.splice(0));
		const quiet = await runJoinRequests(whapi, decide('accept', false));
		expect(quiet.outputOf(NODE_NAME)).toEqual([{ groupId: GROUP, applicant: APPLICANT, decision: 'accepted', status: 'not_pending' }]);

		whapi.addPending(GROUP, '15550100001');
		whapi.failNext(1, { status: 429, retryAfter: 0, method: 'POST' });
		whapi.once('call', () => whapi.groups.get(GROUP)?.queue.splice(0));
		const strict = await runJoinRequests(whapi, decide('accept', true));
		expect(strict.executionError?.message).toBe(`${APPLICANT} is no longer waiting to join group ${GROUP}`);
	});

	// The retries run out, but the attempt whose answer was lost had decided the applicant: the
	// queue says so, and the item must not be reported failed (a sweep would find nobody to decide).
	it.each([
		['a 502 and no retry left', 0, [{ lostAnswer: 502 }]],
		['a reset and no retry left', 0, [{ lostAnswer: 'reset' }]],
		['a lost answer, then 503s until the retries run out', 2, [{ lostAnswer: 502 }, { status: 503 }, { status: 503 }]],
		['a lost answer, then resets until the retries run out', 1, [{ lostAnswer: 504 }, { reset: true }]],
	] as const)('%s: the queue is consulted, the applicant is gone, the item is done', async (_name, maxRetries, faults) => {
		for (const fault of faults) whapi.failNext(1, { ...fault, method: 'POST' });
		const run = await runJoinRequests(whapi, { ...decide('accept'), options: { failIfNotPending: true, maxRetries } });
		expect(run.executionError).toBeUndefined();
		expect(run.outputOf(NODE_NAME)).toEqual([{ groupId: GROUP, applicant: APPLICANT, decision: 'accepted', status: 'done' }]);
		expect(whapi.decisions.filter((d) => d.outcome === 'done')).toHaveLength(1);
		expect(whapi.calls.filter((c) => c.method === 'GET' && c.path.endsWith('/applications'))).toHaveLength(1);
	});

	it.each([
		['a 502 that was not carried out', { status: 502 }],
		['a reset before the request was carried out', { reset: true }],
	] as const)('%s, no retry left: the applicant still waits, so the item fails naming them', async (_name, fault) => {
		whapi.failNext(1, { ...fault, method: 'POST' });
		const run = await runJoinRequests(whapi, { ...decide('accept'), options: { failIfNotPending: true, maxRetries: 0 } });
		expect(run.outputOf(NODE_NAME)).toEqual([]);
		expect(`${run.executionError?.message} ${run.executionError?.description}`).toContain(`(applicant ${APPLICANT})`);
		expect(whapi.pending(GROUP)).toEqual([APPLICANT]);
	});

	it('when the queue cannot be read either, the item fails with the decision\'s error', async () => {
		whapi.failNext(1, { lostAnswer: 502, method: 'POST' });
		whapi.failNext(1, { status: 401, method: 'GET', path: '/applications' });
		const run = await runJoinRequests(whapi, { ...decide('accept'), options: { failIfNotPending: true, maxRetries: 0 } });
		expect(run.outputOf(NODE_NAME)).toEqual([]);
		expect(run.executionError).toMatchObject({ httpCode: '502' });
		expect(run.executionError?.message).toContain(`(applicant ${APPLICANT})`);
	});
});
