'use strict';
// Where n8n spends its time per join request, flow by flow: n8n's main process is CPU-profiled
// while each flow decides the same number of join requests one after another. Prints, per
// event, the busy CPU, the self time by package and the functions with the most inclusive time,
// and writes the profiles (open them in Chrome DevTools) and a JSON summary to bench/results/.
//
//   node bench/webhook-profile.js [--events 150] [--env KEY=VALUE ...]
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { startBench, publishAll } = require('./n8n/setup');
const { decisionWatcher, closedLoop, median, percentile } = require('./n8n/load');
const { profiled, summarize } = require('./n8n/profile');

const { values } = parseArgs({
	options: { events: { type: 'string', default: '150' }, env: { type: 'string', multiple: true, default: [] }, label: { type: 'string', default: 'default' } },
});
const EVENTS = Number(values.events);
const ENV = Object.fromEntries(values.env.map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
const OUT = path.join(__dirname, 'results');

async function main() {
	fs.mkdirSync(OUT, { recursive: true });
	const bench = await startBench({ inspect: true, env: ENV });
	try {
		const flows = await publishAll(bench);
		const watcher = decisionWatcher(bench.whapi);
		for (const flow of Object.values(flows)) await closedLoop(bench, watcher, flow, 20, 1);
		const results = {};
		for (const [key, flow] of Object.entries(flows)) {
			const { result, profile } = await profiled(bench.n8n, () => closedLoop(bench, watcher, flow, EVENTS, 1));
			fs.writeFileSync(path.join(OUT, `webhook-${values.label}-${key}.cpuprofile`), JSON.stringify(profile));
			const s = summarize(profile, EVENTS);
			results[key] = { p50: median(result.latencies), p99: percentile(result.latencies, 99), ...s };
			console.log(`\n== ${flow.name}: p50 ${results[key].p50.toFixed(1)} ms, n8n main busy ${s.busyMs} ms CPU per event`);
			console.log('self by package (ms/event):', JSON.stringify(Object.fromEntries(Object.entries(s.selfByPackage).slice(0, 10))));
			for (const { fn, ms } of s.inclusive.slice(0, 22)) console.log(`  ${ms.toFixed(2).padStart(7)}  ${fn}`);
		}
		const base = results.naiveCredential.busyMs;
		console.log('\nbusy CPU per event, ratio to the naive flow (credential):');
		for (const [key, r] of Object.entries(results)) console.log(`  ${key.padEnd(16)} ${r.busyMs} ms  ×${(r.busyMs / base).toFixed(2)}`);
		fs.writeFileSync(path.join(OUT, `webhook-profile-${values.label}.json`), JSON.stringify({ env: ENV, events: EVENTS, results }, null, 2));
	} finally {
		await bench.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
