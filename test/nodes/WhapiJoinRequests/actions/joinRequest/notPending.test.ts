/**
 * "Not pending" in every form Whapi might give it (WHAPI.md: unverified), and the queue check
 * behind it under every plausible paging answer: the decision paths run under each.
 */
import type { WhapiStandIn } from '../../../../whapi-stand-in';
import { GROUP, NODE_NAME, fromList, runJoinRequests, startChannel } from '../../../fixtures';

let whapi: WhapiStandIn;
beforeEach(async () => {
	whapi = await startChannel();
});
afterEach(async () => {
	await whapi.close();
});

const APPLICANT = '15550100005@s.whatsapp.net';
const queueCalls = () => whapi.calls.filter((c) => c.method === 'GET' && c.path.endsWith('/applications'));

describe.each(['success-false', 400, 404] as const)('Whapi answering "not pending" as %s', (notPendingAs) => {
	beforeEach(() => {
		whapi.options.notPendingAs = notPendingAs;
	});

	it.each(['accept', 'reject'])('%s of an applicant no longer pending: status "not_pending", no error', async (operation) => {
		const run = await runJoinRequests(whapi, { operation, groupId: fromList(GROUP), applicant: APPLICANT });
		expect(run.executionError).toBeUndefined();
		expect(run.outputOf(NODE_NAME)).toEqual([
			{ groupId: GROUP, applicant: APPLICANT, decision: operation === 'accept' ? 'accepted' : 'rejected', status: 'not_pending' },
		]);
	});

	it('Decide of a pending applicant: done, and out of the queue', async () => {
		whapi.addPending(GROUP, APPLICANT);
		const run = await runJoinRequests(whapi, { operation: 'decide', groupId: fromList(GROUP), applicant: APPLICANT, approve: false });
		expect(run.outputOf(NODE_NAME)).toEqual([{ groupId: GROUP, applicant: APPLICANT, decision: 'rejected', status: 'done' }]);
		expect(whapi.pending(GROUP)).toEqual([]);
	});
});

describe.each([400, 404])('a %i for an applicant who is still pending', (status) => {
	it('is an error, and the applicant stays in the queue', async () => {
		whapi.addPending(GROUP, APPLICANT);
		whapi.failNext(1, { status, path: '/applications', method: 'POST' });
		const run = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: APPLICANT });
		expect(run.executionError).toMatchObject({ httpCode: String(status) });
		expect(whapi.pending(GROUP)).toEqual([APPLICANT]);
	});
});

describe('the queue check behind a refusal reads the whole queue', () => {
	function queueWithApplicantLast() {
		for (let i = 1; i <= 4; i++) whapi.addPending(GROUP, `1555020000${i}`);
		whapi.addPending(GROUP, APPLICANT);
		whapi.failNext(1, { successFalse: true, error: 'try again later', path: '/applications', method: 'POST' });
	}

	it('pages shorter than asked before the last one: the applicant on the third page is found, the refusal is an error', async () => {
		whapi.options.pageLimit = 2;
		queueWithApplicantLast();
		const run = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: APPLICANT });
		expect(run.executionError?.message).toBe(`Whapi did not carry out the request: try again later (applicant ${APPLICANT})`);
		expect(queueCalls().map((c) => c.query.offset)).toEqual(['0', '2', '4']);
	});

	it('stops reading at the page that lists the applicant', async () => {
		whapi.addPending(GROUP, APPLICANT);
		for (let i = 0; i < 500; i++) whapi.addPending(GROUP, `1555030${String(i).padStart(4, '0')}`);
		whapi.failNext(1, { successFalse: true, error: 'try again later', path: '/applications', method: 'POST' });
		const run = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: APPLICANT });
		expect(run.executionError?.message).toBe(`Whapi did not carry out the request: try again later (applicant ${APPLICANT})`);
		expect(queueCalls().map((c) => c.query.offset)).toEqual(['0']);
	});

	it('no total in the answer: one full answer is the whole queue, the refusal is an error', async () => {
		whapi.options.omitTotal = true;
		queueWithApplicantLast();
		const run = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: APPLICANT });
		expect(run.executionError?.message).toBe(`Whapi did not carry out the request: try again later (applicant ${APPLICANT})`);
	});

	it('a 429 without Retry-After on the queue read is retried, then the refusal is an error', async () => {
		queueWithApplicantLast();
		whapi.failNext(1, { status: 429, retryAfter: null, path: '/applications', method: 'GET' });
		const run = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: APPLICANT });
		expect(run.executionError?.message).toBe(`Whapi did not carry out the request: try again later (applicant ${APPLICANT})`);
		expect(queueCalls().map((c) => c.status)).toEqual([429, 200]);
	});
});

