import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SECRET_HEADER } from '../../../nodes/WhapiJoinRequestsTrigger/webhookEntry';
import { activateWebhook, nodeWebhookUrl, runWebhook } from '../../harness';
import type { WhapiStandIn } from '../../whapi-stand-in';
import { GROUP, OTHER_GROUP, credentialTypes, credentialsFor, publishedTrigger, triggerNode, triggerType } from '../fixtures';

const N8N_URL = 'https://n8n.example.com/';
const PATH = new URL(nodeWebhookUrl({ node: triggerNode(), nodeType: triggerType, webhookUrl: N8N_URL })!).pathname;

let whapi: WhapiStandIn;
let staticData: IDataObject;
let secret: string;

beforeAll(async () => {
	({ whapi, staticData, secret } = await publishedTrigger(N8N_URL));
});
afterAll(async () => {
	await whapi.close();
});

function event(entries: unknown, envelope: IDataObject = { type: 'groups', event: 'put' }) {
	return { groups_participants: entries, event: envelope, channel_id: 'MANTIS-M72HC' };
}

async function deliver(body: unknown, options: { headers?: Record<string, string>; parameters?: INodeParameters } = {}) {
	const callsBefore = whapi.calls.length;
	const outcome = await runWebhook({
		node: triggerNode(options.parameters),
		nodeType: triggerType,
		staticData,
		credentials: credentialsFor(whapi),
		credentialTypes,
		webhookUrl: N8N_URL,
		request: { method: 'POST', path: PATH, headers: options.headers ?? { [SECRET_HEADER]: secret }, body },
	});
	return {
		...outcome,
		items: (outcome.result?.workflowData?.[0] ?? []).map((item) => item.json),
		whapiCalls: whapi.calls.length - callsBefore,
	};
}

describe('Authentication', () => {
	const body = event([{ group_id: GROUP, participants: ['15550100001'], action: 'request' }]);

	it('an authentic call starts the workflow with the applicant, and costs no Whapi call', async () => {
		const outcome = await deliver(body);
		expect(outcome.response.statusCode).toBe(200);
		expect(outcome.items).toEqual([
			{
				groupId: GROUP,
				applicant: '15550100001',
				phone: '15550100001',
				lid: null,
				action: 'request',
				channelId: 'MANTIS-M72HC',
				receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
			},
		]);
		expect(outcome.whapiCalls).toBe(0);
	});

	it.each([
		['no secret header', {}],
		['a wrong secret', { [SECRET_HEADER]: 'f'.repeat(64) }],
		['a prefix of the secret', () => ({ [SECRET_HEADER]: secret.slice(0, 32) })],
		['the secret with extra characters', () => ({ [SECRET_HEADER]: `${secret}0` })],
		['the secret in another header', () => ({ 'x-secret': secret })],
		['an empty secret', { [SECRET_HEADER]: '' }],
	] as Array<[string, Record<string, string> | (() => Record<string, string>)]>)('%s: 401 and nothing starts', async (_, headers) => {
		const outcome = await deliver(body, { headers: typeof headers === 'function' ? headers() : headers });
		expect(outcome.response).toMatchObject({ statusCode: 401, body: { message: 'Unauthorized' }, ended: true });
		expect(outcome.result).toEqual({ noWebhookResponse: true });
	});

	it('header names are case-insensitive, as in HTTP', async () => {
		expect((await deliver(body, { headers: { [SECRET_HEADER.toUpperCase()]: secret } })).items).toHaveLength(1);
	});
});

