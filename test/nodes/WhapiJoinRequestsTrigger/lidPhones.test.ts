import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SECRET_HEADER } from '../../../nodes/WhapiJoinRequestsTrigger/webhookEntry';
import { nodeWebhookUrl, runWebhook } from '../../harness';
import type { ContactAnswer, WhapiStandIn } from '../../whapi-stand-in';
import { GROUP, credentialTypes, credentialsFor, publishedTrigger, triggerNode, triggerType } from '../fixtures';

const N8N_URL = 'https://n8n.example.com/';
const PATH = new URL(nodeWebhookUrl({ node: triggerNode(), nodeType: triggerType, webhookUrl: N8N_URL })!).pathname;
const LID = '271828182845904@lid';
const OTHER_LID = '314159265358979@lid';
const PHONE = '15550100042';

let whapi: WhapiStandIn;
let staticData: IDataObject;
let secret: string;

beforeEach(async () => {
	({ whapi, staticData, secret } = await publishedTrigger(N8N_URL));
});
afterEach(async () => {
	await whapi.close();
});

async function deliver(participants: string[], parameters: INodeParameters = {}) {
	const callsBefore = whapi.calls.length;
	const outcome = await runWebhook({
		node: triggerNode(parameters),
		nodeType: triggerType,
		staticData,
		credentials: credentialsFor(whapi),
		credentialTypes,
		webhookUrl: N8N_URL,
		request: {
			method: 'POST',
			path: PATH,
			headers: { [SECRET_HEADER]: secret },
			body: { groups_participants: [{ group_id: GROUP, participants, action: 'request' }], event: { type: 'groups', event: 'put' } },
		},
	});
	const calls = whapi.calls.slice(callsBefore);
	return {
		...outcome,
		items: (outcome.result?.workflowData?.[0] ?? []).map((item) => item.json),
		lookups: calls.filter((c) => c.path.startsWith('/contacts/')).map((c) => decodeURIComponent(c.path)),
		calls,
	};
}

const identities = (items: IDataObject[]) => items.map(({ applicant, phone, lid }) => ({ applicant, phone, lid }));

describe('Resolve Phone Numbers in the trigger', () => {
	it('fills phone for an @lid applicant Whapi knows, keeping applicant and lid as Whapi gave them', async () => {
		whapi.addContact({ lid: LID, phone: PHONE });
		const outcome = await deliver([LID]);
		expect(outcome.response.statusCode).toBe(200);
		expect(identities(outcome.items)).toEqual([{ applicant: LID, phone: PHONE, lid: LID }]);
		expect(outcome.lookups).toEqual([`/contacts/ids/${LID}`]);
		expect(outcome.calls[0].headers.authorization).toBe(`Bearer ${whapi.token}`);
	});

	it('no call and no credential for an event without an @lid applicant', async () => {
		const outcome = await deliver(['15550100001', '15550100002@s.whatsapp.net']);
		expect(identities(outcome.items).map((i) => i.phone)).toEqual(['15550100001', '15550100002']);
		expect(outcome.calls).toEqual([]);
		expect(outcome.credentialsHelper.decryptCount).toBe(0);
	});

	it('one call per @lid applicant, none for the others, and the credential decrypted once', async () => {
		whapi.addContact({ lid: LID, phone: PHONE });
		const outcome = await deliver(['15550100001', LID, OTHER_LID, '15550100002']);
		expect(identities(outcome.items)).toEqual([
			{ applicant: '15550100001', phone: '15550100001', lid: null },
			{ applicant: LID, phone: PHONE, lid: LID },
			{ applicant: OTHER_LID, phone: null, lid: OTHER_LID },
			{ applicant: '15550100002', phone: '15550100002', lid: null },
		]);
		expect(outcome.lookups).toEqual([`/contacts/ids/${LID}`, `/contacts/ids/${OTHER_LID}`]);
		expect(outcome.credentialsHelper.decryptCount).toBe(1);
	});

	it.each<ContactAnswer>(['not_found', 'empty', 'blank', 'other'])('Whapi does not know it (%s): phone null, never an error', async (answer) => {
		whapi.addContact({ lid: LID, phone: PHONE, answer });
		const outcome = await deliver([LID]);
		expect(outcome.error).toBeUndefined();
		expect(outcome.response.statusCode).toBe(200);
		expect(identities(outcome.items)).toEqual([{ applicant: LID, phone: null, lid: LID }]);
	});

	it('reads bare digits as the phone', async () => {
		whapi.addContact({ lid: LID, phone: PHONE, answer: 'digits' });
		expect(identities((await deliver([LID])).items)).toEqual([{ applicant: LID, phone: PHONE, lid: LID }]);
	});

	it.each([
		['a server error, not retried', () => whapi.failNext(1, { status: 500, path: '^/contacts/' })],
		['a rate limit, not waited for', () => whapi.failNext(1, { status: 429, retryAfter: 30, path: '^/contacts/' })],
		['a dropped connection', () => whapi.failNext(1, { reset: true, path: '^/contacts/' })],
		['a logged-out session', () => whapi.setLoggedOut(true)],
	])('%s: the applicant is still delivered, with phone null', async (_, fault) => {
		whapi.addContact({ lid: LID, phone: PHONE });
		fault();
		const outcome = await deliver([LID]);
		expect(outcome.response.statusCode).toBe(200);
		expect(identities(outcome.items)).toEqual([{ applicant: LID, phone: null, lid: LID }]);
		expect(outcome.lookups).toHaveLength(1);
	});

	it('a wrong token: the applicant is still delivered, with phone null', async () => {
		whapi.addContact({ lid: LID, phone: PHONE });
		const outcome = await runWebhook({
			node: triggerNode(),
			nodeType: triggerType,
			staticData,
			credentials: credentialsFor(whapi, 'wrong-token'),
			credentialTypes,
			webhookUrl: N8N_URL,
			request: {
				method: 'POST',
				path: PATH,
				headers: { [SECRET_HEADER]: secret },
				body: { groups_participants: [{ group_id: GROUP, participants: [LID], action: 'request' }], event: { type: 'groups', event: 'put' } },
			},
		});
		expect(outcome.response.statusCode).toBe(200);
		expect(outcome.result?.workflowData?.[0].map((i) => i.json.phone)).toEqual([null]);
	});

	it.each([false, 'false', '={{ false }}', '={{ "false" }}'])('turned off (%p): no call, phone null', async (off) => {
		whapi.addContact({ lid: LID, phone: PHONE });
		const outcome = await deliver([LID], { options: { resolvePhoneNumbers: off } });
		expect(identities(outcome.items)).toEqual([{ applicant: LID, phone: null, lid: LID }]);
		expect(outcome.calls).toEqual([]);
	});
});
