import type { WhapiStandIn } from '../../../../whapi-stand-in';
import { GROUP, NODE_NAME, NOT_ADMIN_GROUP, OTHER_GROUP, TOKEN, byId, fromList, runJoinRequests, startChannel } from '../../../fixtures';

let whapi: WhapiStandIn;
beforeEach(async () => {
	whapi = await startChannel();
});
afterEach(async () => {
	await whapi.close();
});

const decisionCalls = () => whapi.calls.filter((c) => c.path.endsWith('/applications') && c.method !== 'GET');

describe('Accept and Reject', () => {
	it('accepts one applicant per input item and moves them out of the queue', async () => {
		whapi.addPending(GROUP, '15550100001');
		whapi.addPending(GROUP, '15550100002');
		whapi.addPending(GROUP, '15550100003');
		const run = await runJoinRequests(
			whapi,
			{ operation: 'accept', groupId: fromList(GROUP), applicant: '={{ $json.phone }}' },
			[{ phone: '+1 (555) 010-0001' }, { phone: '15550100002@s.whatsapp.net' }],
		);
		expect(run.executionError).toBeUndefined();
		expect(run.outputOf(NODE_NAME)).toEqual([
			{ groupId: GROUP, applicant: '15550100001@s.whatsapp.net', decision: 'accepted', status: 'done' },
			{ groupId: GROUP, applicant: '15550100002@s.whatsapp.net', decision: 'accepted', status: 'done' },
		]);
		expect(run.pairedItemsOf(NODE_NAME)).toEqual([[{ item: 0 }], [{ item: 1 }]]);
		expect(whapi.pending(GROUP)).toEqual(['15550100003@s.whatsapp.net']);
		expect(decisionCalls().map((c) => [c.method, c.body])).toEqual([
			['POST', { application: '15550100001@s.whatsapp.net' }],
			['POST', { application: '15550100002@s.whatsapp.net' }],
		]);
	});

	it('rejects with a DELETE carrying the applicant, an ID typed without @g.us included', async () => {
		whapi.addPending(GROUP, '4917612345678');
		const run = await runJoinRequests(whapi, {
			operation: 'reject',
			groupId: byId(GROUP.replace('@g.us', '')),
			applicant: '+49 176 12345678',
		});
		expect(run.outputOf(NODE_NAME)).toEqual([
			{ groupId: GROUP, applicant: '4917612345678@s.whatsapp.net', decision: 'rejected', status: 'done' },
		]);
		expect(whapi.decisions).toEqual([
			{ groupId: GROUP, applicant: '4917612345678@s.whatsapp.net', decision: 'rejected', outcome: 'done' },
		]);
		expect(whapi.pending(GROUP)).toEqual([]);
	});

	it('decides an @lid applicant as given', async () => {
		whapi.addPending(GROUP, '271828182845904@lid');
		const run = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: '271828182845904@lid' });
		expect(run.outputOf(NODE_NAME)[0]).toMatchObject({ applicant: '271828182845904@lid', status: 'done' });
		expect(decisionCalls()[0].body).toEqual({ application: '271828182845904@lid' });
	});

	it('sends the token only as a Bearer header', async () => {
		whapi.addPending(GROUP, '15550100001');
		await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: '15550100001' });
		const call = decisionCalls()[0];
		expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(JSON.stringify(call.query)).not.toContain(TOKEN);
	});
});

