import { CallStopped, RequestGate } from '../../../nodes/shared/gate';

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

	describe('on a fake clock (n8n\'s sleep is a timer: time only moves when the test moves it)', () => {
		beforeEach(() => jest.useFakeTimers({ now: 0 }));
		afterEach(() => jest.useRealTimers());

		/** Runs `count` calls through the gate, each recording the clock when it started. */
		function startTimes(gate: RequestGate, count: number) {
			const starts: number[] = [];
			const all = Promise.all(Array.from({ length: count }, () => gate.run(async () => starts.push(Date.now()))));
			return { starts, all };
		}

		test('pause() holds back every call that starts before it ends, not only the caller', async () => {
			const gate = new RequestGate({ concurrency: 4 });
			gate.pause(120);
			const { starts, all } = startTimes(gate, 3);
			await jest.advanceTimersByTimeAsync(119);
			expect(starts).toEqual([]);
			await jest.advanceTimersByTimeAsync(1);
			await all;
			expect(starts).toEqual([120, 120, 120]);
		});

		test.each([
			['a shorter pause never shortens a longer one already in force', [150, 10]],
			['a longer pause extends a shorter one already in force', [10, 150]],
		])('%s', async (_name, pauses) => {
			const gate = new RequestGate({ concurrency: 2 });
			for (const pause of pauses) gate.pause(pause);
			const { starts, all } = startTimes(gate, 1);
			await jest.advanceTimersByTimeAsync(149);
			expect(starts).toEqual([]);
			await jest.advanceTimersByTimeAsync(1);
			await all;
			expect(starts).toEqual([150]);
		});

		test('maxPerSecond spaces call starts evenly, even with free slots', async () => {
			const gate = new RequestGate({ concurrency: 10, maxPerSecond: 20 });
			const { starts, all } = startTimes(gate, 5);
			await jest.advanceTimersByTimeAsync(0);
			expect(starts).toEqual([0]);
			await jest.advanceTimersByTimeAsync(49);
			expect(starts).toEqual([0]);
			await jest.advanceTimersByTimeAsync(200);
			await all;
			// 20 per second: one start every 50 ms, the first at once.
			expect(starts).toEqual([0, 50, 100, 150, 200]);
		});

		test('a pause that arrives while a paced call waits for its start holds that call too', async () => {
			const gate = new RequestGate({ concurrency: 10, maxPerSecond: 10 });
			const { starts, all } = startTimes(gate, 2);
			await jest.advanceTimersByTimeAsync(0);
			expect(starts).toEqual([0]);
			// The second call's turn is at 100 ms; a 429 at 50 ms asks for 300 ms of quiet.
			await jest.advanceTimersByTimeAsync(50);
			gate.pause(300);
			await jest.advanceTimersByTimeAsync(299);
			expect(starts).toEqual([0]);
			await jest.advanceTimersByTimeAsync(200);
			await all;
			expect(starts).toEqual([0, 350]);
		});

		test('the pause is measured on the injected clock, not on Date.now', async () => {
			let clock = 1_000;
			const gate = new RequestGate({ concurrency: 1 }, () => clock);
			gate.pause(100);
			const { starts, all } = startTimes(gate, 1);
			// The timer for the pause fires, but the injected clock says only 50 ms have passed.
			clock = 1_050;
			await jest.advanceTimersByTimeAsync(100);
			expect(starts).toEqual([]);
			clock = 1_100;
			await jest.advanceTimersByTimeAsync(50);
			await all;
			expect(starts).toEqual([150]);
		});
	});

	test('a Max Requests per Second of 0 paces nothing: every call starts at once', async () => {
		const gate = new RequestGate({ concurrency: 3, maxPerSecond: 0 });
		const c = controlledCalls();
		const results = [0, 1, 2].map((id) => gate.run(c.call(id)));
		await tick();
		expect(c.started).toEqual([0, 1, 2]);
		for (const release of c.releases) release();
		await Promise.all(results);
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

	test('after stopAfter(n), refuses calls of later items, also one already waiting for a slot', async () => {
		const gate = new RequestGate({ concurrency: 1 });
		const c = controlledCalls();
		const first = gate.run(c.call(0), 0);
		const waiting = gate.run(c.call(5), 5);
		const kept = gate.run(c.call(2), 2);
		await tick();
		gate.stopAfter(4);
		gate.stopAfter(7); // a later failure does not widen what is let through
		c.releases.shift()?.();
		await expect(waiting).rejects.toBeInstanceOf(CallStopped);
		await expect(waiting).rejects.toMatchObject({ itemIndex: 5 });
		await tick();
		c.releases.shift()?.();
		expect(await Promise.all([first, kept])).toEqual([0, 2]);
		expect(c.started).toEqual([0, 2]);
		const atTheLimit = gate.run(c.call(4), 4);
		await tick();
		c.releases.shift()?.();
		expect(await atTheLimit).toBe(4);
		expect(c.started).toEqual([0, 2, 4]);
	});
});
