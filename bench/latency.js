'use strict';
// Join → decision latency in one real n8n 2.40.7, our flow against both naive flows and a bare
// community trigger, sequentially and at a concurrency of 8. The flows take turns within every
// round (the order rotates), so load from other work hits them alike; figures are the median of
// the rounds' percentiles with their spread, and ratios against the naive flow with its token
// in a Header Auth credential, computed within each round.
//
//   node bench/latency.js [--rounds 3] [--sequential 60] [--concurrent 96] [--env KEY=VALUE]
const { startBench, publishAll } = require('./n8n/setup');
const { decisionWatcher, closedLoop, percentile, summary } = require('./n8n/load');
const { options, write, fmt, spread } = require('./n8n/report');

const opts = options({ rounds: 3, sequential: 60, concurrent: 96, concurrency: 8 });
const BASELINE = 'naiveCredential';

async function main() {
	const bench = await startBench({ env: opts.env });
	try {
		const flows = await publishAll(bench);
		const keys = Object.keys(flows);
		const watcher = decisionWatcher(bench.whapi);
		for (const key of keys) await closedLoop(bench, watcher, flows[key], 10, 2);
		const modes = { sequential: [opts.sequential, 1], concurrent: [opts.concurrent, opts.concurrency] };
		const rounds = [];
		for (let r = 0; r < opts.rounds; r++) {
			const round = {};
			const order = keys.map((_, i) => keys[(i + r) % keys.length]);
			for (const key of order) {
				round[key] = {};
				for (const [mode, [count, concurrency]] of Object.entries(modes)) {
					const { latencies, seconds } = await closedLoop(bench, watcher, flows[key], count, concurrency);
					round[key][mode] = {
						p50: percentile(latencies, 50),
						p95: percentile(latencies, 95),
						p99: percentile(latencies, 99),
						perSecond: count / seconds,
					};
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
				for (const metric of ['p50', 'p95', 'p99', 'perSecond']) {
					figures[metric] = summary(rounds.map((round) => round[key][mode][metric]));
					figures[`${metric}Ratio`] = summary(rounds.map((round) => round[key][mode][metric] / round[BASELINE][mode][metric]));
				}
				results[key][mode] = figures;
			}
		}
		for (const mode of Object.keys(modes)) {
			console.log(`\n${mode} (${modes[mode][0]} events × ${opts.rounds} rounds, concurrency ${modes[mode][1]}); median (min–max) of rounds; × = ratio to ${BASELINE}`);
			console.log(`${'flow'.padEnd(18)} ${['p50 ms', 'p95 ms', 'p99 ms', 'events/s'].map((h) => h.padEnd(27)).join('')}`);
			for (const key of keys) {
				const f = results[key][mode];
				const cell = (m, d = 0) => `${spread(f[m], d)} ×${fmt(f[`${m}Ratio`].median, 2)}`.padEnd(27);
				console.log(`${key.padEnd(18)} ${cell('p50')}${cell('p95')}${cell('p99')}${cell('perSecond', 1)}`);
			}
		}
		write(opts.out ?? 'latency', { options: opts, baseline: BASELINE, results, rounds });
	} finally {
		await bench.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