describe('Decide', () => {
	it('accepts where approve is true and rejects where it is false, over many items and groups', async () => {
		const applicants = Array.from({ length: 40 }, (_, i) => ({
			phone: `1555020${String(i).padStart(4, '0')}`,
			group: i % 3 === 0 ? OTHER_GROUP : GROUP,
			allowed: i % 2 === 0,
		}));
		for (const a of applicants) whapi.addPending(a.group, a.phone);
		const run = await runJoinRequests(
			whapi,
			{ operation: 'decide', groupId: byId('={{ $json.group }}'), applicant: '={{ $json.phone }}', approve: '={{ $json.allowed }}' },
			applicants,
		);
		expect(run.executionError).toBeUndefined();
		const output = run.outputOf(NODE_NAME);
		expect(output).toHaveLength(applicants.length);
		applicants.forEach((a, i) => {
			expect(output[i]).toEqual({
				groupId: a.group,
				applicant: `${a.phone}@s.whatsapp.net`,
				decision: a.allowed ? 'accepted' : 'rejected',
				status: 'done',
			});
		});
		expect(run.pairedItemsOf(NODE_NAME)).toEqual(applicants.map((_, i) => [{ item: i }]));
		// Exactly one decision per applicant, each the right way round.
		expect(whapi.decisions).toHaveLength(applicants.length);
		for (const a of applicants) {
			const made = whapi.decisions.filter((d) => d.applicant === `${a.phone}@s.whatsapp.net`);
			expect(made).toEqual([{ groupId: a.group, applicant: `${a.phone}@s.whatsapp.net`, decision: a.allowed ? 'accepted' : 'rejected', outcome: 'done' }]);
		}
		expect(whapi.pending(GROUP)).toEqual([]);
		expect(whapi.pending(OTHER_GROUP)).toEqual([]);
	});

	it('decrypts the credential once for the whole execution', async () => {
		const items = Array.from({ length: 5 }, (_, i) => ({ phone: `1555030000${i}` }));
		for (const item of items) whapi.addPending(GROUP, item.phone);
		const run = await runJoinRequests(whapi, { operation: 'decide', groupId: fromList(GROUP), applicant: '={{ $json.phone }}', approve: true }, items);
		expect(run.outputOf(NODE_NAME)).toHaveLength(5);
		expect(run.decryptCount).toBe(1);
	});

	it('an expression yielding the text "true" accepts and "false" rejects', async () => {
		whapi.addPending(GROUP, '15550100001');
		whapi.addPending(GROUP, '15550100002');
		const run = await runJoinRequests(
			whapi,
			{ operation: 'decide', groupId: fromList(GROUP), applicant: '={{ $json.phone }}', approve: '={{ $json.ok }}' },
			[{ phone: '15550100001', ok: 'true' }, { phone: '15550100002', ok: 'false' }],
		);
		expect(run.executionError).toBeUndefined();
		expect(whapi.decisions.map((d) => [d.applicant, d.decision])).toEqual([
			['15550100001@s.whatsapp.net', 'accepted'],
			['15550100002@s.whatsapp.net', 'rejected'],
		]);
	});

	it('an Approve that is neither true nor false is refused, naming the item, before any call', async () => {
		whapi.addPending(GROUP, '15550100001');
		const run = await runJoinRequests(
			whapi,
			{ operation: 'decide', groupId: fromList(GROUP), applicant: '15550100001', approve: '={{ $json.ok }}' },
			[{ ok: 'maybe' }],
		);
		expect(run.executionError?.message).toMatch(/Approve of item 0 must be true or false/);
		expect(decisionCalls()).toHaveLength(0);
	});
});

describe('An applicant no longer pending', () => {
	it('is not a failure: status "not_pending", so deciding twice is harmless', async () => {
		whapi.addPending(GROUP, '15550100001');
		const first = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: '15550100001' });
		const second = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: '15550100001' });
		expect(first.outputOf(NODE_NAME)[0].status).toBe('done');
		expect(second.executionError).toBeUndefined();
		expect(second.outputOf(NODE_NAME)).toEqual([
			{ groupId: GROUP, applicant: '15550100001@s.whatsapp.net', decision: 'accepted', status: 'not_pending' },
		]);
		expect(whapi.decisions.map((d) => d.outcome)).toEqual(['done', 'not_pending']);
	});

	it('is an error naming the applicant when "Error When Not Pending" is on', async () => {
		const run = await runJoinRequests(whapi, {
			operation: 'reject',
			groupId: fromList(GROUP),
			applicant: '15550100009',
			options: { failIfNotPending: true },
		});
		expect(run.executionError?.message).toBe(`15550100009@s.whatsapp.net is no longer waiting to join group ${GROUP}`);
		expect(run.executionError?.context).toMatchObject({ itemIndex: 0 });
		expect(run.executionError?.description).toBe(
			'The request was already accepted or rejected, or the applicant withdrew it. Turn off "Error When Not Pending" to treat this as done.',
		);
	});

	it('a refusal that cannot mean "not pending" (403) fails at once, without reading the queue', async () => {
		const run = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(NOT_ADMIN_GROUP), applicant: '15550100009' });
		expect(run.executionError).toMatchObject({ httpCode: '403' });
		expect(whapi.calls.filter((c) => c.method === 'GET' && c.path.endsWith('/applications'))).toEqual([]);
	});

	it('a 300 answer is a failure, not a decision', async () => {
		whapi.addPending(GROUP, '15550100001');
		whapi.failNext(1, { status: 300, method: 'POST' });
		const run = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: '15550100001' });
		expect(run.executionError).toMatchObject({ httpCode: '300' });
		expect(run.outputOf(NODE_NAME)).toEqual([]);
	});

	it('a success:false for an applicant still pending is reported as a failure, never as success', async () => {
		whapi.addPending(GROUP, '15550100001');
		whapi.failNext(1, { successFalse: true, error: 'internal hiccup' });
		const run = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: '15550100001' });
		expect(run.executionError?.message).toMatch(/Whapi did not carry out the request: internal hiccup/);
		expect(run.outputOf(NODE_NAME)).toEqual([]);
		expect(whapi.pending(GROUP)).toEqual(['15550100001@s.whatsapp.net']);
	});
});

