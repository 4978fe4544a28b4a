'use strict';
// Backlog drain in real n8n 2.40.7: 1,000 pending join requests behind a Whapi that takes
// 25 ms per call (the stand-in's latency), cleared by one execution of List (Return All) →
// Decide. Compared in the same run with the same flow at Parallel Requests = 1 (the sequential
// loop every decision used to take) and with the floor N × latency / concurrency.
//
//   node bench/drain.js [--pending 1000] [--latency 25] [--jitter 0] [--parallel 8] [--rounds 3]
//
// --jitter J draws each call's latency evenly from latency ± J ms (a real network's spread); the
// mean, and so the floor, stay the same. The parallel run also prints the calls Whapi held at
// once: on average, and the share of the time it held none (n8n busy between answers and calls).
const { startBench, publish } = require('./n8n/setup');
const { sweep } = require('./n8n/flows');
const { BACKLOG, drainBacklog } = require('./n8n/backlog');
const { summary } = require('./n8n/load');
const { options, write, fmt, spread } = require('./n8n/report');

const opts = options({ pending: 1000, latency: 25, jitter: 0, parallel: 8, rounds: 3 });
async function main() {
	const bench = await startBench({ env: opts.env });
	try {
		bench.whapi.addGroup({ id: BACKLOG, name: 'Backlog', admin: true });
		const flows = {
			parallel: await publish(bench, sweep(bench.whapiCredential, BACKLOG, { options: { parallelRequests: opts.parallel } })),
			sequential: await publish(bench, sweep(bench.whapiCredential, BACKLOG, { options: { parallelRequests: 1 } })),
		};
		const floor = (opts.pending * opts.latency) / opts.parallel / 1000;
		const runs = { parallel: [], sequential: [], speedup: [], toFloor: [], inFlight: [], idlePercent: [] };
		const load = { pending: opts.pending, latency: opts.latency, jitter: opts.jitter };
		for (let r = 0; r < opts.rounds; r++) {
			const order = r % 2 === 0 ? ['parallel', 'sequential'] : ['sequential', 'parallel'];
			const round = {};
			for (const key of order) {
				if (key === 'sequential') round.sequential = await drainBacklog(bench, flows.sequential, load);
				else ({ seconds: round.parallel, inFlight: round.inFlight } = await drainBacklog(bench, flows.parallel, { ...load, inFlight: true }));
			}
			runs.inFlight.push(round.inFlight.average);
			runs.idlePercent.push(round.inFlight.idleShare * 100);
			runs.parallel.push(round.parallel);
			runs.sequential.push(round.sequential);
			runs.speedup.push(round.sequential / round.parallel);
			runs.toFloor.push(round.parallel / floor);
			console.log(`round ${r + 1}: parallel ${fmt(round.parallel, 2)} s, sequential ${fmt(round.sequential, 2)} s`);
		}
		const results = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, summary(v)]));
		const latency = opts.jitter ? `${opts.latency} ± ${opts.jitter}` : `${opts.latency}`;
		console.log(`\n${opts.pending} pending, ${latency} ms per Whapi call, List (Return All) → Decide, median (min–max) of ${opts.rounds}`);
		console.log(`  Parallel Requests ${opts.parallel}: ${spread(results.parallel, 2)} s`);
		console.log(`    calls in flight ${spread(results.inFlight, 2)} on average; none in flight ${spread(results.idlePercent, 0)} % of the time`);
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
