// The stand-in's strictness, the plausible answers it can play where Whapi's is unknown, its fault
// modes and its ledger of decisions that took effect.
const { startWhapiStandIn } = require('.');

const TOKEN = 'good-token';
const GROUP = '120363000000000001@g.us';
const ALICE = '15550100000@s.whatsapp.net';
const BOB = '15550100001@s.whatsapp.net';
const ALICE_LID = '123456789012345@lid';

let whapi;

beforeEach(async () => {
	whapi = await startWhapiStandIn({ token: TOKEN });
	whapi.addGroup({ id: GROUP, name: 'Cohort A' });
});

afterEach(() => whapi.close());

async function call(method, path, { body, signal } = {}) {
	const res = await fetch(whapi.baseUrl + path, {
		method,
		signal,
		headers: { Authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

const applications = `/groups/${encodeURIComponent(GROUP)}/applications`;
const accept = (application) => call('POST', applications, { body: { application } });

describe('never looser than the spec', () => {
	test.each([
		['an @s.whatsapp.net participant', '15550100000@s.whatsapp.net'],
		['six digits', '155501'],
		['sixteen digits', '1555010000000000'],
		['a plus sign', '+15550100000'],
	])('emitGroupsPut refuses %s as an event participant', async (_label, participant) => {
		await expect(whapi.emitGroupsPut({ groupId: GROUP, participants: [participant] })).rejects.toThrow(/digits or <digits>@lid/);
		expect(whapi.pending(GROUP)).toEqual([]);
	});

	test('emitGroupsPut takes bare digits and @lid participants', async () => {
		await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100000', ALICE_LID.replace('123', '999')] });
		expect(whapi.pending(GROUP)).toEqual([ALICE, '999456789012345@lid']);
	});

	test.each([
		['callback_backoff_delay_ms below 3000', { callback_backoff_delay_ms: 100 }],
		['callback_backoff_delay_ms above 15000', { callback_backoff_delay_ms: 20000 }],
		['max_callback_backoff_delay_ms below 600000', { max_callback_backoff_delay_ms: 1000 }],
		['callback_persist not a boolean', { callback_persist: 'yes' }],
	])('PATCH /settings with %s answers 400 and changes nothing', async (_label, body) => {
		const before = JSON.stringify(whapi.settings);
		const res = await call('PATCH', '/settings', { body });
		expect(res.status).toBe(400);
		expect(res.body.error.message).toBe('Wrong settings format');
		expect(JSON.stringify(whapi.settings)).toBe(before);
	});

	test('count 0 and 501 answer 400 on the applications list', async () => {
		for (const count of [0, 501]) expect((await call('GET', `${applications}?count=${count}`)).status).toBe(400);
		expect((await call('GET', `${applications}?count=500`)).status).toBe(200);
	});
});

describe('"not pending" in each plausible shape', () => {
	test.each([
		['success-false', 200, [{ chatId: BOB, success: false, error: 'Application not found' }]],
		[400, 400, { error: { code: 400, message: 'Application not found' } }],
		[404, 404, { error: { code: 404, message: 'Application not found' } }],
	])('notPendingAs %p answers %i', async (notPendingAs, status, body) => {
		whapi.options.notPendingAs = notPendingAs;
		const res = await accept(BOB);
		expect(res).toMatchObject({ status, body });
		expect(whapi.decisions).toEqual([{ groupId: GROUP, applicant: BOB, decision: 'accepted', outcome: 'not_pending' }]);
	});
});

describe('queue listing variants', () => {
	beforeEach(() => {
		for (let i = 0; i < 7; i++) whapi.addPending(GROUP, `1555010000${i}`);
	});

	test('pageLimit serves pages shorter than asked before the last one', async () => {
		whapi.options.pageLimit = 3;
		const first = await call('GET', `${applications}?count=5`);
		expect(first.body).toMatchObject({ count: 3, total: 7, offset: 0 });
		const last = await call('GET', `${applications}?count=5&offset=6`);
		expect(last.body.applications.map((a) => a.chatId)).toEqual(['15550100006@s.whatsapp.net']);
	});

	test('omitTotal leaves total out', async () => {
		whapi.options.omitTotal = true;
		const res = await call('GET', `${applications}?count=2`);
		expect(Object.keys(res.body).sort()).toEqual(['applications', 'count', 'offset']);
	});
});

describe('one person, two identities', () => {
	beforeEach(() => whapi.addContact({ lid: ALICE_LID, phone: '15550100000' }));

	test('event with digits, listed as @lid, decided by either ID once', async () => {
		await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100000'] });
		whapi.options.listIdentity = 'lid';
		const list = await call('GET', applications);
		expect(list.body.applications.map((a) => a.chatId)).toEqual([ALICE_LID]);
		expect(await accept(ALICE)).toMatchObject({ status: 200, body: [{ chatId: ALICE, success: true }] });
		expect((await accept(ALICE_LID)).body[0]).toMatchObject({ success: false, error: 'Application not found' });
		expect(whapi.tally(GROUP)).toEqual({ [ALICE]: { accepted: 1, rejected: 0 } });
	});

	test('event with @lid, listed as the phone', async () => {
		await whapi.emitGroupsPut({ groupId: GROUP, participants: [ALICE_LID] });
		whapi.options.listIdentity = 'phone';
		const list = await call('GET', applications);
		expect(list.body.applications.map((a) => a.chatId)).toEqual([ALICE]);
		await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100000'] });
		expect(whapi.pending(GROUP)).toEqual([ALICE_LID]);
	});
});

describe('settings variants', () => {
	const entry = { url: 'http://127.0.0.1:9/foreign', events: [{ type: 'groups', method: 'put' }], headers: { 'X-Secret': 'foreign-secret' } };

	test('maskHeaders masks header values on read, never in what is stored', async () => {
		whapi.webhooks = [entry];
		whapi.options.maskHeaders = '•••';
		const res = await call('GET', '/settings');
		expect(res.body.webhooks[0].headers).toEqual({ 'X-Secret': '•••' });
		expect(whapi.webhooks[0].headers).toEqual({ 'X-Secret': 'foreign-secret' });
	});

	test('a client writing masked values back destroys the foreign secret, visibly', async () => {
		whapi.webhooks = [entry];
		whapi.options.maskHeaders = true;
		const read = await call('GET', '/settings');
		await call('PATCH', '/settings', { body: { webhooks: read.body.webhooks } });
		expect(whapi.webhooks[0].headers).toEqual({ 'X-Secret': '***' });
	});

	test('settingsWithoutWebhooks leaves webhooks out of GET /settings', async () => {
		whapi.webhooks = [entry];
		whapi.options.settingsWithoutWebhooks = true;
		const res = await call('GET', '/settings');
		expect(res.status).toBe(200);
		expect(res.body).not.toHaveProperty('webhooks');
		expect(res.body).toHaveProperty('callback_persist', true);
	});

	test('a PATCH with noEffect answers as if applied but does not stick', async () => {
		whapi.failNext(1, { method: 'PATCH', path: '^/settings$', noEffect: true });
		const res = await call('PATCH', '/settings', { body: { webhooks: [entry] } });
		expect(res.status).toBe(200);
		expect(res.body.after_update.webhooks).toHaveLength(1);
		expect(whapi.webhooks).toEqual([]);
		expect(whapi.faultCounts).toEqual({ 'no-effect': 1 });
	});

	test('a slowed PATCH answers after its delay', async () => {
		whapi.failNext(1, { method: 'PATCH', delayMs: 150 });
		const started = Date.now();
		await call('PATCH', '/settings', { body: { webhooks: [entry] } });
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect(whapi.webhooks).toHaveLength(1);
	});
});

describe('faults', () => {
	beforeEach(() => whapi.addPending(GROUP, BOB));

	test('429 with retryAfter null sends no Retry-After', async () => {
		whapi.failNext(1, { status: 429, retryAfter: null });
		const res = await accept(BOB);
		expect(res.status).toBe(429);
		expect(res.headers.get('retry-after')).toBeNull();
		expect(whapi.pending(GROUP)).toEqual([BOB]);
	});

	test('lostAnswer 502: the decision takes effect, the caller gets 502, the ledger counts it', async () => {
		whapi.failNext(1, { lostAnswer: 502 });
		const res = await accept(BOB);
		expect(res.status).toBe(502);
		expect(whapi.pending(GROUP)).toEqual([]);
		expect(whapi.tally(GROUP)).toEqual({ [BOB]: { accepted: 1, rejected: 0 } });
		expect(whapi.faultCounts).toEqual({ 'lost-answer-502': 1 });
	});

	test('lostAnswer reset: the decision takes effect and the connection drops', async () => {
		whapi.failNext(1, { lostAnswer: 'reset' });
		await expect(accept(BOB)).rejects.toThrow();
		expect(whapi.applied).toEqual([expect.objectContaining({ applicant: BOB, decision: 'accepted', via: BOB })]);
	});

	test('lostAnswer hang: the decision takes effect and no answer comes before the caller gives up', async () => {
		whapi.failNext(1, { lostAnswer: 'hang' });
		const abort = AbortSignal.timeout(200);
		await expect(call('POST', applications, { body: { application: BOB }, signal: abort })).rejects.toThrow();
		expect(whapi.pending(GROUP)).toEqual([]);
		expect(whapi.tally(GROUP)).toEqual({ [BOB]: { accepted: 1, rejected: 0 } });
	});

	test('hang without effect: nothing decided, released when the caller aborts', async () => {
		whapi.failNext(1, { hang: true, method: 'DELETE' });
		const started = Date.now();
		await expect(call('DELETE', applications, { body: { application: BOB }, signal: AbortSignal.timeout(200) })).rejects.toThrow();
		await whapi.waitForCall((c) => c.method === 'DELETE');
		expect(Date.now() - started).toBeLessThan(2000);
		expect(whapi.pending(GROUP)).toEqual([BOB]);
		expect(whapi.calls[0].status).toBe(0);
	});

	test('random faults are reproducible per call whatever the order, at about the rate asked', async () => {
		const plan = { seed: 42, rates: { decision: 0.3 }, mix: [{ status: 500, label: 'five-hundred' }, { status: 503, weight: 3 }] };
		const run = async (order) => {
			const other = await startWhapiStandIn({ token: TOKEN });
			other.addGroup({ id: GROUP, name: 'A' });
			other.randomFaults(plan);
			const statuses = {};
			for (const i of order) {
				const res = await fetch(`${other.baseUrl}${applications}`, {
					method: 'POST',
					headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
					body: JSON.stringify({ application: `15550${String(i).padStart(6, '0')}@s.whatsapp.net` }),
				});
				statuses[i] = res.status;
			}
			const counts = other.faultCounts;
			await other.close();
			return { statuses, counts };
		};
		const ids = Array.from({ length: 200 }, (_, i) => i);
		const forward = await run(ids);
		const backward = await run([...ids].reverse());
		expect(backward.statuses).toEqual(forward.statuses);
		const failed = Object.values(forward.statuses).filter((s) => s !== 200).length;
		expect(failed).toBeGreaterThan(40);
		expect(failed).toBeLessThan(80);
		expect(forward.counts['five-hundred'] + forward.counts['503']).toBe(failed);
		expect(forward.counts['503']).toBeGreaterThan(forward.counts['five-hundred']);
	});
});
