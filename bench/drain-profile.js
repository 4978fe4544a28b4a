'use strict';
// Where n8n's main process spends its CPU per item while one execution of List (Return All) →
// Decide clears a backlog (real n8n 2.40.7, the stand-in answering at once so that only CPU is
// left): busy CPU per item, self time by package, the functions with the most inclusive time,
// and the package's own functions by self time. Writes the .cpuprofile to bench/results/.
//
//   node bench/drain-profile.js [--pending 1000] [--parallel 1]
const fs = require('node:fs');
const path = require('node:path');

const { startBench, publish } = require('./n8n/setup');
const { sweep } = require('./n8n/flows');
const { BACKLOG, drainBacklog, sleep } = require('./n8n/backlog');
const { profiled, summarize } = require('./n8n/profile');
const { options, write } = require('./n8n/report');

const opts = options({ pending: 1000, parallel: 1 });
async function drain(bench, flow) {
	await drainBacklog(bench, flow, { pending: opts.pending });
	// Let n8n save the execution inside the profiled window.
	await sleep(1500);
}

/** Self time of the package's own functions (community package frames), per item. */
function ownFrames(profile, divisor) {
	const usPerSample = (profile.endTime - profile.startTime) / profile.samples.length;
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map();
	for (const id of profile.samples) {
		const { functionName, url, lineNumber } = byId.get(id).callFrame;
		if (!url.includes('.n8n/nodes')) continue;
		const key = `${functionName || '(anonymous)'} ${url.slice(url.lastIndexOf('/dist/') + 6)}:${lineNumber + 1}`;
		self.set(key, (self.get(key) ?? 0) + 1);
	}
	return [...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([fn, n]) => ({ fn, ms: Math.round((n * usPerSample) / 10 / divisor) / 100 }));
}

async function main() {
	const bench = await startBench({ inspect: true, env: opts.env });
	try {
		bench.whapi.addGroup({ id: BACKLOG, name: 'Backlog', admin: true });
		const flow = await publish(bench, sweep(bench.whapiCredential, BACKLOG, { options: { parallelRequests: opts.parallel } }));
		await drain(bench, flow);
		const { profile } = await profiled(bench.n8n, () => drain(bench, flow));
		fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
		fs.writeFileSync(path.join(__dirname, 'results', `drain-p${opts.parallel}.cpuprofile`), JSON.stringify(profile));
		const s = summarize(profile, opts.pending, 40);
		const own = ownFrames(profile, opts.pending);
		console.log(`\n${opts.pending} pending, Parallel Requests ${opts.parallel}: n8n main busy ${s.busyMs} ms CPU per item (wall ${s.wallMs} ms per item)`);
		console.log('self by package (ms/item):', JSON.stringify(Object.fromEntries(Object.entries(s.selfByPackage).slice(0, 12))));
		for (const { fn, ms } of s.inclusive) console.log(`  ${ms.toFixed(3).padStart(7)}  ${fn}`);
		console.log('the package\'s own functions, self time (ms/item):');
		for (const { fn, ms } of own) console.log(`  ${ms.toFixed(3).padStart(7)}  ${fn}`);
		write(opts.out ?? `drain-profile-p${opts.parallel}`, { options: opts, ...s, own });
	} finally {
		await bench.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
