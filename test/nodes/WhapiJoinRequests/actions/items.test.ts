/**
 * forEachItem, the bounded-concurrency loop behind every per-item operation, on its own: which
 * failure wins when several items fail, and that results keep item order.
 */
import { forEachItem } from '../../../../nodes/WhapiJoinRequests/actions/items';

/** Resolves after `ms` of real time, so that the order of settling is the test's. */
const after = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
/** Lets every pending promise reaction run, and no timer. */
const microtasks = async () => {
	for (let i = 0; i < 50; i++) await Promise.resolve();
};

describe('forEachItem', () => {
	it('keeps results in item order when later items finish first', async () => {
		const results = await forEachItem(4, 4, async (i) => {
			await after((4 - i) * 10);
			return `item ${i}`;
		});
		expect(results).toEqual(['item 0', 'item 1', 'item 2', 'item 3']);
	});

	it('throws the failure of the lowest item when a higher one fails later', async () => {
		const started: number[] = [];
		const outcome = forEachItem(3, 2, async (i) => {
			started.push(i);
			if (i === 0) throw new Error('item 0 failed');
			await after(30);
			throw new Error('item 1 failed');
		});
		await expect(outcome).rejects.toThrow('item 0 failed');
		// Item 2, read ahead while 0 and 1 ran, does not start once item 0 has failed.
		expect(started).toEqual([0, 1]);
	});

	it('throws the failure of the lowest item when it fails last', async () => {
		const outcome = forEachItem(2, 2, async (i) => {
			await after(i === 0 ? 30 : 0);
			throw new Error(`item ${i} failed`);
		});
		await expect(outcome).rejects.toThrow('item 0 failed');
	});

	it('starts no item once one has failed, with a concurrency of 1', async () => {
		const started: number[] = [];
		await expect(
			forEachItem(3, 1, async (i) => {
				started.push(i);
				if (i === 1) throw new Error('item 1 failed');
				return i;
			}),
		).rejects.toThrow('item 1 failed');
		expect(started).toEqual([0, 1]);
	});

	it('runs the concurrency at once and as many more read ahead; one at a time below 2', async () => {
		for (const [concurrency, expected] of [[3, 6], [1, 1], [0, 1]] as const) {
			let running = 0;
			let most = 0;
			await forEachItem(8, concurrency, async () => {
				most = Math.max(most, ++running);
				await after(5);
				running--;
			});
			expect(most).toBe(expected);
		}
	});

	it('starts the items read ahead only after timer turns, so that calls just released leave first', async () => {
		const started: number[] = [];
		const releases: Array<() => void> = [];
		const done = forEachItem(4, 2, async (i) => {
			started.push(i);
			await new Promise<void>((resolve) => releases.push(resolve));
			return i;
		});
		await microtasks();
		expect(started).toEqual([0, 1]);
		await after(20);
		expect(started).toEqual([0, 1, 2, 3]);
		for (const release of releases) release();
		expect(await done).toEqual([0, 1, 2, 3]);
	});

	it('with a concurrency of 1, starts the next item without waiting for a timer', async () => {
		const started: number[] = [];
		const done = forEachItem(3, 1, async (i) => {
			started.push(i);
			return i;
		});
		await microtasks();
		expect(started).toEqual([0, 1, 2]);
		expect(await done).toEqual([0, 1, 2]);
	});
});
