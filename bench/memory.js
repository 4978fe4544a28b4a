'use strict';
// Memory of List with Return All over 10,000 pending join requests in real n8n 2.40.7: the
// peak resident memory of n8n's main process during the execution, against the same
// execution over an empty queue in the same run. The kernel's peak (VmHWM) is reset before
// every execution (/proc/<pid>/clear_refs), so each peak belongs to one execution.
//
//   node bench/memory.js [--pending 10000] [--rounds 3]
const fs = require('node:fs');

const { startBench, publish } = require('./n8n/setup');
const { sweep } = require('./n8n/flows');
const { post, summary } = require('./n8n/load');
const { options, write, fmt, spread } = require('./n8n/report');

const opts = options({ pending: 10000, rounds: 3 });
const FULL = '120363000000000011@g.us';
const EMPTY = '120363000000000012@g.us';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function peakMiB(pid) {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

function rssMiB(pid) {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

/** Runs the flow once; returns the peak RSS (MiB) of n8n's main process during it. */
async function peakOf(bench, flow, expectItems) {
	const { n8n, pid } = bench;
	const before = (await n8n.executions({ workflowId: flow.id, withData: false })).length;
	await sleep(1000);
	fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
	const base = rssMiB(pid);
	const status = await post(flow.url, {}, {});
	if (status !== 200) throw new Error(`webhook answered ${status}`);
	const [latest] = (await n8n.waitForExecutions(flow.id, before + 1, 300000, { withData: false })).slice(-1);
	const peak = peakMiB(pid);
	const execution = await n8n.execution(latest.id);
	const items = execution.data.resultData.runData.List[0].data.main[0].length;
	const listed = items === 1 && Object.keys(execution.data.resultData.runData.List[0].data.main[0][0].json).length === 0 ? 0 : items;
	if (execution.status !== 'success' || listed !== expectItems) {
		throw new Error(`List returned ${listed} items (${execution.status}), expected ${expectItems}`);
	}
	return { base, peak };
}

async function main() {
	const bench = await startBench({ env: opts.env });
	try {
		const { whapi } = bench;
		whapi.addGroup({ id: FULL, name: 'Full', admin: true });
		whapi.addGroup({ id: EMPTY, name: 'Empty', admin: true });
		for (let i = 0; i < opts.pending; i++) whapi.addPending(FULL, `1555${String(4000000 + i).padStart(7, '0')}`);
		const full = await publish(bench, sweep(bench.whapiCredential, FULL, { decide: false }));
		const empty = await publish(bench, sweep(bench.whapiCredential, EMPTY, { decide: false }));
		await peakOf(bench, empty, 0);
		const runs = { emptyPeak: [], fullPeak: [], extra: [], ratio: [] };
		for (let r = 0; r < opts.rounds; r++) {
			const e = await peakOf(bench, empty, 0);
			const f = await peakOf(bench, full, opts.pending);
			runs.emptyPeak.push(e.peak);
			runs.fullPeak.push(f.peak);
			runs.extra.push(f.peak - e.peak);
			runs.ratio.push(f.peak / e.peak);
			console.log(`round ${r + 1}: empty ${fmt(e.peak)} MiB (from ${fmt(e.base)}), ${opts.pending} pending ${fmt(f.peak)} MiB (from ${fmt(f.base)})`);
		}
		const results = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, summary(v)]));
		console.log(`\nList (Return All), peak RSS of n8n's main process, median (min–max) of ${opts.rounds}`);
		console.log(`  empty queue: ${spread(results.emptyPeak)} MiB`);
		console.log(`  ${opts.pending} pending: ${spread(results.fullPeak)} MiB (+${spread(results.extra)} MiB, ×${spread(results.ratio, 2)})`);
		console.log(`  per pending request: ${fmt((results.extra.median * 1024 * 1024) / opts.pending, 0)} bytes`);
		write(opts.out ?? 'memory', { options: opts, results });
	} finally {
		await bench.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
