import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { WhapiStandIn } from '../../../../whapi-stand-in';
import { GROUP, NODE_NAME, NOT_ADMIN_GROUP, OTHER_GROUP, byId, fromList, runJoinRequests, startChannel } from '../../../fixtures';

const UNKNOWN = '120363999999999999@g.us';
const CODE = /^[A-Za-z0-9]{14,22}$/;

let whapi: WhapiStandIn;
beforeEach(async () => {
	whapi = await startChannel();
});
afterEach(async () => {
	await whapi.close();
});

const groupCalls = () => whapi.calls.filter((c) => /^\/groups\/[^/]+(\/invite)?$/.test(c.path));
const run = (parameters: INodeParameters, items?: IDataObject[], continueOnFail = false) =>
	runJoinRequests(whapi, { resource: 'group', ...parameters }, items, { continueOnFail });

describe('Set Join Approval', () => {
	it('true sends policy "admins" and turns approval on; false sends "anyone" and turns it off', async () => {
		const group = whapi.groups.get(GROUP)!;
		group.approvalRequired = false;
		const on = await run({ operation: 'setJoinApproval', groupId: fromList(GROUP), joinApprovalRequired: true });
		expect(on.executionError).toBeUndefined();
		expect(on.outputOf(NODE_NAME)).toEqual([{ groupId: GROUP, joinApprovalRequired: true }]);
		expect(group.approvalRequired).toBe(true);
		const off = await run({ operation: 'setJoinApproval', groupId: fromList(GROUP), joinApprovalRequired: false });
		expect(off.outputOf(NODE_NAME)).toEqual([{ groupId: GROUP, joinApprovalRequired: false }]);
		expect(group.approvalRequired).toBe(false);
		expect(groupCalls().map((c) => [c.method, c.path, c.body])).toEqual([
			['PATCH', `/groups/${GROUP}`, { setting: 'approve_participants', policy: 'admins' }],
			['PATCH', `/groups/${GROUP}`, { setting: 'approve_participants', policy: 'anyone' }],
		]);
	});

	it('defaults to requiring approval, so an unconfigured node never opens a group', async () => {
		whapi.groups.get(GROUP)!.approvalRequired = false;
		const result = await run({ operation: 'setJoinApproval', groupId: fromList(GROUP) });
		expect(result.outputOf(NODE_NAME)).toEqual([{ groupId: GROUP, joinApprovalRequired: true }]);
		expect(whapi.groups.get(GROUP)!.approvalRequired).toBe(true);
	});

	it('one call per item, from expressions, pairing each output with its item', async () => {
		const items = [
			{ group: GROUP, required: false },
			{ group: OTHER_GROUP, required: 'true' },
		];
		const result = await run(
			{ operation: 'setJoinApproval', groupId: byId('={{ $json.group }}'), joinApprovalRequired: '={{ $json.required }}' },
			items,
		);
		expect(result.outputOf(NODE_NAME)).toEqual([
			{ groupId: GROUP, joinApprovalRequired: false },
			{ groupId: OTHER_GROUP, joinApprovalRequired: true },
		]);
		expect(result.pairedItemsOf(NODE_NAME)).toEqual([[{ item: 0 }], [{ item: 1 }]]);
		expect(whapi.groups.get(GROUP)!.approvalRequired).toBe(false);
		expect(whapi.groups.get(OTHER_GROUP)!.approvalRequired).toBe(true);
	});

	it('a value that is not true or false fails before any call, naming the item and the field', async () => {
		const result = await run(
			{ operation: 'setJoinApproval', groupId: fromList(GROUP), joinApprovalRequired: '={{ $json.x }}' },
			[{ x: 'sometimes' }],
		);
		expect(result.executionError?.message).toMatch(/Invalid Join Approval Required in item 0: "sometimes" is neither true nor false/);
		expect(groupCalls()).toEqual([]);
	});

	it('retries a 503 and succeeds', async () => {
		whapi.failNext(1, { status: 503, method: 'PATCH' });
		const result = await run({ operation: 'setJoinApproval', groupId: fromList(GROUP), joinApprovalRequired: false });
		expect(result.executionError).toBeUndefined();
		expect(groupCalls().map((c) => c.status)).toEqual([503, 200]);
		expect(whapi.groups.get(GROUP)!.approvalRequired).toBe(false);
	});
});

