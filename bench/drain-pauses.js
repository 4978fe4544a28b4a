'use strict';
// Where the default Parallel Requests loses time against the sequential loop: the drain of
// bench:drain (1,000 pending, 25 ms per Whapi call, List (Return All) → Decide in one execution,
// Parallel Requests N and 1 taking turns), watched from both ends.
//
// - At Whapi (the stand-in): when each decision call arrived and was answered. The call that
//   takes the slot the k-th answer freed is the (k + N)-th to arrive, so `arrival[k + N] -
//   answer[k]` is a slot's turnaround: n8n's time between an answer and the next call.
// - In n8n's main process (through its inspector): every garbage collection pause during the
//   drain (a PerformanceObserver), i.e. moments when no slot can move.
// - Last, one more drain at Parallel Requests N with V8's sampling heap profiler on: what is
//   allocated per item, by package, this package's share apart (its frames load from n8n's
//   community package folder). It runs apart because sampling slows the drain.
//
// Figures per round and their median; the speed-up is also given with the GC pauses taken out of
// both drains, which is what they cost the ratio.
//
//   node bench/drain-pauses.js [--pending 1000] [--latency 25] [--parallel 5] [--rounds 2]
const { startBench, publish } = require('./n8n/setup');
const { sweep } = require('./n8n/flows');
const { BACKLOG, drainBacklog } = require('./n8n/backlog');
const { connect, inspectorUrl, packageOf } = require('./n8n/profile');
const { percentile, summary } = require('./n8n/load');
const { options, write, fmt, spread } = require('./n8n/report');

const opts = options({ pending: 1000, latency: 25, parallel: 5, rounds: 2 });
const epoch = () => performance.timeOrigin + performance.now();

/** Installed once in n8n's main process: collects GC pauses as [start (epoch ms), ms, kind]. */
const OBSERVE_GC = `(() => {
	const { PerformanceObserver, performance } = process.getBuiltinModule('node:perf_hooks');
	globalThis.__benchGc = [];
	new PerformanceObserver((list) => {
		for (const e of list.getEntries()) globalThis.__benchGc.push([performance.timeOrigin + e.startTime, e.duration, e.detail?.kind]);
	}).observe({ entryTypes: ['gc'] });
	return true;
})()`;
/** packageOf's name for this package's frames (loaded from n8n's community package folder). */
const OURS = require('../package.json').name;
const GC_KINDS = { 1: 'minor', 4: 'major', 8: 'incremental', 16: 'weak callbacks' };

/** Decision calls (not List's GETs) as Whapi saw them: arrival and answer times. */
function watchDecisions(whapi) {
	const arrived = [];
	const answered = [];
	const up = (call) => call.method !== 'GET' && arrived.push(epoch());
	const down = (call) => call.method !== 'GET' && answered.push(epoch());
	whapi.on('received', up);
	whapi.on('call', down);
	return {
		arrived,
		answered,
		stop() {
			whapi.off('received', up);
			whapi.off('call', down);
		},
	};
}

const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

async function drainWatched(bench, flow, concurrency, evaluate) {
	await evaluate('globalThis.__benchGc.length = 0');
	const calls = watchDecisions(bench.whapi);
	const start = epoch();
	let seconds;
	try {
		seconds = await drainBacklog(bench, flow, { pending: opts.pending, latency: opts.latency });
	} finally {
		calls.stop();
	}
	const end = epoch();
	const pauses = JSON.parse(await evaluate('JSON.stringify(globalThis.__benchGc)')).filter(([at]) => at >= start && at <= end);
	const { arrived, answered } = calls;
	const turnaround = [];
	for (let k = 0; k + concurrency < arrived.length; k++) turnaround.push(arrived[k + concurrency] - answered[k]);
	const service = answered.map((at, i) => at - arrived[i]);
	const gcMs = pauses.reduce((a, [, ms]) => a + ms, 0);
	const kinds = {};
	for (const [, ms, kind] of pauses) {
		const name = GC_KINDS[kind] ?? `kind ${kind}`;
		kinds[name] = kinds[name] ?? { count: 0, ms: 0 };
		kinds[name].count += 1;
		kinds[name].ms += ms;
	}
	return {
		seconds,
		perItemMs: (arrived.at(-1) - arrived[0]) / (arrived.length - 1),
		serviceMs: mean(service),
		turnaroundMs: { mean: mean(turnaround), p50: percentile(turnaround, 50), p99: percentile(turnaround, 99) },
		gc: { count: pauses.length, ms: gcMs, longestMs: Math.max(0, ...pauses.map(([, ms]) => ms)), kinds },
	};
}

/** Allocation per item by package from a sampling heap profile; this package's frames apart. */
function allocationByPackage(profile, items) {
	const byPackage = new Map();
	const ours = new Map();
	let total = 0;
	const visit = (node) => {
		const { url, functionName } = node.callFrame;
		const bucket = packageOf(url);
		if (bucket === OURS) {
			const key = `${functionName || '(anonymous)'} ${url.slice(url.lastIndexOf('/dist/') + 6)}`;
			ours.set(key, (ours.get(key) ?? 0) + node.selfSize);
		}
		byPackage.set(bucket, (byPackage.get(bucket) ?? 0) + node.selfSize);
		total += node.selfSize;
		for (const child of node.children) visit(child);
	};
	visit(profile.head);
	const kb = (bytes) => Math.round(bytes / items / 10.24) / 100;
	const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, kb(v)]);
	return {
		totalKbPerItem: kb(total),
		oursKbPerItem: kb(byPackage.get(OURS) ?? 0),
		oursShare: (byPackage.get(OURS) ?? 0) / total,
		byPackage: Object.fromEntries(sorted(byPackage).slice(0, 12)),
		oursByFunction: Object.fromEntries(sorted(ours).slice(0, 10)),
	};
}

