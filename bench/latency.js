'use strict';
// Join → decision latency in one real n8n 2.40.7, our flow against both naive flows and a bare
// community trigger, sequentially and at a concurrency of 8. The flows take turns within every
// round (the order rotates), so load from other work hits them alike; figures are the median of
// the rounds' percentiles with their spread, and ratios against the naive flow with its token
// in a Header Auth credential, computed within each round.
//
//   node bench/latency.js [--rounds 3] [--sequential 60] [--concurrent 96] [--flows ours,bare]
//                         [--mixed 0] [--env KEY=VALUE]
// --flows keeps only the named flows (and the baseline) in the rounds, for longer runs of a few.
// --mixed 1 runs the flows at the same moments instead of taking turns: every worker alternates
// between them, so a stall of the machine (they come in bursts) hits every flow alike and the
// tails compare like with like. The flows then share one rate, so events/s is not told apart.
const { startBench, publishAll, chosenFlows } = require('./n8n/setup');
const { decisionWatcher, closedLoop, mixedLoop, percentile, summary } = require('./n8n/load');
const { options, write, fmt, spread } = require('./n8n/report');

const opts = options({ rounds: 3, sequential: 60, concurrent: 96, concurrency: 8, flows: '', mixed: 0 });
const BASELINE = 'naiveCredential';
const METRICS = opts.mixed ? ['p50', 'p95', 'p99'] : ['p50', 'p95', 'p99', 'perSecond'];

/** A round's figures of one flow: percentiles, and events/s when the flow ran alone. */
const roundFigures = (latencies, seconds) => ({
	p50: percentile(latencies, 50),
	p95: percentile(latencies, 95),
	p99: percentile(latencies, 99),
	...(seconds === undefined ? {} : { perSecond: latencies.length / seconds }),
});

async function main() {
	const bench = await startBench({ env: opts.env });
	try {
		const flows = await publishAll(bench);
		const keys = chosenFlows(flows, opts.flows, BASELINE);
		const watcher = decisionWatcher(bench.whapi);
		for (const key of keys) await closedLoop(bench, watcher, flows[key], 10, 2);
		const modes = { sequential: [opts.sequential, 1], concurrent: [opts.concurrent, opts.concurrency] };
		const rounds = [];
		// Every latency of every round, per flow and mode: with 96 events a round's p99 is its
		// slowest event, so the tail is also read from all rounds' events together.
		const pooled = Object.fromEntries(keys.map((key) => [key, Object.fromEntries(Object.keys(modes).map((mode) => [mode, []]))]));
		for (let r = 0; r < opts.rounds; r++) {
			const round = {};
			const order = keys.map((_, i) => keys[(i + r) % keys.length]);
			for (const key of order) round[key] = {};
			for (const [mode, [count, concurrency]] of Object.entries(modes)) {
				if (opts.mixed) {
					const { results } = await mixedLoop(bench, watcher, Object.fromEntries(order.map((key) => [key, flows[key]])), count, concurrency);
					for (const key of order) {
						pooled[key][mode].push(...results[key]);
						round[key][mode] = roundFigures(results[key]);
					}
					continue;
				}
				for (const key of order) {
					const { latencies, seconds } = await closedLoop(bench, watcher, flows[key], count, concurrency);
					pooled[key][mode].push(...latencies);
					round[key][mode] = roundFigures(latencies, seconds);
				}
			}
			rounds.push(round);
			console.log(`round ${r + 1}/${opts.rounds} done`);
		}
		const results = {};
		for (const key of keys) {
			results[key] = {};
			for (const mode of Object.keys(modes)) {
				const figures = {};
				for (const metric of METRICS) {
					figures[metric] = summary(rounds.map((round) => round[key][mode][metric]));
					figures[`${metric}Ratio`] = summary(rounds.map((round) => round[key][mode][metric] / round[BASELINE][mode][metric]));
				}
				const all = pooled[key][mode];
				const base = pooled[BASELINE][mode];
				figures.pooled = { events: all.length };
				for (const p of [50, 95, 99]) {
					figures.pooled[`p${p}`] = percentile(all, p);
					figures.pooled[`p${p}Ratio`] = percentile(all, p) / percentile(base, p);
				}
				results[key][mode] = figures;
			}
		}
		for (const mode of Object.keys(modes)) {
			const how = opts.mixed ? 'flows mixed' : 'flows taking turns';
			console.log(`\n${mode} (${modes[mode][0]} events × ${opts.rounds} rounds, concurrency ${modes[mode][1]}, ${how}); median (min–max) of rounds; × = ratio to ${BASELINE}`);
			console.log(`${'flow'.padEnd(18)} ${['p50 ms', 'p95 ms', 'p99 ms', 'events/s'].map((h) => h.padEnd(27)).join('')}`);
			for (const key of keys) {
				const f = results[key][mode];
				const cell = (m, d = 0) => `${spread(f[m], d)} ×${fmt(f[`${m}Ratio`].median, 2)}`.padEnd(27);
				const rate = opts.mixed ? 'shared' : cell('perSecond', 1);
				console.log(`${key.padEnd(18)} ${cell('p50')}${cell('p95')}${cell('p99')}${rate}`);
			}
			console.log(`all rounds' events together (${modes[mode][0] * opts.rounds} per flow):`);
			for (const key of keys) {
				const f = results[key][mode].pooled;
				const cell = (m) => `${fmt(f[m], 0)} ×${fmt(f[`${m}Ratio`], 2)}`.padEnd(27);
				console.log(`${key.padEnd(18)} ${cell('p50')}${cell('p95')}${cell('p99')}`);
			}
		}
		// Ours against the bare trigger, the floor n8n sets for any community trigger.
		const oursToBare = {};
		if (keys.includes('ours') && keys.includes('bare')) {
			console.log('\nours ÷ bare trigger: all rounds\' events together; round by round, median (min–max)');
			for (const mode of Object.keys(modes)) {
				oursToBare[mode] = {};
				for (const p of [50, 95, 99]) {
					oursToBare[mode][`p${p}`] = {
						pooled: percentile(pooled.ours[mode], p) / percentile(pooled.bare[mode], p),
						byRound: summary(rounds.map((round) => round.ours[mode][`p${p}`] / round.bare[mode][`p${p}`])),
					};
				}
				const cells = Object.entries(oursToBare[mode]).map(([m, f]) => `${m} ×${fmt(f.pooled, 2)}; ×${spread(f.byRound, 2)}`);
				console.log(`  ${mode.padEnd(11)} ${cells.join('   ')}`);
			}
		}
		write(opts.out ?? 'latency', { options: opts, baseline: BASELINE, results, oursToBare, rounds });
	} finally {
		await bench.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
