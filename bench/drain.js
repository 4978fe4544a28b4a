'use strict';
// Backlog drain in real n8n 2.40.7: 1,000 pending join requests behind a Whapi that takes
// 25 ms per call (the stand-in's latency), cleared by one execution of List (Return All) →
// Decide. Compared in the same run with the same flow at Parallel Requests = 1 (the sequential
// loop every decision used to take) and with the floor N × latency / concurrency.
//
//   node bench/drain.js [--pending 1000] [--latency 25] [--parallel 8] [--rounds 3]
const { startBench, publish } = require('./n8n/setup');
const { sweep } = require('./n8n/flows');
const { post, summary } = require('./n8n/load');
const { options, write, fmt, spread } = require('./n8n/report');

const opts = options({ pending: 1000, latency: 25, parallel: 8, rounds: 3 });
const BACKLOG = '120363000000000009@g.us';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Fills the queue, starts the sweep, and returns the seconds until the queue is empty. */
async function drain(bench, flow) {
	const { whapi } = bench;
	whapi.groups.get(BACKLOG).queue = [];
	for (let i = 0; i < opts.pending; i++) whapi.addPending(BACKLOG, `1555${String(3000000 + i).padStart(7, '0')}`);
	whapi.latency(opts.latency);
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

async function main() {
	const bench = await startBench({ env: opts.env });
	try {
		bench.whapi.addGroup({ id: BACKLOG, name: 'Backlog', admin: true });
		const flows = {
			parallel: await publish(bench, sweep(bench.whapiCredential, BACKLOG, { options: { parallelRequests: opts.parallel } })),
			sequential: await publish(bench, sweep(bench.whapiCredential, BACKLOG, { options: { parallelRequests: 1 } })),
		};
		const floor = (opts.pending * opts.latency) / opts.parallel / 1000;
		const runs = { parallel: [], sequential: [], speedup: [], toFloor: [] };
		for (let r = 0; r < opts.rounds; r++) {
			const order = r % 2 === 0 ? ['parallel', 'sequential'] : ['sequential', 'parallel'];
			const round = {};
			for (const key of order) round[key] = await drain(bench, flows[key]);
			runs.parallel.push(round.parallel);
			runs.sequential.push(round.sequential);
			runs.speedup.push(round.sequential / round.parallel);
			runs.toFloor.push(round.parallel / floor);
			console.log(`round ${r + 1}: parallel ${fmt(round.parallel, 2)} s, sequential ${fmt(round.sequential, 2)} s`);
		}
		const results = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, summary(v)]));
		console.log(`\n${opts.pending} pending, ${opts.latency} ms per Whapi call, List (Return All) → Decide, median (min–max) of ${opts.rounds}`);
		console.log(`  Parallel Requests ${opts.parallel}: ${spread(results.parallel, 2)} s`);
		console.log(`  Parallel Requests 1 (sequential): ${spread(results.sequential, 2)} s`);
		console.log(`  speed-up ×${spread(results.speedup, 2)} (target ≥ 5)`);
		console.log(`  floor N × ${opts.latency} ms / ${opts.parallel} = ${fmt(floor, 2)} s; measured ×${spread(results.toFloor, 2)} of it (target ≤ 1.5)`);
		write(opts.out ?? 'drain', { options: opts, floorSeconds: floor, results });
	} finally {
		await bench.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
