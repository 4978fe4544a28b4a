import { sleep } from 'n8n-workflow';

/**
 * Runs the work of every input item, keeping the results in item order. `concurrency` items run
 * at once, and with a concurrency above 1 as many more are read ahead: their work starts while
 * the others' calls are in flight, and the transport's gate (the same `concurrency`) holds their
 * calls until a slot is free. So a slot freed by an answer is taken at once by an item whose
 * parameters are already read, and reading expressions overlaps waiting for Whapi.
 *
 * Once an item fails, no further item starts; the ones in progress finish (the router stops the
 * calls of any item after the failed one), then the failure of the lowest item is thrown. With
 * a concurrency of 1 this is exactly the sequential loop.
 */
export async function forEachItem<T>(count: number, concurrency: number, work: (itemIndex: number) => Promise<T>): Promise<T[]> {
	const slots = Math.max(1, concurrency);
	const readAhead = slots > 1 ? slots : 0;
	const results: T[] = [];
	let next = 0;
	let failedItem = Infinity;
	let failure: unknown;
	const worker = async () => {
		while (failedItem === Infinity && next < count) {
			const itemIndex = next++;
			if (itemIndex >= slots && readAhead > 0) {
				// A read-ahead item is picked while other items' calls are being sent: at the start,
				// or when an answer freed a slot that the item read ahead for it now takes. n8n's
				// HTTP helper needs a poll phase of the event loop to connect, and timers run before
				// it: two timer turns let those calls leave before this item's parameters take the
				// thread.
				await sleep(0);
				await sleep(0);
				if (failedItem !== Infinity) return;
			}
			try {
				results[itemIndex] = await work(itemIndex);
			} catch (error) {
				failedItem = Math.min(failedItem, itemIndex);
				if (failedItem === itemIndex) failure = error;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(slots + readAhead, count) }, worker));
	if (failedItem !== Infinity) throw failure;
	return results;
}
