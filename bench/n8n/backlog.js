'use strict';
// The backlog both drain benchmarks clear: a group whose queue is filled with `pending` phone
// applicants, and a sweep flow started by a webhook that decides them all in one execution.
const { post } = require('./load');

const BACKLOG = '120363000000000009@g.us';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fills the queue, starts the sweep, and returns the seconds until the queue is empty. Whapi
 * answers after `latency` ms (± `jitter`) meanwhile; a queue not empty after ten minutes is an
 * error. With `inFlight`, returns `{ seconds, inFlight }` instead: the calls in flight at Whapi,
 * on average and as seconds spent at each count.
 */
async function drainBacklog(bench, flow, { pending, latency = 0, jitter = 0, inFlight = false }) {
	const { whapi } = bench;
	whapi.groups.get(BACKLOG).queue = [];
	for (let i = 0; i < pending; i++) whapi.addPending(BACKLOG, `1555${String(3000000 + i).padStart(7, '0')}`);
	whapi.latency(latency, jitter);
	const counter = inFlight ? countInFlight(whapi) : undefined;
	try {
		const t0 = performance.now();
		const status = await post(flow.url, {}, {});
		if (status !== 200) throw new Error(`sweep webhook answered ${status}`);
		const deadline = Date.now() + 600000;
		while (whapi.groups.get(BACKLOG).queue.length > 0) {
			if (Date.now() > deadline) throw new Error(`${whapi.groups.get(BACKLOG).queue.length} still pending after 10 minutes`);
			await sleep(10);
		}
		const seconds = (performance.now() - t0) / 1000;
		return counter ? { seconds, inFlight: counter.figures() } : seconds;
	} finally {
		counter?.stop();
		whapi.latency(0);
	}
}

/** Counts the calls Whapi holds from the first arrival on; `figures()` gives them, `stop()` ends counting. */
function countInFlight(whapi) {
	let now = 0;
	let since;
	const secondsAt = {};
	const step = (delta) => () => {
		const t = performance.now();
		if (since !== undefined) secondsAt[now] = (secondsAt[now] ?? 0) + (t - since) / 1000;
		since = t;
		now += delta;
	};
	const up = step(1);
	const down = step(-1);
	whapi.on('received', up);
	whapi.on('call', down);
	return {
		stop() {
			whapi.off('received', up);
			whapi.off('call', down);
		},
		figures() {
			const total = Object.values(secondsAt).reduce((a, b) => a + b, 0);
			const weighted = Object.entries(secondsAt).reduce((a, [n, s]) => a + Number(n) * s, 0);
			return { average: total ? weighted / total : 0, idleShare: total ? (secondsAt[0] ?? 0) / total : 0, secondsAt };
		},
	};
}

module.exports = { BACKLOG, drainBacklog, sleep };
