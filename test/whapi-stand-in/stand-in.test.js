const http = require('node:http');
const { once } = require('node:events');
const { startWhapiStandIn } = require('.');

const TOKEN = 'good-token';
const GROUP = '120363000000000001@g.us';
const OTHER_GROUP = '120363000000000002@g.us';
const ALICE = '15550100000@s.whatsapp.net';
const BOB = '15550100001@s.whatsapp.net';
const LID = '123456789012345@lid';

let whapi;

beforeEach(async () => {
	whapi = await startWhapiStandIn({ token: TOKEN, channelId: 'MANTIS-M72HC' });
	whapi.addGroup({ id: GROUP, name: 'Cohort A' });
});

afterEach(() => whapi.close());

async function call(method, path, { body, token = TOKEN, headers = {} } = {}) {
	const res = await fetch(whapi.baseUrl + path, {
		method,
		headers: {
			...(token ? { Authorization: `Bearer ${token}` } : {}),
			...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
			...headers,
		},
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

const applications = (group = GROUP) => `/groups/${encodeURIComponent(group)}/applications`;
const errorBody = (code, message) => ({ error: expect.objectContaining({ code, message }) });

/** A throwaway receiver for webhook deliveries. */
async function startReceiver(status = 200) {
	const received = [];
	const server = http.createServer((req, res) => {
		let text = '';
		req.on('data', (chunk) => (text += chunk));
		req.on('end', () => {
			received.push({ method: req.method, url: req.url, headers: req.headers, body: JSON.parse(text) });
			res.writeHead(status).end('ok');
		});
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const url = `http://127.0.0.1:${server.address().port}/hook`;
	return { url, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('start and identity', () => {
	test('listens on a random loopback port and exposes token and channel', () => {
		expect(whapi.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(whapi.token).toBe(TOKEN);
		expect(whapi.channelId).toBe('MANTIS-M72HC');
	});

	test('a random token when none is given', async () => {
		const other = await startWhapiStandIn();
		try {
			expect(other.token).toMatch(/^[0-9a-f]{32}$/);
		} finally {
			await other.close();
		}
	});
});

describe('auth', () => {
	test.each([
		['no token', undefined],
		['a wrong token', 'bad-token'],
	])('%s answers 404 Channel not found', async (_label, token) => {
		const res = await call('GET', '/groups', { token: token ?? '' });
		expect(res.status).toBe(404);
		expect(res.body).toEqual({ error: { code: 404, message: 'Channel not found' } });
	});

	test('a token in the query string is ignored', async () => {
		const res = await call('GET', `/groups?token=${TOKEN}`, { token: '' });
		expect(res.status).toBe(404);
		expect(res.body.error.message).toBe('Channel not found');
	});

	test('unknown paths answer 404 with an error body', async () => {
		const res = await call('GET', '/messages/list');
		expect(res.status).toBe(404);
		expect(res.body).toEqual(errorBody(404, 'Not found'));
	});
});

describe('GET /health', () => {
	test('reports AUTH, the channel and its user, and records wakeup', async () => {
		const res = await call('GET', '/health?wakeup=false');
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({
			channel_id: 'MANTIS-M72HC',
			start_at: expect.any(Number),
			uptime: expect.any(Number),
			status: { code: 4, text: 'AUTH' },
			user: { id: '15550009999' },
		});
		expect(whapi.calls[0].query.wakeup).toBe('false');
		expect(whapi.wakeups).toBe(0);
		await call('GET', '/health');
		expect(whapi.wakeups).toBe(1);
	});

	test('logged out: health says QR, every other authenticated call 401', async () => {
		whapi.setLoggedOut(true);
		const health = await call('GET', '/health?wakeup=false');
		expect(health.status).toBe(200);
		expect(health.body.status).toEqual({ code: 3, text: 'QR' });
		for (const path of ['/groups', '/settings', applications()]) {
			const res = await call('GET', path);
			expect(res.status).toBe(401);
			expect(res.body).toEqual({ error: { code: 401, message: 'Need channel authorization' } });
		}
		expect((await call('GET', '/groups', { token: 'bad' })).status).toBe(404);
		whapi.setLoggedOut(false);
		expect((await call('GET', '/groups')).status).toBe(200);
	});
});

describe('GET /groups', () => {
	test('lists groups with the channel as admin or member, paged', async () => {
		whapi.addGroup({ id: OTHER_GROUP, name: 'Cohort B', admin: false });
		const res = await call('GET', '/groups?count=1&offset=1');
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			groups: [
				expect.objectContaining({
					id: OTHER_GROUP,
					name: 'Cohort B',
					type: 'group',
					participants: [{ id: '15550009999', rank: 'member' }],
				}),
			],
			count: 1,
			total: 2,
			offset: 1,
		});
		const first = await call('GET', '/groups');
		expect(first.body.groups[0].participants).toEqual([{ id: '15550009999', rank: 'admin' }]);
	});

	test.each(['501', '0', 'abc'])('count=%s answers 400', async (count) => {
		const res = await call('GET', `/groups?count=${count}`);
		expect(res.status).toBe(400);
		expect(res.body.error.code).toBe(400);
	});
});

describe('GET /groups/{GroupID}/applications', () => {
	test('lists pending requests in order with count, total and offset', async () => {
		whapi.addPending(GROUP, '15550100000', { timestamp: 1717680789 });
		whapi.addPending(GROUP, LID, { requestMethod: 'linked_group_join', timestamp: 1717680790 });
		const res = await call('GET', applications());
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			applications: [
				{ chatId: ALICE, request_method: 'invite_link', timestamp: 1717680789 },
				{ chatId: LID, request_method: 'linked_group_join', timestamp: 1717680790 },
			],
			count: 2,
			total: 2,
			offset: 0,
		});
		const page = await call('GET', `${applications()}?count=1&offset=1`);
		expect(page.body).toMatchObject({ applications: [{ chatId: LID }], count: 1, total: 2, offset: 1 });
	});

	test('an unencoded @ in the group id works too', async () => {
		expect((await call('GET', `/groups/${GROUP}/applications`)).status).toBe(200);
	});

	test('timestamp defaults to now', () => {
		const before = Math.floor(Date.now() / 1000);
		whapi.addPending(GROUP, ALICE);
		expect(whapi.groups.get(GROUP).queue[0].timestamp).toBeGreaterThanOrEqual(before);
	});

	test('the unverified shapes: chat_id key, bare array', async () => {
		whapi.addPending(GROUP, ALICE);
		whapi.options.listKey = 'chat_id';
		expect((await call('GET', applications())).body.applications).toEqual([
			{ chat_id: ALICE, request_method: 'invite_link', timestamp: expect.any(Number) },
		]);
		whapi.options.bareArray = true;
		expect((await call('GET', applications())).body).toEqual([expect.objectContaining({ chat_id: ALICE })]);
	});

	test.each([
		['count above 500', 400, `${applications()}?count=501`],
		['count below 1', 400, `${applications()}?count=0`],
		['a malformed group id', 400, applications('not-a-group@g.us')],
		['a malformed escape in the group id', 400, '/groups/%E0%A4%A/applications'],
		['an unknown group', 404, applications('120363999999999999@g.us')],
	])('%s answers %i', async (_label, status, path) => {
		const res = await call('GET', path);
		expect(res.status).toBe(status);
		expect(res.body.error.code).toBe(status);
		if (status === 404) expect(res.body.error.message).toBe('Group not found');
	});

	test('a group where the channel is not admin answers 403 for list, accept and reject', async () => {
		whapi.addGroup({ id: OTHER_GROUP, name: 'Cohort B', admin: false, approvalRequired: true });
		whapi.addPending(OTHER_GROUP, ALICE);
		for (const method of ['GET', 'POST', 'DELETE']) {
			const res = await call(method, applications(OTHER_GROUP), method === 'GET' ? {} : { body: { application: ALICE } });
			expect(res.status).toBe(403);
			expect(res.body).toEqual({ error: { code: 403, message: 'Not permitted' } });
		}
		expect(whapi.pending(OTHER_GROUP)).toEqual([ALICE]);
	});

	test('a group without approval has no queue', () => {
		whapi.addGroup({ id: OTHER_GROUP, name: 'Open', approvalRequired: false });
		expect(() => whapi.addPending(OTHER_GROUP, ALICE)).toThrow(/does not require approval/);
		expect(whapi.pending(OTHER_GROUP)).toEqual([]);
	});
});

describe('accept and reject', () => {
	beforeEach(() => {
		whapi.addPending(GROUP, ALICE);
		whapi.addPending(GROUP, '15550100001');
		whapi.addPending(GROUP, LID);
	});

	test('POST accepts, DELETE rejects; each removes the applicant and is a decision', async () => {
		const accepted = await call('POST', applications(), { body: { application: ALICE } });
		expect(accepted).toMatchObject({ status: 200, body: [{ chatId: ALICE, success: true }] });
		const rejected = await call('DELETE', applications(), { body: { application: LID } });
		expect(rejected).toMatchObject({ status: 200, body: [{ chatId: LID, success: true }] });
		expect(whapi.pending(GROUP)).toEqual([BOB]);
		expect(whapi.decisions).toEqual([
			{ groupId: GROUP, applicant: ALICE, decision: 'accepted', outcome: 'done' },
			{ groupId: GROUP, applicant: LID, decision: 'rejected', outcome: 'done' },
		]);
		const groups = await call('GET', '/groups');
		expect(groups.body.groups[0].participants).toContainEqual({ id: '15550100000', rank: 'member' });
	});

	test.each([
		['bare digits', '15550100001'],
		['a chat ID of 9 digits', '155501000@s.whatsapp.net'],
		['an @lid of 9 digits', '123456789@lid'],
		['a chat ID of 32 digits', `${'1'.repeat(32)}@s.whatsapp.net`],
		['a chat ID without a domain', '15550100001@'],
	])('%s is refused as the application value, as the spec refuses it', async (_label, application) => {
		const res = await call('POST', applications(), { body: { application } });
		expect(res.status).toBe(400);
		expect(whapi.pending(GROUP)).toEqual([ALICE, BOB, LID]);
	});

	test('an applicant not pending answers 200 success:false Application not found', async () => {
		const res = await call('DELETE', applications(), { body: { application: '15550199999@s.whatsapp.net' } });
		expect(res).toMatchObject({
			status: 200,
			body: [{ chatId: '15550199999@s.whatsapp.net', success: false, error: 'Application not found' }],
		});
		expect(whapi.decisions).toEqual([
			{ groupId: GROUP, applicant: '15550199999@s.whatsapp.net', decision: 'rejected', outcome: 'not_pending' },
		]);
	});

	test.each([
		['no body', undefined],
		['a body without application', { chatId: ALICE }],
		['a malformed application', { application: 'alice' }],
		['text that is not JSON', 'application=15550100000'],
	])('%s answers 400', async (_label, body) => {
		const res = await call('POST', applications(), { body });
		expect(res.status).toBe(400);
		expect(res.body.error.code).toBe(400);
		expect(whapi.pending(GROUP)).toHaveLength(3);
	});

	test('an unknown group answers 404', async () => {
		const res = await call('POST', applications('120363999999999999@g.us'), { body: { application: ALICE } });
		expect(res.status).toBe(404);
		expect(res.body.error.message).toBe('Group not found');
	});
});

describe('POST /messages/text', () => {
	test('records the text and answers like Whapi: sent, with the message', async () => {
		const res = await call('POST', '/messages/text', { body: { to: '15550100042', body: 'Join request waiting' } });
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			sent: true,
			message: {
				id: expect.stringMatching(/^[0-9a-f]{16}-[0-9a-f]{8}$/),
				from_me: true,
				type: 'text',
				chat_id: '15550100042@s.whatsapp.net',
				timestamp: expect.any(Number),
				source: 'api',
				status: 'pending',
				text: { body: 'Join request waiting' },
				from: whapi.phone,
			},
		});
		expect(whapi.messages).toEqual([
			{
				id: res.body.message.id,
				to: '15550100042',
				chatId: '15550100042@s.whatsapp.net',
				body: 'Join request waiting',
				timestamp: res.body.message.timestamp,
			},
		]);
	});

	test('a chat ID is kept as the recipient', async () => {
		await call('POST', '/messages/text', { body: { to: GROUP, body: 'to the group' } });
		expect(whapi.messages.map((m) => m.chatId)).toEqual([GROUP]);
	});

	test.each([
		['no to', { body: 'hi' }],
		['a malformed to', { to: '+1 555', body: 'hi' }],
		['no body', { to: '15550100042' }],
		['an empty body', { to: '15550100042', body: '' }],
	])('%s answers 400 and sends nothing', async (_label, body) => {
		const res = await call('POST', '/messages/text', { body });
		expect(res.status).toBe(400);
		expect(res.body).toEqual(errorBody(400, 'Wrong request parameters'));
		expect(whapi.messages).toEqual([]);
	});

	test('needs the token and a logged-in session', async () => {
		const message = { to: '15550100042', body: 'hi' };
		expect((await call('POST', '/messages/text', { body: message, token: 'bad' })).status).toBe(404);
		whapi.setLoggedOut(true);
		expect((await call('POST', '/messages/text', { body: message })).status).toBe(401);
		expect(whapi.messages).toEqual([]);
	});
});

describe('settings and webhooks', () => {
	const ours = {
		url: 'http://n8n.test/webhook/x',
		mode: 'body',
		events: [{ type: 'groups', method: 'put' }],
		headers: { 'X-Secret': 's' },
	};
	const foreign = { url: 'https://crm.test/hook', mode: 'method', events: [{ type: 'messages', method: 'post' }] };

	test('GET /settings returns the webhooks among other fields', async () => {
		whapi.webhooks = [foreign];
		const res = await call('GET', '/settings');
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ webhooks: [foreign], callback_persist: expect.any(Boolean) });
	});

	test('PATCH replaces the array whole and answers before/after/changes', async () => {
		whapi.webhooks = [foreign];
		const res = await call('PATCH', '/settings', { body: { webhooks: [foreign, ours] } });
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			before_update: expect.objectContaining({ webhooks: [foreign] }),
			after_update: expect.objectContaining({ webhooks: [foreign, ours] }),
			changes: ['webhooks'],
		});
		expect(res.body.webhooks).toBeUndefined();
		await call('PATCH', '/settings', { body: { webhooks: [ours] } });
		expect(whapi.webhooks).toEqual([ours]);
	});

	test('fields left out of the PATCH are unchanged', async () => {
		whapi.webhooks = [foreign];
		const res = await call('PATCH', '/settings', { body: { callback_persist: false } });
		expect(res.body.changes).toEqual(['callback_persist']);
		expect(whapi.webhooks).toEqual([foreign]);
		expect((await call('GET', '/settings')).body.callback_persist).toBe(false);
	});

	test('an entry without mode or events gets the spec defaults', async () => {
		await call('PATCH', '/settings', { body: { webhooks: [{ url: 'http://x.test/' }] } });
		const defaults = { mode: 'body', events: [{ type: 'messages', method: 'put' }] };
		expect(whapi.webhooks).toEqual([{ url: 'http://x.test/', ...defaults }]);
	});

	test.each([
		['webhooks not an array', { webhooks: {} }],
		['an entry without url', { webhooks: [{ mode: 'body', events: [] }] }],
		['a bad mode', { webhooks: [{ ...ours, mode: 'post' }] }],
		['events not an array', { webhooks: [{ ...ours, events: 'groups' }] }],
		['an event without method', { webhooks: [{ ...ours, events: [{ type: 'groups' }] }] }],
		['six headers', { webhooks: [{ ...ours, headers: { a: '1', b: '2', c: '3', d: '4', e: '5', f: '6' } }] }],
		['a body that is not an object', [ours]],
	])('%s answers 400 Wrong settings format', async (_label, body) => {
		whapi.webhooks = [foreign];
		const res = await call('PATCH', '/settings', { body });
		expect(res.status).toBe(400);
		expect(res.body).toEqual(errorBody(400, 'Wrong settings format'));
		expect(whapi.webhooks).toEqual([foreign]);
	});
});

