'use strict';
// CPU profiles of n8n's main process over a chosen window, through its inspector (the same
// V8 sampling profiler and .cpuprofile format as `node --cpu-prof`, but started and stopped
// around the load instead of covering start-up), and a summary of where the time went.

/** The inspector's WebSocket URL of n8n's main process, from its start-up output. */
function inspectorUrl(n8n) {
	const match = /Debugger listening on (ws:\/\/\S+)/.exec(n8n.logs());
	if (!match) throw new Error('n8n was not started with the inspector (startBench({ inspect: true }))');
	return match[1];
}

async function connect(url) {
	const ws = new WebSocket(url);
	await new Promise((resolve, reject) => {
		ws.addEventListener('open', resolve, { once: true });
		ws.addEventListener('error', reject, { once: true });
	});
	let seq = 0;
	const waiting = new Map();
	ws.addEventListener('message', (event) => {
		const msg = JSON.parse(event.data);
		const done = waiting.get(msg.id);
		if (!done) return;
		waiting.delete(msg.id);
		if (msg.error) done.reject(new Error(msg.error.message));
		else done.resolve(msg.result);
	});
	const send = (method, params = {}) =>
		new Promise((resolve, reject) => {
			seq += 1;
			waiting.set(seq, { resolve, reject });
			ws.send(JSON.stringify({ id: seq, method, params }));
		});
	return { send, close: () => ws.close() };
}

/** Runs `work` with n8n's main process being profiled; returns {result, profile}. */
async function profiled(n8n, work, { intervalUs = 500 } = {}) {
	const session = await connect(inspectorUrl(n8n));
	try {
		await session.send('Profiler.enable');
		await session.send('Profiler.setSamplingInterval', { interval: intervalUs });
		await session.send('Profiler.start');
		const result = await work();
		const { profile } = await session.send('Profiler.stop');
		return { result, profile };
	} finally {
		session.close();
	}
}

const META = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

function packageOf(url) {
	if (!url) return '(native)';
	if (url.startsWith('node:')) return 'node (built-in)';
	const at = url.lastIndexOf('/node_modules/');
	if (at < 0) return url.includes('.n8n/nodes') ? 'community package' : '(other)';
	const parts = url.slice(at + '/node_modules/'.length).split('/');
	return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/**
 * Milliseconds of CPU per `divisor` (e.g. per event): busy total, self time by package, and the
 * functions with the most inclusive time (a function counted once per sample however deep it
 * recurs).
 */
function summarize(profile, divisor = 1, top = 30) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const counts = new Map();
	for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
	const totalUs = profile.endTime - profile.startTime;
	const usPerSample = totalUs / profile.samples.length;
	const ms = (samples) => Math.round(((samples * usPerSample) / 1000 / divisor) * 100) / 100;

	const self = new Map();
	const inclusive = new Map();
	let idle = 0;
	for (const [id, count] of counts) {
		const node = byId.get(id);
		const name = node.callFrame.functionName;
		if (name === '(idle)') {
			idle += count;
			continue;
		}
		const bucket = META.has(name) ? name : packageOf(node.callFrame.url);
		self.set(bucket, (self.get(bucket) ?? 0) + count);
		const seen = new Set();
		for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
			const frame = byId.get(cur).callFrame;
			if (META.has(frame.functionName)) continue;
			const key = `${frame.functionName || '(anonymous)'} ${packageOf(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
			if (seen.has(key)) continue;
			seen.add(key);
			inclusive.set(key, (inclusive.get(key) ?? 0) + count);
		}
	}
	const busy = profile.samples.length - idle;
	const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]);
	return {
		wallMs: ms(profile.samples.length),
		busyMs: ms(busy),
		selfByPackage: Object.fromEntries(sorted(self).map(([k, v]) => [k, ms(v)])),
		inclusive: sorted(inclusive)
			.slice(0, top)
			.map(([k, v]) => ({ fn: k, ms: ms(v) })),
	};
}

module.exports = { profiled, summarize, inspectorUrl, connect, packageOf };