describe('Manual mode (Register Webhook off)', () => {
	const body = event([{ group_id: GROUP, participants: ['15550100001'], action: 'request' }]);

	it('with a Secret set, enforces it', async () => {
		const parameters = { registerWebhook: false, secret: 'my-own-long-secret' };
		expect((await deliver(body, { parameters, headers: {} })).response.statusCode).toBe(401);
		expect((await deliver(body, { parameters, headers: { [SECRET_HEADER]: 'my-own-long-secret' } })).items).toHaveLength(1);
	});

	it('a Secret pasted with spaces around it is the secret without them', async () => {
		const parameters = { registerWebhook: false, secret: ' my-own-long-secret\n' };
		expect((await deliver(body, { parameters, headers: { [SECRET_HEADER]: 'my-own-long-secret' } })).items).toHaveLength(1);
	});

	it('without a Secret, or with only spaces, accepts calls (as its hint says)', async () => {
		expect((await deliver(body, { parameters: { registerWebhook: false }, headers: {} })).items).toHaveLength(1);
		expect((await deliver(body, { parameters: { registerWebhook: false, secret: '   ' }, headers: {} })).items).toHaveLength(1);
	});
});

describe('Filtering', () => {
	const allActions = ['request', 'revoke_request', 'rejected_request', 'add', 'remove', 'promote', 'demote'];

	it.each(allActions)('action "%s" starts the workflow only when selected', async (action) => {
		const body = event([{ group_id: GROUP, participants: ['15550100001'], action }]);
		const byDefault = await deliver(body);
		expect(byDefault.items).toHaveLength(action === 'request' ? 1 : 0);
		const selected = await deliver(body, { parameters: { actions: [action] } });
		expect(selected.items).toEqual([expect.objectContaining({ action, groupId: GROUP })]);
		const other = await deliver(body, { parameters: { actions: allActions.filter((a) => a !== action) } });
		expect(other.items).toEqual([]);
		expect(other.response.statusCode).toBe(200);
	});

	it('only watched groups produce items; an empty list watches all', async () => {
		const body = event([
			{ group_id: GROUP, participants: ['15550100001'], action: 'request' },
			{ group_id: OTHER_GROUP, participants: ['15550100002'], action: 'request' },
		]);
		expect((await deliver(body, { parameters: { groups: [OTHER_GROUP] } })).items.map((i) => i.groupId)).toEqual([OTHER_GROUP]);
		expect((await deliver(body, { parameters: { groups: `${GROUP}, ${OTHER_GROUP}` } })).items).toHaveLength(2);
		expect((await deliver(body, { parameters: { groups: [] } })).items).toHaveLength(2);
		// An expression that yields neither a list nor text watches all, like an empty list.
		expect((await deliver(body, { parameters: { groups: '={{ null }}' } })).items).toHaveLength(2);
		expect((await deliver(body, { parameters: { groups: '={{ 42 }}' } })).items).toHaveLength(2);
	});

	it('a watched group ID given without @g.us hears its events, as the action node reads it', async () => {
		const body = event([
			{ group_id: GROUP, participants: ['15550100001'], action: 'request' },
			{ group_id: OTHER_GROUP, participants: ['15550100002'], action: 'request' },
		]);
		const bare = GROUP.replace('@g.us', '');
		expect((await deliver(body, { parameters: { groups: [bare] } })).items.map((i) => i.groupId)).toEqual([GROUP]);
		expect((await deliver(body, { parameters: { groups: ` ${bare} ` } })).items.map((i) => i.groupId)).toEqual([GROUP]);
	});

	it('an invalid group ID fails the activation, naming it, before any write', async () => {
		const options = { nodeType: triggerType, staticData: {}, credentials: credentialsFor(whapi), credentialTypes, webhookUrl: N8N_URL };
		const patchesBefore = whapi.calls.filter((c) => c.method === 'PATCH').length;
		await expect(activateWebhook({ ...options, node: triggerNode({ groups: [GROUP, 'team-chat'] }) })).rejects.toThrow(
			/"team-chat" .*not a WhatsApp group ID/,
		);
		await expect(activateWebhook({ ...options, node: triggerNode({ registerWebhook: false, groups: '12345' }) })).rejects.toThrow(/"12345"/);
		expect(whapi.calls.filter((c) => c.method === 'PATCH')).toHaveLength(patchesBefore);
	});

	it('one item per applicant of a multi-applicant event, @lid applicants included', async () => {
		const body = event([
			{ group_id: GROUP, participants: ['15550100001', '15550100002@s.whatsapp.net', '271828182845904@lid'], action: 'request' },
		]);
		const { items } = await deliver(body);
		expect(items.map((i) => [i.applicant, i.phone, i.lid])).toEqual([
			['15550100001', '15550100001', null],
			['15550100002@s.whatsapp.net', '15550100002', null],
			['271828182845904@lid', null, '271828182845904@lid'],
		]);
	});

	it('accepts the spec\'s envelope (event.method) as well as the delivered one (event.event)', async () => {
		const body = event([{ group_id: GROUP, participants: ['15550100001'], action: 'request' }], { type: 'groups', method: 'put' });
		expect((await deliver(body)).items).toHaveLength(1);
	});
});