describe('Get Invite Link', () => {
	it('outputs the code and the chat.whatsapp.com link', async () => {
		const result = await run({ operation: 'getInviteLink', groupId: fromList(GROUP) });
		const code = whapi.inviteCode(GROUP);
		expect(code).toMatch(CODE);
		expect(result.outputOf(NODE_NAME)).toEqual([{ groupId: GROUP, inviteCode: code, inviteLink: `https://chat.whatsapp.com/${code}` }]);
		expect(groupCalls().map((c) => [c.method, c.path])).toEqual([['GET', `/groups/${GROUP}/invite`]]);
	});

	it('is the default operation of the Group resource and changes nothing', async () => {
		const before = whapi.inviteCode(GROUP);
		const result = await run({ groupId: fromList(GROUP) });
		expect(result.outputOf(NODE_NAME)).toEqual([{ groupId: GROUP, inviteCode: before, inviteLink: `https://chat.whatsapp.com/${before}` }]);
		expect(whapi.inviteCode(GROUP)).toBe(before);
	});

	it('an answer without a code is an error naming the group', async () => {
		whapi.failNext(1, { status: 200, path: '/invite$' });
		const result = await run({ operation: 'getInviteLink', groupId: fromList(GROUP) });
		expect(result.executionError?.message).toBe(`Whapi answered without an invite code for group ${GROUP}`);
	});

	it.each([
		['an object without a code: in the error, for the user to read', { status: 'ok' }, { response: { status: 'ok' } }],
		['a bare string: not attached', 'ok', {}],
		['null: not attached', null, {}],
	])('an answer without a code, %s', async (_case, body, errorResponse) => {
		whapi.failNext(1, { path: '/invite$', body });
		const result = await run({ operation: 'getInviteLink', groupId: fromList(GROUP) });
		expect(result.executionError).toMatchObject({ name: 'NodeApiError', message: `Whapi answered without an invite code for group ${GROUP}` });
		// toEqual, not toMatchObject: {} must not match an object that has a response.
		expect(result.executionError?.errorResponse).toEqual(errorResponse);
		expect(result.executionError?.description).toBe(
			'Whapi normally answers {"invite_code": "…"}. Run the node again; if this persists, check the channel in the Whapi panel.',
		);
	});
});

describe('Revoke Invite Link', () => {
	it('revokes with DELETE, then reads the new link: a new code', async () => {
		const before = whapi.inviteCode(GROUP);
		const result = await run({ operation: 'revokeInviteLink', groupId: fromList(GROUP) });
		const after = whapi.inviteCode(GROUP);
		expect(after).not.toBe(before);
		expect(result.outputOf(NODE_NAME)).toEqual([{ groupId: GROUP, inviteCode: after, inviteLink: `https://chat.whatsapp.com/${after}` }]);
		expect(groupCalls().map((c) => [c.method, c.path])).toEqual([
			['DELETE', `/groups/${GROUP}/invite`],
			['GET', `/groups/${GROUP}/invite`],
		]);
	});

	it('takes the new code from the revocation when it carries one, without reading again', async () => {
		whapi.options.revokeCarriesCode = true;
		const result = await run({ operation: 'revokeInviteLink', groupId: fromList(GROUP) });
		expect(result.outputOf(NODE_NAME)[0]).toMatchObject({ inviteCode: whapi.inviteCode(GROUP) });
		expect(groupCalls().map((c) => c.method)).toEqual(['DELETE']);
	});
});

describe('Errors, for every Group operation', () => {
	const operations = [
		['setJoinApproval', 'PATCH'],
		['getInviteLink', 'GET'],
		['revokeInviteLink', 'DELETE'],
	] as const;

	it.each(operations)('%s, 403: the connected number is not an admin', async (operation) => {
		const result = await run({ operation, groupId: fromList(NOT_ADMIN_GROUP), joinApprovalRequired: false });
		expect(result.executionError).toMatchObject({
			httpCode: '403',
			message: expect.stringContaining(`The connected number is not an admin of group ${NOT_ADMIN_GROUP}`),
		});
		expect(whapi.groups.get(NOT_ADMIN_GROUP)!.approvalRequired).toBe(true);
	});

	it.each(operations)('%s, 404: no such group', async (operation) => {
		const result = await run({ operation, groupId: byId(UNKNOWN) });
		expect(result.executionError).toMatchObject({ httpCode: '404', message: expect.stringContaining(`Whapi found no group ${UNKNOWN}`) });
	});

	it.each(operations)('%s, a malformed group ID fails before any call', async (operation) => {
		const result = await run({ operation, groupId: byId('={{ $json.group }}') }, [{ group: 'abc' }]);
		expect(result.executionError?.message).toMatch(/Invalid Group in item 0/);
		expect(groupCalls()).toEqual([]);
	});

	it.each(operations)('%s, Continue On Fail: an error item per failed input, the others done', async (operation, method) => {
		const result = await run({ operation, groupId: byId('={{ $json.group }}'), joinApprovalRequired: true }, [{ group: NOT_ADMIN_GROUP }, { group: GROUP }], true);
		expect(result.executionError).toBeUndefined();
		const output = result.outputOf(NODE_NAME);
		expect(output[0]).toEqual({ error: expect.stringContaining('not an admin') });
		expect(output[1]).toMatchObject({ groupId: GROUP });
		expect(result.pairedItemsOf(NODE_NAME)).toEqual([[{ item: 0 }], [{ item: 1 }]]);
		expect(groupCalls().filter((c) => c.method === method && c.status === 200).length).toBe(1);
	});

	it('retries run out on a lasting 500, then the error says so', async () => {
		whapi.failNext(10, { status: 500, path: '/invite$' });
		const result = await run({ operation: 'getInviteLink', groupId: fromList(GROUP), options: { maxRetries: 1 } });
		expect(result.executionError).toMatchObject({ httpCode: '500', message: expect.stringContaining('server error') });
		expect(groupCalls()).toHaveLength(2);
	});
});