describe('webhook delivery', () => {
	let receiver;
	beforeEach(async () => {
		receiver = await startReceiver();
	});
	afterEach(() => receiver.close());

	test('emitGroupsPut posts the groups.put body with the entry headers to subscribed entries only', async () => {
		whapi.webhooks = [
			{ url: 'http://127.0.0.1:1/not-subscribed', mode: 'body', events: [{ type: 'messages', method: 'post' }] },
			{
				url: receiver.url,
				mode: 'body',
				events: [{ type: 'groups', method: 'put' }],
				headers: { 'X-Whapi-Secret': 'abc' },
			},
		];
		const results = await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100000'], action: 'request' });
		expect(results).toEqual([{ url: receiver.url, status: 200, body: 'ok' }]);
		expect(receiver.received).toHaveLength(1);
		const [delivery] = receiver.received;
		expect(delivery.method).toBe('POST');
		expect(delivery.headers['x-whapi-secret']).toBe('abc');
		expect(delivery.headers['content-type']).toBe('application/json');
		expect(delivery.body).toEqual({
			groups_participants: [{ group_id: GROUP, participants: ['15550100000'], action: 'request' }],
			event: { type: 'groups', event: 'put' },
			channel_id: 'MANTIS-M72HC',
		});
	});

	test('envelopeKey method uses the spec shape', async () => {
		whapi.webhooks = [{ url: receiver.url, mode: 'body', events: [{ type: 'groups', method: 'put' }] }];
		await whapi.emitGroupsPut({ groupId: GROUP, participants: [LID], action: 'add', envelopeKey: 'method' });
		expect(receiver.received[0].body.event).toEqual({ type: 'groups', method: 'put' });
	});

	test('mode method delivers with PUT, mode path to <url>/groups/put', async () => {
		const groupsPut = [{ type: 'groups', method: 'put' }];
		whapi.webhooks = [
			{ url: receiver.url, mode: 'method', events: groupsPut },
			{ url: `${receiver.url}/`, mode: 'path', events: groupsPut },
		];
		await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100000'] });
		const seen = receiver.received.map((r) => `${r.method} ${r.url}`).sort();
		expect(seen).toEqual(['POST /hook/groups/put', 'PUT /hook']);
	});

	test('a request joins the queue and a revoked request leaves it', async () => {
		await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100000', LID], action: 'request' });
		expect(whapi.pending(GROUP)).toEqual([ALICE, LID]);
		await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100000'], action: 'revoke_request' });
		expect(whapi.pending(GROUP)).toEqual([LID]);
	});

	test('deliver reports the receiver status, and status 0 when nobody listens', async () => {
		const refusing = await startReceiver(401);
		try {
			const result = await whapi.deliver(refusing.url, { a: 1 }, { 'X-A': 'b' });
			expect(result).toEqual({ url: refusing.url, status: 401, body: 'ok' });
			expect(refusing.received[0].headers['x-a']).toBe('b');
		} finally {
			await refusing.close();
		}
		const down = await whapi.deliver('http://127.0.0.1:1/', {});
		expect(down).toMatchObject({ status: 0, error: expect.any(String) });
	});
});

