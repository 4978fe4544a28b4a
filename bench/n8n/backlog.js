'use strict';
// The backlog both drain benchmarks clear: a group whose queue is filled with `pending` phone
// applicants, and a sweep flow started by a webhook that decides them all in one execution.
const { post } = require('./load');

const BACKLOG = '120363000000000009@g.us';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fills the queue, starts the sweep, and returns the seconds until the queue is empty. Whapi
 * answers after `latency` ms meanwhile; a queue not empty after ten minutes is an error.
 */
async function drainBacklog(bench, flow, { pending, latency = 0 }) {
	const { whapi } = bench;
	whapi.groups.get(BACKLOG).queue = [];
	for (let i = 0; i < pending; i++) whapi.addPending(BACKLOG, `1555${String(3000000 + i).padStart(7, '0')}`);
	whapi.latency(latency);
	try {
		const t0 = performance.now();
		const status = await post(flow.url, {}, {});
		if (status !== 200) throw new Error(`sweep webhook answered ${status}`);
		const deadline = Date.now() + 600000;
		while (whapi.groups.get(BACKLOG).queue.length > 0) {
			if (Date.now() > deadline) throw new Error(`${whapi.groups.get(BACKLOG).queue.length} still pending after 10 minutes`);
			await sleep(10);
		}
		return (performance.now() - t0) / 1000;
	} finally {
		whapi.latency(0);
	}
}

module.exports = { BACKLOG, drainBacklog, sleep };