describe('Robustness: any body answers 200 quickly, never throws, never starts a workflow with garbage', () => {
	const valid = { group_id: GROUP, participants: ['15550100001'], action: 'request' };
	const huge = Array.from({ length: 200_000 }, (_, i) => `x${i}`);
	const badBodies: Array<[string, unknown]> = [
		['undefined', undefined],
		['null', null],
		['a string', 'groups_participants'],
		['a number', 42],
		['true', true],
		['an array', [valid]],
		['an empty object', {}],
		['groups_participants null', { groups_participants: null }],
		['groups_participants a string', { groups_participants: 'request' }],
		['groups_participants an object', { groups_participants: valid }],
		['groups_participants empty', event([])],
		['entries null', event([null, null])],
		['entries numbers', event([1, 2, 3])],
		['entries strings', event(['request'])],
		['group_id missing', event([{ participants: ['15550100001'], action: 'request' }])],
		['group_id a number', event([{ ...valid, group_id: 120363000000000001 }])],
		['group_id not a group', event([{ ...valid, group_id: '15550100001@s.whatsapp.net' }])],
		['group_id injection', event([{ ...valid, group_id: "120363000000000001@g.us' OR 1=1 --" }])],
		['action missing', event([{ group_id: GROUP, participants: ['15550100001'] }])],
		['action null', event([{ ...valid, action: null }])],
		['action unknown', event([{ ...valid, action: 'approve_everyone' }])],
		['action an array', event([{ ...valid, action: ['request'] }])],
		['action with different case', event([{ ...valid, action: 'REQUEST' }])],
		['participants missing', event([{ group_id: GROUP, action: 'request' }])],
		['participants a string', event([{ ...valid, participants: '15550100001' }])],
		['participants objects', event([{ ...valid, participants: [{ id: '15550100001' }] }])],
		['participants numbers', event([{ ...valid, participants: [15550100001] }])],
		['participants script', event([{ ...valid, participants: ['<script>alert(1)</script>'] }])],
		['participants a huge string', event([{ ...valid, participants: ['1'.repeat(1_000_000)] }])],
		['participants a huge array of garbage', event([{ ...valid, participants: huge }])],
		['participants empty', event([{ ...valid, participants: [] }])],
		['another event type', event([valid], { type: 'messages', event: 'post' })],
		['another method', event([valid], { type: 'groups', event: 'delete' })],
		['envelope a string', event([valid], 'groups.put' as unknown as IDataObject)],
		['prototype pollution', JSON.parse(`{"__proto__":{"groups_participants":[${JSON.stringify(valid)}]}}`)],
		['constructor key', { constructor: { prototype: { groups_participants: [valid] } } }],
		['deeply nested garbage', event([{ group_id: { $gt: '' }, participants: [[['15550100001']]], action: { toString: 'request' } }])],
	];

	it.each(badBodies)('%s', async (_, body) => {
		const outcome = await deliver(body);
		expect(outcome.error).toBeUndefined();
		expect(outcome.response.statusCode).toBe(200);
		expect(outcome.result?.workflowData).toBeUndefined();
		expect(outcome.whapiCalls).toBe(0);
	});

	it('a mixed body yields exactly its valid applicants', async () => {
		const body = event([
			null,
			{ ...valid, participants: ['junk', '15550100001', { id: 1 }, '15550100001'] },
			{ ...valid, group_id: 'bad' },
			{ ...valid, action: 'add' },
		]);
		expect((await deliver(body)).items.map((i) => i.applicant)).toEqual(['15550100001']);
	});
});
