import type { WhapiStandIn } from '../../../../whapi-stand-in';
import { GROUP, NODE_NAME, OTHER_GROUP, fromList, byId, runJoinRequests, startChannel } from '../../../fixtures';

const LID = '271828182845904@lid';
const OTHER_LID = '314159265358979@lid';
const PHONE = '15550100042';

let whapi: WhapiStandIn;
beforeEach(async () => {
	whapi = await startChannel();
});
afterEach(async () => {
	await whapi.close();
});

const lookups = () => whapi.calls.filter((c) => c.path.startsWith('/contacts/')).map((c) => decodeURIComponent(c.path));
const identities = (items: Array<Record<string, unknown>>) => items.map(({ applicant, phone, lid }) => ({ applicant, phone, lid }));

describe('List: Resolve Phone Numbers', () => {
	it('on by default: fills phone for @lid applicants Whapi knows, one call each, none for the others', async () => {
		whapi.addContact({ lid: LID, phone: PHONE });
		whapi.addPending(GROUP, '15550100001');
		whapi.addPending(GROUP, LID);
		whapi.addPending(GROUP, OTHER_LID);
		const run = await runJoinRequests(whapi, { operation: 'list', groupId: fromList(GROUP), returnAll: true });
		expect(run.executionError).toBeUndefined();
		expect(identities(run.outputOf(NODE_NAME))).toEqual([
			{ applicant: '15550100001@s.whatsapp.net', phone: '15550100001', lid: null },
			{ applicant: LID, phone: PHONE, lid: LID },
			{ applicant: OTHER_LID, phone: null, lid: OTHER_LID },
		]);
		expect(lookups()).toEqual([`/contacts/ids/${LID}`, `/contacts/ids/${OTHER_LID}`]);
	});

	it('an @lid pending in several groups is looked up once per execution', async () => {
		whapi.addContact({ lid: LID, phone: PHONE });
		whapi.addPending(GROUP, LID);
		whapi.addPending(OTHER_GROUP, LID);
		const run = await runJoinRequests(whapi, { operation: 'list', groupId: byId('={{ $json.group }}'), returnAll: true }, [
			{ group: GROUP },
			{ group: OTHER_GROUP },
		]);
		expect(run.outputOf(NODE_NAME).map((o) => [o.groupId, o.phone])).toEqual([
			[GROUP, PHONE],
			[OTHER_GROUP, PHONE],
		]);
		expect(run.pairedItemsOf(NODE_NAME)).toEqual([[{ item: 0 }], [{ item: 1 }]]);
		expect(lookups()).toEqual([`/contacts/ids/${LID}`]);
	});

	it('turned off: no lookups, phone stays null', async () => {
		whapi.addContact({ lid: LID, phone: PHONE });
		whapi.addPending(GROUP, LID);
		const run = await runJoinRequests(whapi, {
			operation: 'list',
			groupId: fromList(GROUP),
			returnAll: true,
			options: { resolvePhoneNumbers: false },
		});
		expect(identities(run.outputOf(NODE_NAME))).toEqual([{ applicant: LID, phone: null, lid: LID }]);
		expect(lookups()).toEqual([]);
	});

	it.each(['not_found', 'empty', 'blank', 'other'] as const)('unknown (%s) is phone null, never an error', async (answer) => {
		whapi.addContact({ lid: LID, phone: PHONE, answer });
		whapi.addPending(GROUP, LID);
		const run = await runJoinRequests(whapi, { operation: 'list', groupId: fromList(GROUP), returnAll: true });
		expect(run.executionError).toBeUndefined();
		expect(identities(run.outputOf(NODE_NAME))).toEqual([{ applicant: LID, phone: null, lid: LID }]);
	});

	it('a lasting server error on the lookup is phone null after the retries, the listing still succeeds', async () => {
		whapi.addContact({ lid: LID, phone: PHONE });
		whapi.addPending(GROUP, LID);
		whapi.failNext(10, { status: 503, path: '^/contacts/' });
		const run = await runJoinRequests(whapi, { operation: 'list', groupId: fromList(GROUP), returnAll: true, options: { maxRetries: 1 } });
		expect(run.executionError).toBeUndefined();
		expect(run.outputOf(NODE_NAME)[0].phone).toBeNull();
		expect(lookups()).toHaveLength(2);
	});

	it('a transient error is retried and then resolves', async () => {
		whapi.addContact({ lid: LID, phone: PHONE });
		whapi.addPending(GROUP, LID);
		whapi.failNext(1, { status: 429, retryAfter: 0, path: '^/contacts/' });
		const run = await runJoinRequests(whapi, { operation: 'list', groupId: fromList(GROUP), returnAll: true });
		expect(run.outputOf(NODE_NAME)[0].phone).toBe(PHONE);
	});

	it('a session logged out between the listing and the lookup fails the item, as any call would', async () => {
		whapi.addContact({ lid: LID, phone: PHONE });
		whapi.addPending(GROUP, LID);
		whapi.once('call', (call) => {
			if (call.path.endsWith('/applications')) whapi.setLoggedOut(true);
		});
		const run = await runJoinRequests(whapi, { operation: 'list', groupId: fromList(GROUP), returnAll: true });
		expect(run.executionError).toMatchObject({ httpCode: '401', message: expect.stringContaining('logged out') });
	});
});