describe('one person under two chat IDs: the queue lists the other one (WHAPI.md: unverified which)', () => {
	const PHONE = '15550100007';
	const LID = '271828182845904@lid';
	const refuseOnce = () => whapi.failNext(1, { successFalse: true, error: 'try again later', path: '/applications', method: 'POST' });
	const lookups = () => whapi.calls.filter((c) => c.path.startsWith('/contacts/'));

	describe.each([
		{ given: 'digits', decideAs: PHONE, sent: `${PHONE}@s.whatsapp.net`, queuedAs: `${PHONE}@s.whatsapp.net`, listIdentity: 'lid' as const, listed: LID },
		{ given: 'an @lid', decideAs: LID, sent: LID, queuedAs: LID, listIdentity: 'phone' as const, listed: `${PHONE}@s.whatsapp.net` },
	])('the node given $given, the queue listing $listed', ({ decideAs, sent, queuedAs, listIdentity, listed }) => {
		beforeEach(() => {
			whapi.addContact({ lid: LID, phone: PHONE });
			whapi.addPending(GROUP, queuedAs);
			whapi.options.listIdentity = listIdentity;
		});

		it('the queue shows the applicant under the other ID', async () => {
			const run = await runJoinRequests(whapi, { operation: 'list', groupId: fromList(GROUP) });
			expect(run.outputOf(NODE_NAME).map((item) => item.applicant)).toEqual([listed]);
		});

		it('a decision is done, and the applicant is out of the queue', async () => {
			const run = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: decideAs });
			expect(run.outputOf(NODE_NAME)).toEqual([{ groupId: GROUP, applicant: sent, decision: 'accepted', status: 'done' }]);
			expect(whapi.pending(GROUP)).toEqual([]);
		});

		it('a refusal while the applicant is still pending under the other ID is an error, never "not_pending"', async () => {
			refuseOnce();
			const run = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: decideAs });
			expect(run.executionError?.message).toBe(`Whapi did not carry out the request: try again later (applicant ${sent})`);
			expect(whapi.pending(GROUP)).toEqual([queuedAs]);
			expect(lookups().map((c) => c.path)).toEqual([`/contacts/ids/${LID}`]);
		});

		it('a queue holding only chat IDs of the applicant\'s own kind needs no phone lookup', async () => {
			const sameKind = decideAs === LID ? '314159265358979@lid' : '15550100009@s.whatsapp.net';
			whapi.options.listIdentity = 'as-queued';
			whapi.addPending(GROUP, sameKind);
			const first = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: decideAs });
			expect(first.outputOf(NODE_NAME)[0]).toMatchObject({ status: 'done' });
			const again = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: decideAs });
			expect(again.outputOf(NODE_NAME)[0]).toMatchObject({ status: 'not_pending' });
			expect(lookups()).toEqual([]);
		});

		it('a refusal for an applicant no longer pending under either ID is "not_pending"', async () => {
			whapi.addPending(GROUP, '15550100008');
			const first = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: decideAs });
			expect(first.outputOf(NODE_NAME)[0]).toMatchObject({ status: 'done' });
			const again = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: decideAs });
			expect(again.outputOf(NODE_NAME)).toEqual([{ groupId: GROUP, applicant: sent, decision: 'accepted', status: 'not_pending' }]);
		});
	});

	it('an @lid whose phone Whapi does not know matches no queue entry, not even one without a phone', async () => {
		// A chat ID that is neither a phone nor an @lid: Whapi's queue entries are only loosely specified.
		whapi.groups.get(GROUP)?.queue.push({ chatId: '120363000000000099@g.us', requestMethod: 'invite_link', timestamp: 1 });
		const run = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: LID });
		expect(run.executionError).toBeUndefined();
		expect(run.outputOf(NODE_NAME)).toEqual([{ groupId: GROUP, applicant: LID, decision: 'accepted', status: 'not_pending' }]);
		expect(lookups().map((c) => c.status)).toEqual([404]);
	});
});
