// Webhook delivery like Whapi's: retried until HTTP 200 with a linear back-off, counted, and kept
// across a stand-in restart with callback_persist.
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');
const { once } = require('node:events');
const { startWhapiStandIn } = require('.');

const GROUP = '120363000000000001@g.us';
const GROUPS_PUT = [{ type: 'groups', method: 'put' }];
// 3000 ms steps scaled to 3 ms, capped at 900000 ms scaled to 900 ms.
const SCALE = 0.001;

/** A receiver that answers the statuses given, in turn (the last one for ever), and records arrival times. */
async function startReceiver(statuses) {
	const arrivals = [];
	const server = http.createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			arrivals.push(Date.now());
			res.writeHead(statuses[Math.min(arrivals.length, statuses.length) - 1]).end('ok');
		});
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const url = `http://127.0.0.1:${server.address().port}/hook`;
	return { url, arrivals, close: () => new Promise((resolve) => server.close(resolve)) };
}

const open = [];
const closeAll = async () => {
	for (const close of open.splice(0).reverse()) await close();
};
afterEach(closeAll);

async function standIn(options) {
	const whapi = await startWhapiStandIn({ delivery: { scale: SCALE }, ...options });
	open.push(() => whapi.close());
	whapi.addGroup({ id: GROUP, name: 'Cohort A' });
	return whapi;
}

test('retries until 200, waiting one more back-off step after each failure', async () => {
	const receiver = await startReceiver([500, 503, 401, 200]);
	open.push(receiver.close);
	const whapi = await standIn();
	whapi.settings.callback_backoff_delay_ms = 15000; // 15 ms scaled
	whapi.webhooks = [{ url: receiver.url, events: GROUPS_PUT }];
	const seen = [];
	whapi.on('delivery', (d) => seen.push(d));
	const [first] = await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100000'] });
	expect(first.status).toBe(500);
	expect(whapi.deliveries).toEqual({ attempts: 1, delivered: 0, pending: 1 });
	await whapi.deliveriesDrained(5000);
	expect(whapi.deliveries).toEqual({ attempts: 4, delivered: 1, pending: 0 });
	expect(seen.map((d) => [d.attempt, d.status])).toEqual([[1, 500], [2, 503], [3, 401], [4, 200]]);
	expect(new Set(seen.map((d) => d.id)).size).toBe(1);
	const gaps = receiver.arrivals.slice(1).map((t, i) => t - receiver.arrivals[i]);
	// Linear: 15, 30, 45 ms (timers never fire early; the bounds leave room for a loaded machine).
	expect(gaps[0]).toBeGreaterThanOrEqual(14);
	expect(gaps[1]).toBeGreaterThanOrEqual(29);
	expect(gaps[2]).toBeGreaterThanOrEqual(44);
});

test('the wait after the n-th failure is n steps, capped by max_callback_backoff_delay_ms, times scale', async () => {
	const whapi = await standIn();
	Object.assign(whapi.settings, { callback_backoff_delay_ms: 15000, max_callback_backoff_delay_ms: 600000 });
	expect([1, 2, 39, 40, 41, 500].map((n) => whapi.delivery.backoffMs(n))).toEqual([15, 30, 585, 600, 600, 600]);
	whapi.settings.callback_backoff_delay_ms = 3000;
	expect(whapi.delivery.backoffMs(3)).toBe(9);
});

test('nobody listening: keeps retrying, then delivers once the receiver is up, each event once', async () => {
	const receiver = await startReceiver([200]);
	const { url } = receiver;
	await receiver.close();
	const whapi = await standIn();
	whapi.webhooks = [{ url, events: GROUPS_PUT }];
	const firsts = await Promise.all(
		['15550100000', '15550100001', '15550100002'].map((p) => whapi.emitGroupsPut({ groupId: GROUP, participants: [p] })),
	);
	expect(firsts.flat().map((d) => d.status)).toEqual([0, 0, 0]);
	await new Promise((resolve) => setTimeout(resolve, 100));
	expect(whapi.deliveries.attempts).toBeGreaterThan(6);
	const port = Number(new URL(url).port);
	const bodies = [];
	const back = http.createServer((req, res) => {
		let text = '';
		req.on('data', (c) => (text += c));
		req.on('end', () => {
			bodies.push(JSON.parse(text).groups_participants[0].participants[0]);
			res.writeHead(200).end();
		});
	});
	back.listen(port, '127.0.0.1');
	await once(back, 'listening');
	open.push(() => new Promise((resolve) => back.close(resolve)));
	await whapi.deliveriesDrained(10000);
	expect(bodies.sort()).toEqual(['15550100000', '15550100001', '15550100002']);
	expect(whapi.deliveries).toMatchObject({ delivered: 3, pending: 0 });
});

