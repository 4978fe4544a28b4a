import { RequestGate } from '../../../nodes/shared/gate';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A call that stays in flight until released, recording when it started. */
function controlledCalls() {
	const started: number[] = [];
	const releases: Array<() => void> = [];
	let inFlight = 0;
	let maxInFlight = 0;
	const call = (id: number) => async () => {
		started.push(id);
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		await new Promise<void>((resolve) => releases.push(resolve));
		inFlight--;
		return id;
	};
	return { started, releases, call, max: () => maxInFlight };
}

describe('RequestGate', () => {
	test('never has more calls in flight than its concurrency, and starts them in arrival order', async () => {
		const gate = new RequestGate({ concurrency: 3 });
		const c = controlledCalls();
		const results = Array.from({ length: 10 }, (_, i) => gate.run(c.call(i)));
		await tick();
		expect(c.started).toEqual([0, 1, 2]);
		while (c.started.length < 10 || c.releases.length > 0) {
			c.releases.shift()?.();
			await tick();
		}
		expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(c.started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(c.max()).toBe(3);
	});

	test('a failed call frees its slot', async () => {
		const gate = new RequestGate({ concurrency: 1 });
		await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		await expect(gate.run(async () => 'next')).resolves.toBe('next');
	});

	test('pause() holds back every call that starts before it ends, not only the caller', async () => {
		const gate = new RequestGate({ concurrency: 4 });
		gate.pause(120);
		const t0 = Date.now();
		const starts = await Promise.all([1, 2, 3].map(() => gate.run(async () => Date.now() - t0)));
		for (const start of starts) expect(start).toBeGreaterThanOrEqual(110);
	});

	test('a shorter pause never shortens a longer one already in force', async () => {
		const gate = new RequestGate({ concurrency: 2 });
		gate.pause(150);
		gate.pause(10);
		const t0 = Date.now();
		const start = await gate.run(async () => Date.now() - t0);
		expect(start).toBeGreaterThanOrEqual(140);
	});

	test('maxPerSecond spaces call starts evenly, even with free slots', async () => {
		const gate = new RequestGate({ concurrency: 10, maxPerSecond: 20 });
		const t0 = Date.now();
		const starts = await Promise.all(Array.from({ length: 5 }, () => gate.run(async () => Date.now() - t0)));
		starts.sort((a, b) => a - b);
		// 20 per second: start i no earlier than i × 50 ms (a timer may fire late, never early).
		starts.forEach((start, i) => expect(start).toBeGreaterThanOrEqual(i * 50 - 2));
	});

	test('without pacing or pause, a call starts without waiting on any timer', async () => {
		const gate = new RequestGate({ concurrency: 1, maxPerSecond: 0 });
		let ran = false;
		const run = gate.run(async () => {
			ran = true;
		});
		await tick();
		expect(ran).toBe(true);
		await run;
	});
});
