'use strict';
// How many expression isolates n8n 2.40.7 builds per join request, flow by flow. n8n evaluates
// expressions in isolated-vm isolates from a pool (N8N_EXPRESSION_ENGINE_POOL_SIZE, default 1)
// and builds a fresh isolate for every one released; at debug level it logs each build. The
// count is exact, so unlike timings it does not depend on the machine's load.
//
//   node bench/isolates.js [--events 20] [--env KEY=VALUE ...]
const { startBench, publishAll } = require('./n8n/setup');
const { decisionWatcher, closedLoop } = require('./n8n/load');
const { options, write } = require('./n8n/report');

const opts = options({ events: 20 });
const BUILT = /\[IsolatedVmBridge\] Initialized (successfully|synchronously)/g;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
	const bench = await startBench({ env: { N8N_LOG_LEVEL: 'debug', N8N_LOG_OUTPUT: 'console', ...opts.env } });
	try {
		const flows = await publishAll(bench);
		const watcher = decisionWatcher(bench.whapi);
		const count = () => (bench.n8n.logs().match(BUILT) ?? []).length;
		const results = {};
		for (const [key, flow] of Object.entries(flows)) {
			await closedLoop(bench, watcher, flow, 3, 1);
			await sleep(2000);
			const before = count();
			await closedLoop(bench, watcher, flow, opts.events, 1);
			// The pool rebuilds the last released isolate in the background.
			await sleep(2000);
			results[key] = (count() - before) / opts.events;
			console.log(`${key.padEnd(16)} ${results[key].toFixed(2)} isolates built per join request`);
		}
		write(opts.out ?? 'isolates', { options: opts, results });
	} finally {
		await bench.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