async function main() {
	const bench = await startBench({ env: opts.env, inspect: true });
	const session = await connect(inspectorUrl(bench.n8n));
	const evaluate = async (expression) => {
		const { result, exceptionDetails } = await session.send('Runtime.evaluate', { expression, returnByValue: true });
		if (exceptionDetails) throw new Error(`in n8n: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
		return result.value;
	};
	try {
		await evaluate(OBSERVE_GC);
		bench.whapi.addGroup({ id: BACKLOG, name: 'Backlog', admin: true });
		const flows = {
			parallel: await publish(bench, sweep(bench.whapiCredential, BACKLOG, { options: { parallelRequests: opts.parallel } })),
			sequential: await publish(bench, sweep(bench.whapiCredential, BACKLOG, { options: { parallelRequests: 1 } })),
		};
		const rounds = [];
		for (let r = 0; r < opts.rounds; r++) {
			const order = r % 2 === 0 ? ['parallel', 'sequential'] : ['sequential', 'parallel'];
			const round = {};
			for (const key of order) round[key] = await drainWatched(bench, flows[key], key === 'parallel' ? opts.parallel : 1, evaluate);
			round.speedup = round.sequential.seconds / round.parallel.seconds;
			round.speedupWithoutGc =
				(round.sequential.seconds - round.sequential.gc.ms / 1000) / (round.parallel.seconds - round.parallel.gc.ms / 1000);
			rounds.push(round);
			const line = (name, d) =>
				`  ${name}: ${fmt(d.seconds, 2)} s, ${fmt(d.perItemMs, 2)} ms an item; call at Whapi ${fmt(d.serviceMs, 2)} ms, ` +
				`turnaround mean ${fmt(d.turnaroundMs.mean, 2)} p50 ${fmt(d.turnaroundMs.p50, 2)} p99 ${fmt(d.turnaroundMs.p99, 1)} ms; ` +
				`GC ${d.gc.count} pauses, ${fmt(d.gc.ms, 0)} ms (longest ${fmt(d.gc.longestMs, 1)}) = ${fmt((d.gc.ms / 10 / d.seconds), 1)} % of the drain`;
			console.log(`round ${r + 1}:`);
			console.log(line(`Parallel Requests ${opts.parallel}`, round.parallel));
			console.log(line('Parallel Requests 1', round.sequential));
			console.log(`  speed-up ×${fmt(round.speedup, 2)}; without the GC pauses ×${fmt(round.speedupWithoutGc, 2)}`);
		}

		await session.send('HeapProfiler.enable');
		await session.send('HeapProfiler.startSampling', {
			samplingInterval: 16384,
			includeObjectsCollectedByMinorGC: true,
			includeObjectsCollectedByMajorGC: true,
		});
		await drainBacklog(bench, flows.parallel, { pending: opts.pending, latency: opts.latency });
		const { profile } = await session.send('HeapProfiler.stopSampling');
		const allocation = allocationByPackage(profile, opts.pending);

		const pick = (fn) => summary(rounds.map(fn));
		const results = {
			parallelSeconds: pick((r) => r.parallel.seconds),
			sequentialSeconds: pick((r) => r.sequential.seconds),
			parallelTurnaroundMeanMs: pick((r) => r.parallel.turnaroundMs.mean),
			parallelTurnaroundP50Ms: pick((r) => r.parallel.turnaroundMs.p50),
			sequentialTurnaroundMeanMs: pick((r) => r.sequential.turnaroundMs.mean),
			parallelGcMs: pick((r) => r.parallel.gc.ms),
			sequentialGcMs: pick((r) => r.sequential.gc.ms),
			parallelGcShare: pick((r) => r.parallel.gc.ms / 1000 / r.parallel.seconds),
			speedup: pick((r) => r.speedup),
			speedupWithoutGc: pick((r) => r.speedupWithoutGc),
		};
		console.log(`\n${opts.pending} pending, ${opts.latency} ms per Whapi call, median (min–max) of ${opts.rounds} rounds`);
		console.log(
			`  turnaround (answer → next call of that slot), mean: Parallel Requests ${opts.parallel} ${spread(results.parallelTurnaroundMeanMs, 2)} ms ` +
				`(p50 ${spread(results.parallelTurnaroundP50Ms, 2)}), Parallel Requests 1 ${spread(results.sequentialTurnaroundMeanMs, 2)} ms`,
		);
		console.log(
			`  GC pauses in n8n's main process: ${spread(results.parallelGcMs, 0)} ms in the Parallel Requests ${opts.parallel} drain ` +
				`(${fmt(results.parallelGcShare.median * 100, 1)} % of it), ${spread(results.sequentialGcMs, 0)} ms in the sequential one`,
		);
		console.log(`  speed-up ×${spread(results.speedup, 2)}; with the GC pauses taken out of both ×${spread(results.speedupWithoutGc, 2)}`);
		console.log(
			`  allocated per item (Parallel Requests ${opts.parallel}, sampled): ${fmt(allocation.totalKbPerItem, 1)} KB, ` +
				`of it this package ${fmt(allocation.oursKbPerItem, 1)} KB (${fmt(allocation.oursShare * 100, 1)} %)`,
		);
		console.log(`    by package, KB an item: ${Object.entries(allocation.byPackage).map(([k, v]) => `${k} ${fmt(v, 1)}`).join(', ')}`);
		console.log(`    this package's functions: ${Object.entries(allocation.oursByFunction).map(([k, v]) => `${k} ${fmt(v, 2)}`).join(', ')}`);
		write(opts.out ?? 'drain-pauses', { options: opts, results, rounds, allocation });
	} finally {
		session.close();
		await bench.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