test('copies: 2 delivers the same event twice', async () => {
	const receiver = await startReceiver([200]);
	open.push(receiver.close);
	const whapi = await standIn();
	whapi.webhooks = [{ url: receiver.url, events: GROUPS_PUT }];
	const results = await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100000'], copies: 2 });
	expect(results.map((r) => r.status)).toEqual([200, 200]);
	expect(receiver.arrivals).toHaveLength(2);
	expect(whapi.pending(GROUP)).toEqual(['15550100000@s.whatsapp.net']);
});

test('redeliver: false tries each delivery once', async () => {
	const receiver = await startReceiver([500]);
	open.push(receiver.close);
	const whapi = await startWhapiStandIn({ delivery: { scale: SCALE, redeliver: false } });
	open.push(() => whapi.close());
	whapi.addGroup({ id: GROUP, name: 'Cohort A' });
	whapi.webhooks = [{ url: receiver.url, events: GROUPS_PUT }];
	await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100000'] });
	await new Promise((resolve) => setTimeout(resolve, 50));
	expect(whapi.deliveries).toEqual({ attempts: 1, delivered: 0, pending: 0 });
});

describe('callback_persist across a restart', () => {
	let dir;
	beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'whapi-stand-in-'))));
	// Inner hooks run first: stop the stand-ins (which write their state) before removing the folder.
	afterEach(async () => {
		await closeAll();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	async function restartWith(persist) {
		const stateFile = path.join(dir, 'state.json');
		const receiver = await startReceiver([503, 503, 503, 200]);
		open.push(receiver.close);
		const first = await startWhapiStandIn({ token: 't', stateFile, delivery: { scale: 1 } });
		first.addGroup({ id: GROUP, name: 'Cohort A' });
		first.settings.callback_persist = persist;
		first.webhooks = [{ url: receiver.url, events: GROUPS_PUT }];
		await first.emitGroupsPut({ groupId: GROUP, participants: ['15550100000'] });
		await first.close();
		const second = await startWhapiStandIn({ token: 't', stateFile, delivery: { scale: SCALE } });
		open.push(() => second.close());
		return { second, receiver };
	}

	test('on: the undelivered event is delivered by the restarted stand-in, queue and webhooks kept', async () => {
		const { second, receiver } = await restartWith(true);
		expect(second.pending(GROUP)).toEqual(['15550100000@s.whatsapp.net']);
		expect(second.webhooks).toHaveLength(1);
		await second.deliveriesDrained(5000);
		expect(receiver.arrivals).toHaveLength(4);
		expect(second.deliveries).toMatchObject({ delivered: 1, pending: 0 });
	});

	test('off: the undelivered event is dropped', async () => {
		const { second, receiver } = await restartWith(false);
		expect(second.deliveries).toEqual({ attempts: 0, delivered: 0, pending: 0 });
		expect(receiver.arrivals).toHaveLength(1);
		expect(second.pending(GROUP)).toEqual(['15550100000@s.whatsapp.net']);
	});

	test('the ledger survives too', async () => {
		const stateFile = path.join(dir, 'state.json');
		const first = await startWhapiStandIn({ token: 't', stateFile });
		first.addGroup({ id: GROUP, name: 'Cohort A' });
		first.addPending(GROUP, '15550100000');
		await fetch(`${first.baseUrl}/groups/${GROUP}/applications`, {
			method: 'DELETE',
			headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' },
			body: JSON.stringify({ application: '15550100000@s.whatsapp.net' }),
		});
		await first.close();
		const second = await startWhapiStandIn({ token: 't', stateFile });
		open.push(() => second.close());
		expect(second.tally(GROUP)).toEqual({ '15550100000@s.whatsapp.net': { accepted: 0, rejected: 1 } });
	});
});