describe('faults', () => {
	beforeEach(() => whapi.addPending(GROUP, ALICE));

	test('429 with Retry-After, then served normally', async () => {
		whapi.failNext(1, { status: 429, retryAfter: 2 });
		const limited = await call('GET', applications());
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('2');
		expect(limited.body).toEqual(errorBody(429, 'Too many requests'));
		expect((await call('GET', applications())).status).toBe(200);
	});

	test.each([500, 502, 503, 504])('%i with an error body, for n calls', async (status) => {
		whapi.failNext(2, { status });
		expect((await call('GET', '/groups')).status).toBe(status);
		const second = await call('GET', '/health');
		expect(second.status).toBe(status);
		expect(second.body.error.code).toBe(status);
		expect((await call('GET', '/groups')).status).toBe(200);
	});

	test('path and method narrow a fault to matching calls', async () => {
		whapi.failNext(1, { status: 500, path: /\/applications$/, method: 'POST' });
		expect((await call('GET', applications())).status).toBe(200);
		expect((await call('POST', applications(), { body: { application: ALICE } })).status).toBe(500);
		expect(whapi.pending(GROUP)).toEqual([ALICE]);
		expect(whapi.decisions).toEqual([{ groupId: GROUP, applicant: ALICE, decision: 'accepted', outcome: 'failed' }]);
	});

	test('reset destroys the socket without answering, and the call is recorded', async () => {
		whapi.failNext(1, { reset: true });
		await expect(call('GET', '/groups')).rejects.toThrow();
		expect(whapi.calls).toEqual([expect.objectContaining({ method: 'GET', path: '/groups', status: 0 })]);
		expect((await call('GET', '/groups')).status).toBe(200);
	});

	test('successFalse fails only a decision, in a 200, and the applicant stays pending', async () => {
		whapi.failNext(1, { successFalse: true, error: 'Something went wrong' });
		expect((await call('GET', applications())).status).toBe(200);
		const res = await call('POST', applications(), { body: { application: ALICE } });
		expect(res).toMatchObject({ status: 200, body: [{ chatId: ALICE, success: false, error: 'Something went wrong' }] });
		expect(whapi.pending(GROUP)).toEqual([ALICE]);
		expect(whapi.decisions).toEqual([{ groupId: GROUP, applicant: ALICE, decision: 'accepted', outcome: 'failed' }]);
	});

	test.each([502, 504])('lostAnswer %i: the decision takes effect, the client hears only the error', async (status) => {
		whapi.failNext(1, { lostAnswer: status, method: 'POST' });
		const res = await call('POST', applications(), { body: { application: ALICE } });
		expect(res.status).toBe(status);
		expect(whapi.pending(GROUP)).toEqual([]);
		expect(whapi.decisions).toEqual([{ groupId: GROUP, applicant: ALICE, decision: 'accepted', outcome: 'done' }]);
		expect(whapi.calls[0].effect).toEqual([{ chatId: ALICE, success: true }]);
	});

	test('lostAnswer reset: the decision takes effect, the socket is destroyed', async () => {
		whapi.failNext(1, { lostAnswer: 'reset' });
		await expect(call('DELETE', applications(), { body: { application: ALICE } })).rejects.toThrow();
		expect(whapi.pending(GROUP)).toEqual([]);
		expect(whapi.decisions).toEqual([{ groupId: GROUP, applicant: ALICE, decision: 'rejected', outcome: 'done' }]);
	});

	test('lostAnswer hang: the decision takes effect and no answer comes before the client gives up', async () => {
		whapi.failNext(1, { lostAnswer: 'hang' });
		const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
		const pending = fetch(whapi.baseUrl + applications(), {
			method: 'POST',
			headers,
			body: JSON.stringify({ application: ALICE }),
			signal: AbortSignal.timeout(200),
		});
		await expect(pending).rejects.toThrow();
		expect(whapi.pending(GROUP)).toEqual([]);
		expect(whapi.decisions).toEqual([{ groupId: GROUP, applicant: ALICE, decision: 'accepted', outcome: 'done' }]);
	});

	test('body answers that JSON instead of serving, once', async () => {
		whapi.failNext(1, { body: { groups: [null] }, path: '^/groups$' });
		expect(await call('GET', '/groups')).toMatchObject({ status: 200, body: { groups: [null] } });
		whapi.failNext(1, { body: null, status: 200 });
		expect((await call('GET', '/groups')).body).toBeNull();
		expect((await call('GET', '/groups')).body.groups).toHaveLength(1);
	});

	test('ignoreOffset serves both lists from the start whatever the offset', async () => {
		whapi.addGroup({ id: OTHER_GROUP, name: 'Cohort B' });
		whapi.options.ignoreOffset = true;
		expect((await call('GET', '/groups?count=1&offset=1')).body.groups.map((g) => g.id)).toEqual([GROUP]);
		expect((await call('GET', `${applications()}?count=1&offset=5`)).body.applications).toEqual([
			expect.objectContaining({ chatId: ALICE }),
		]);
	});

	test('delayMs serves normally after the delay, so a client timeout fires', async () => {
		whapi.failNext(1, { delayMs: 300 });
		const headers = { Authorization: `Bearer ${TOKEN}` };
		const timedOut = fetch(`${whapi.baseUrl}/groups`, { signal: AbortSignal.timeout(50), headers });
		await expect(timedOut).rejects.toThrow();
		whapi.failNext(1, { delayMs: 100 });
		const started = Date.now();
		expect((await call('GET', '/groups')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(90);
	});

	test('latency delays every answer', async () => {
		whapi.latency(80);
		const started = Date.now();
		await call('GET', '/health');
		await call('GET', '/groups');
		expect(Date.now() - started).toBeGreaterThanOrEqual(150);
	});

	test('latency with jitter spreads the delays over latency ± jitter', () => {
		whapi.latency(50, 20);
		const delays = Array.from({ length: 400 }, () => whapi.drawLatency());
		expect(Math.min(...delays)).toBeGreaterThanOrEqual(30);
		expect(Math.max(...delays)).toBeLessThanOrEqual(70);
		// Spread, not fixed: both halves of the range are drawn.
		expect(delays.some((d) => d < 45)).toBe(true);
		expect(delays.some((d) => d > 55)).toBe(true);
		whapi.latency(5, 20);
		expect(Math.min(...Array.from({ length: 200 }, () => whapi.drawLatency()))).toBe(0);
		whapi.latency(25);
		expect(whapi.drawLatency()).toBe(25);
	});

	test("'received' comes when a call arrives, 'call' once it is answered", async () => {
		const seen = [];
		whapi.on('received', (c) => seen.push(['received', c.path, c.status]));
		whapi.on('call', (c) => seen.push(['call', c.path, c.status]));
		whapi.latency(30);
		const arrived = new Promise((resolve) => whapi.once('received', resolve));
		const answered = call('GET', '/groups');
		await arrived;
		expect(seen).toEqual([['received', '/groups', 0]]);
		await answered;
		expect(seen).toEqual([
			['received', '/groups', 0],
			['call', '/groups', 200],
		]);
	});
});

describe('recording', () => {
	test('every call is recorded with method, path, query, lowercased headers, parsed body and status', async () => {
		whapi.addPending(GROUP, ALICE);
		await call('GET', '/groups?count=10', { token: 'wrong' });
		await call('POST', applications(), { body: { application: ALICE }, headers: { 'X-Trace': 't1' } });
		expect(whapi.calls).toEqual([
			expect.objectContaining({ method: 'GET', path: '/groups', query: { count: '10' }, status: 404 }),
			expect.objectContaining({
				method: 'POST',
				path: `/groups/${encodeURIComponent(GROUP)}/applications`,
				body: { application: ALICE },
				status: 200,
				response: [{ chatId: ALICE, success: true }],
				headers: expect.objectContaining({ authorization: `Bearer ${TOKEN}`, 'x-trace': 't1' }),
			}),
		]);
	});

	test('waitForCall resolves with a past or a future matching call', async () => {
		await call('GET', '/health');
		await expect(whapi.waitForCall((c) => c.path === '/health')).resolves.toMatchObject({ status: 200 });
		const pending = whapi.waitForCall((c) => c.path === '/groups', 2000);
		await call('GET', '/groups');
		await expect(pending).resolves.toMatchObject({ path: '/groups' });
		await expect(whapi.waitForCall((c) => c.path === '/never', 50)).rejects.toThrow(/no matching call/);
	});
});
