/**
 * Edges of the decision path: which error statuses may mean "not pending", and the error for an
 * Approve that is neither true nor false.
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

describe('an error status for an applicant no longer pending', () => {
	it('a 409 may mean "not pending": status "not_pending", no error', async () => {
		whapi.failNext(1, { status: 409, path: '/applications', method: 'POST' });
		const run = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: APPLICANT });
		expect(run.outputOf(NODE_NAME)).toEqual([{ groupId: GROUP, applicant: APPLICANT, decision: 'accepted', status: 'not_pending' }]);
	});

	it('a 300 never means "not pending": it fails the item with Whapi\'s answer', async () => {
		whapi.failNext(1, { status: 300, path: '/applications', method: 'POST' });
		const run = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: APPLICANT });
		expect(run.executionError?.message).toBe(`Whapi answered with HTTP 300 (Whapi 300: Error) (applicant ${APPLICANT})`);
	});
});

describe('an Approve that is neither true nor false', () => {
	it('is refused with a message, a description saying how to fix it, and the item index', async () => {
		const run = await runJoinRequests(
			whapi,
			{ operation: 'decide', groupId: fromList(GROUP), applicant: APPLICANT, approve: '={{ $json.ok }}' },
			[{ ok: true }, { ok: 'maybe' }],
		);
		const error = run.executionError;
		expect([error?.message, error?.description, error?.context.itemIndex]).toEqual([
			'Approve of item 1 must be true or false, not "maybe"',
			'Set Approve to an expression that yields a boolean, such as {{ $json.found === true }}.',
			1,
		]);
	});
});
