/**
 * Runs the work of every input item with at most `concurrency` items in progress, keeping the
 * results in item order. Once an item fails, no further item starts; the ones in progress
 * finish (their calls are already on their way to Whapi), then the failure of the lowest item
 * is thrown. With a concurrency of 1 this is exactly the sequential loop.
 */
export async function forEachItem<T>(count: number, concurrency: number, work: (itemIndex: number) => Promise<T>): Promise<T[]> {
	const results: T[] = [];
	let next = 0;
	let failedItem = Infinity;
	let failure: unknown;
	const worker = async () => {
		while (failedItem === Infinity && next < count) {
			const itemIndex = next++;
			try {
				results[itemIndex] = await work(itemIndex);
			} catch (error) {
				failedItem = Math.min(failedItem, itemIndex);
				if (failedItem === itemIndex) failure = error;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
	if (failedItem !== Infinity) throw failure;
	return results;
}