describe('Errors name the item and say what to fix', () => {
	it('403: the connected number is not an admin of the group', async () => {
		const run = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(NOT_ADMIN_GROUP), applicant: '15550100001' });
		expect(run.executionError).toMatchObject({
			name: 'NodeApiError',
			httpCode: '403',
			message: expect.stringContaining(`The connected number is not an admin of group ${NOT_ADMIN_GROUP}`),
			description: expect.stringContaining('admin'),
		});
		expect(run.executionError?.message).toContain('Whapi 403: Not permitted');
		expect(run.executionError?.message).toContain('(applicant 15550100001@s.whatsapp.net)');
	});

	it('404 "Channel not found": the token', async () => {
		const run = await runJoinRequests(whapi, { operation: 'list', groupId: fromList(GROUP), returnAll: true }, [{}], { token: 'wrong-token' });
		expect(run.executionError).toMatchObject({ httpCode: '404', message: expect.stringContaining('does not know this channel token') });
		expect(run.executionError?.description).toMatch(/Token in the Whapi API credential/);
		expect(JSON.stringify(run.executionError)).not.toContain('wrong-token');
	});

	it('404 on a group: the group ID', async () => {
		const unknown = '120363999999999999@g.us';
		const run = await runJoinRequests(whapi, { operation: 'reject', groupId: byId(unknown), applicant: '15550100001' });
		expect(run.executionError).toMatchObject({ httpCode: '404', message: expect.stringContaining(`Whapi found no group ${unknown}`) });
		expect(run.executionError?.description).toMatch(/Check the Group/);
	});

	it('401: the WhatsApp session is logged out', async () => {
		whapi.setLoggedOut(true);
		const run = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: '15550100001' });
		expect(run.executionError).toMatchObject({ httpCode: '401', message: expect.stringContaining('logged out') });
		expect(run.executionError?.description).toMatch(/QR code/);
	});

	it.each([
		['an empty applicant', { applicant: '' }, /Invalid Applicant in item 1: Applicant is empty/],
		['letters in a phone', { applicant: '+1 555 CALL NOW' }, /Invalid Applicant in item 1: .* not a phone number/],
		['a malformed group ID', { group: 'abc@g.us' }, /Invalid Group in item 1: "abc@g.us" is not a WhatsApp group ID/],
		['a national number', { applicant: '0176 1234567' }, /Invalid Applicant in item 1: .*country code/],
	])('bad input (%s) fails before any call, naming the item and the field', async (_, bad, message) => {
		whapi.addPending(GROUP, '15550100001');
		const items = [{ applicant: '15550100001', group: GROUP }, { applicant: '15550100002', group: GROUP, ...bad }];
		const run = await runJoinRequests(whapi, {
			operation: 'decide',
			groupId: byId('={{ $json.group }}'),
			applicant: '={{ $json.applicant }}',
			approve: true,
		}, items);
		expect(run.executionError).toMatchObject({ name: 'NodeOperationError', message: expect.stringMatching(message) });
		// Item 0 was decided; nothing at all was sent for the bad item 1.
		expect(decisionCalls().map((c) => c.body)).toEqual([{ application: '15550100001@s.whatsapp.net' }]);
	});

	it('Continue On Fail: a failing item becomes an error item, the others go on, every output paired', async () => {
		whapi.addPending(GROUP, '15550100001');
		whapi.addPending(GROUP, '15550100003');
		const run = await runJoinRequests(
			whapi,
			{ operation: 'decide', groupId: fromList(GROUP), applicant: '={{ $json.applicant }}', approve: true },
			[{ applicant: '15550100001' }, { applicant: 'not a phone' }, { applicant: '15550100003' }],
			{ continueOnFail: true },
		);
		expect(run.executionError).toBeUndefined();
		const output = run.outputOf(NODE_NAME);
		expect(output[0]).toMatchObject({ status: 'done', applicant: '15550100001@s.whatsapp.net' });
		expect(output[1]).toEqual({ error: expect.stringMatching(/^Invalid Applicant in item 1/) });
		expect(output[2]).toMatchObject({ status: 'done', applicant: '15550100003@s.whatsapp.net' });
		expect(run.pairedItemsOf(NODE_NAME)).toEqual([[{ item: 0 }], [{ item: 1 }], [{ item: 2 }]]);
		expect(whapi.pending(GROUP)).toEqual([]);
	});
});

