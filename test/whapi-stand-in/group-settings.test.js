const { startWhapiStandIn } = require('.');

const TOKEN = 'good-token';
const GROUP = '120363000000000001@g.us';
const NOT_ADMIN = '120363000000000002@g.us';
const UNKNOWN = '120363000000000009@g.us';
const INVITE_CODE = /^[A-Za-z0-9]{14,22}$/;

let whapi;
let group;

beforeEach(async () => {
	whapi = await startWhapiStandIn({ token: TOKEN });
	group = whapi.addGroup({ id: GROUP, name: 'Cohort A' });
	whapi.addGroup({ id: NOT_ADMIN, name: 'Members only', admin: false });
});

afterEach(() => whapi.close());

async function call(method, path, body, token = TOKEN) {
	const res = await fetch(whapi.baseUrl + path, {
		method,
		headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const settings = (id = GROUP) => `/groups/${encodeURIComponent(id)}`;
const invite = (id = GROUP) => `/groups/${encodeURIComponent(id)}/invite`;

describe('PATCH /groups/{GroupID}: approve_participants', () => {
	test('admins turns approval on, anyone turns it off, each answering success', async () => {
		group.approvalRequired = false;
		expect(await call('PATCH', settings(), { setting: 'approve_participants', policy: 'admins' })).toEqual({
			status: 200,
			body: { success: true },
		});
		expect(group.approvalRequired).toBe(true);
		whapi.addPending(GROUP, '15550100000');
		expect(await call('PATCH', settings(), { setting: 'approve_participants', policy: 'anyone' })).toEqual({
			status: 200,
			body: { success: true },
		});
		expect(group.approvalRequired).toBe(false);
		expect(() => whapi.addPending(GROUP, '15550100001')).toThrow(/does not require approval/);
	});

	test('switching approval off admits the waiting applicants, as the WhatsApp app does', async () => {
		whapi.addPending(GROUP, '15550100000');
		await call('PATCH', settings(), { setting: 'approve_participants', policy: 'anyone' });
		expect(whapi.pending(GROUP)).toEqual([]);
		expect(group.members).toEqual(['15550100000']);
	});

	test('other settings are stored without touching approval', async () => {
		expect((await call('PATCH', settings(), { setting: 'send_messages', policy: 'admins' })).status).toBe(200);
		expect(group.policies).toEqual({ send_messages: 'admins' });
		expect(group.approvalRequired).toBe(true);
	});

	test.each([
		['the spec example body', { subject: 'New name' }],
		['no policy', { setting: 'approve_participants' }],
		['an unknown policy', { setting: 'approve_participants', policy: 'all' }],
		['an unknown setting', { setting: 'approve', policy: 'admins' }],
		['a boolean instead of a policy', { setting: 'approve_participants', policy: true }],
		['no body', undefined],
	])('%s answers 400 and changes nothing', async (_, body) => {
		const answer = await call('PATCH', settings(), body);
		expect(answer.status).toBe(400);
		expect(answer.body.error).toMatchObject({ code: 400 });
		expect(group.approvalRequired).toBe(true);
	});

	test('a malformed group ID answers 400, an unknown group 404, a group without admin rights 403', async () => {
		const body = { setting: 'approve_participants', policy: 'anyone' };
		expect((await call('PATCH', settings('12345@g.us'), body)).status).toBe(400);
		expect(await call('PATCH', settings(UNKNOWN), body)).toMatchObject({ status: 404, body: { error: { code: 404 } } });
		expect(await call('PATCH', settings(NOT_ADMIN), body)).toMatchObject({ status: 403, body: { error: { code: 403 } } });
		expect(whapi.groups.get(NOT_ADMIN).approvalRequired).toBe(true);
	});

	test('GET /groups/{GroupID} and PUT are not modelled: 404 Not found', async () => {
		expect((await call('GET', settings())).status).toBe(404);
		expect((await call('PUT', settings(), { subject: 'x' })).status).toBe(404);
	});

	test('needs the token', async () => {
		const answer = await call('PATCH', settings(), { setting: 'approve_participants', policy: 'anyone' }, 'bad');
		expect(answer).toMatchObject({ status: 404, body: { error: { message: 'Channel not found' } } });
		expect(group.approvalRequired).toBe(true);
	});
});

describe('/groups/{GroupID}/invite', () => {
	test('GET answers a stable invite code matching the spec pattern', async () => {
		const first = await call('GET', invite());
		expect(first.status).toBe(200);
		expect(first.body).toEqual({ invite_code: expect.stringMatching(INVITE_CODE) });
		expect((await call('GET', invite())).body.invite_code).toBe(first.body.invite_code);
		expect(whapi.inviteCode(GROUP)).toBe(first.body.invite_code);
	});

	test('DELETE revokes: success only (the spec), and GET then gives a new code', async () => {
		const before = (await call('GET', invite())).body.invite_code;
		expect(await call('DELETE', invite())).toEqual({ status: 200, body: { success: true } });
		const after = (await call('GET', invite())).body.invite_code;
		expect(after).toMatch(INVITE_CODE);
		expect(after).not.toBe(before);
	});

	test('revokeCarriesCode answers the new code with the revocation', async () => {
		whapi.options.revokeCarriesCode = true;
		const before = whapi.inviteCode(GROUP);
		const answer = await call('DELETE', invite());
		expect(answer.body).toEqual({ success: true, invite_code: whapi.inviteCode(GROUP) });
		expect(answer.body.invite_code).not.toBe(before);
	});

	test.each(['GET', 'DELETE'])('%s: 400 malformed, 404 unknown group, 403 without admin rights', async (method) => {
		expect((await call(method, invite('abc@g.us'))).status).toBe(400);
		expect((await call(method, invite(UNKNOWN))).status).toBe(404);
		expect((await call(method, invite(NOT_ADMIN))).status).toBe(403);
	});

	test('POST is not a call of this path', async () => {
		expect((await call('POST', invite())).status).toBe(404);
	});

	test('logged out answers 401', async () => {
		whapi.setLoggedOut(true);
		expect((await call('GET', invite())).status).toBe(401);
		expect((await call('DELETE', invite())).status).toBe(401);
	});
});
