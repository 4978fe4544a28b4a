'use strict';
// Sustained throughput in one real n8n 2.40.7: join requests arrive at a fixed rate (open
// loop, as Whapi delivers them, whatever n8n answers) for a while; a rate is held when every
// request was decided and the p99 join → decision latency stayed under 1 s. The rate climbs
// step by step until a flow fails to hold it; the flows take turns at each step.
//
//   node bench/throughput.js [--start 4] [--step 2] [--seconds 10] [--rounds 2] [--flows ours,bare]
// --flows keeps only the named flows (and the baseline), for finer steps and more rounds of a few.
const { startBench, publishAll, chosenFlows } = require('./n8n/setup');
const { decisionWatcher, closedLoop, openLoop, percentile, summary } = require('./n8n/load');
const { options, write, fmt, spread } = require('./n8n/report');

const opts = options({ start: 4, step: 2, max: 60, seconds: 10, rounds: 2, p99: 1000, flows: '' });
const BASELINE = 'naiveCredential';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
	const bench = await startBench({ env: opts.env });
	try {
		const flows = await publishAll(bench);
		const keys = chosenFlows(flows, opts.flows, BASELINE);
		const watcher = decisionWatcher(bench.whapi);
		for (const key of keys) await closedLoop(bench, watcher, flows[key], 10, 2);
		const rounds = [];
		for (let r = 0; r < opts.rounds; r++) {
			const held = Object.fromEntries(keys.map((k) => [k, 0]));
			const steps = [];
			let live = [...keys];
			for (let rate = opts.start; live.length > 0 && rate <= opts.max; rate += opts.step) {
				for (const key of [...live]) {
					const { latencies, lost } = await openLoop(bench, watcher, flows[key], rate, opts.seconds);
					const p99 = percentile(latencies, 99);
					const ok = lost === 0 && p99 < opts.p99;
					steps.push({ key, rate, p99, lost, ok });
					console.log(`round ${r + 1}: ${key.padEnd(16)} ${String(rate).padStart(3)}/s  p99 ${fmt(p99, 0).padStart(6)} ms  lost ${lost}  ${ok ? 'held' : 'not held'}`);
					if (ok) held[key] = rate;
					else live = live.filter((k) => k !== key);
					// Let n8n finish what is queued before the next flow's turn.
					await sleep(1000);
				}
			}
			rounds.push({ held, steps });
		}
		const results = {};
		for (const key of keys) {
			results[key] = {
				perSecond: summary(rounds.map((round) => round.held[key])),
				ratio: summary(rounds.map((round) => round.held[key] / Math.max(round.held[BASELINE], 1e-9))),
			};
		}
		console.log(`\nhighest rate held (p99 < ${opts.p99} ms, none lost, ${opts.seconds} s per step of ${opts.step}/s), median (min–max) of ${opts.rounds}`);
		for (const key of keys) console.log(`  ${key.padEnd(16)} ${spread(results[key].perSecond, 0)} events/s  ×${fmt(results[key].ratio.median, 2)} of ${BASELINE}`);
		write(opts.out ?? 'throughput', { options: opts, baseline: BASELINE, results, rounds });
	} finally {
		await bench.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