describe('Transient failures are retried with back-off', () => {
	// How long the transport waits (Retry-After or back-off) is checked in transport.test.ts.
	it('503 then 429 (Retry-After) then OK: decided exactly once', async () => {
		whapi.addPending(GROUP, '15550100001');
		whapi.failNext(1, { status: 503, path: '/applications', method: 'POST' });
		whapi.failNext(1, { status: 429, retryAfter: 1, path: '/applications', method: 'POST' });
		const run = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: '15550100001' });
		expect(run.executionError).toBeUndefined();
		expect(run.outputOf(NODE_NAME)).toEqual([
			{ groupId: GROUP, applicant: '15550100001@s.whatsapp.net', decision: 'accepted', status: 'done' },
		]);
		expect(decisionCalls().map((c) => c.status)).toEqual([503, 429, 200]);
		expect(whapi.decisions.filter((d) => d.outcome === 'done')).toHaveLength(1);
	});

	it('a reset connection is retried', async () => {
		whapi.addPending(GROUP, '15550100001');
		whapi.failNext(1, { reset: true, path: '/applications' });
		const run = await runJoinRequests(whapi, { operation: 'reject', groupId: fromList(GROUP), applicant: '15550100001' });
		expect(run.outputOf(NODE_NAME)[0]).toMatchObject({ decision: 'rejected', status: 'done' });
		expect(decisionCalls().map((c) => c.status)).toEqual([0, 200]);
	});

	it('a connection that keeps dropping past the retries fails naming the applicant, who still waits', async () => {
		whapi.addPending(GROUP, '15550100001');
		whapi.failNext(3, { reset: true, method: 'POST' });
		const run = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: '15550100001', options: { maxRetries: 2 } });
		expect(run.executionError?.description).toContain('(applicant 15550100001@s.whatsapp.net)');
		expect(decisionCalls()).toHaveLength(3);
		expect(whapi.pending(GROUP)).toEqual(['15550100001@s.whatsapp.net']);
	});

	it('stops after Max Retries and reports the last error', async () => {
		whapi.addPending(GROUP, '15550100001');
		whapi.failNext(3, { status: 502, method: 'POST' });
		const run = await runJoinRequests(whapi, {
			operation: 'accept',
			groupId: fromList(GROUP),
			applicant: '15550100001',
			options: { maxRetries: 2 },
		});
		expect(run.executionError).toMatchObject({ httpCode: '502', message: expect.stringContaining('server error') });
		// Whapi down past the retries: the failed execution says who is left to decide.
		expect(run.executionError?.message).toContain('(applicant 15550100001@s.whatsapp.net)');
		expect(decisionCalls()).toHaveLength(3);
		expect(whapi.pending(GROUP)).toHaveLength(1);
	});

	it.each([400, 403, 404])('does not retry a %i', async (status) => {
		whapi.failNext(1, { status, path: '/applications' });
		await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: '15550100001', options: { failIfNotPending: true } });
		expect(decisionCalls()).toHaveLength(1);
	});
});
