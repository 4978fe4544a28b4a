/**
 * Reading a list Whapi serves in pages (`count`, `offset`): the pending queue for List and for
 * the not-pending check, the channel's groups for the pickers. One loop for all of them, with a
 * ceiling, so that a server that ignores `offset` or never says "done" cannot keep it going.
 */

/** Whapi's largest `count`. */
export const MAX_PAGE_SIZE = 500;
/** 100,000 entries: far beyond any real queue or group list, and a few seconds of calls. */
export const MAX_PAGES = 200;

export interface Page<T> {
	/** The entries that could be read. */
	entries: T[];
	/** How many entries the answer held, readable or not: the next offset moves by this. */
	received: number;
	/** Whapi's `total`, when it said. */
	total?: number;
}

export interface PagingOptions<T> {
	/** What is being read, for the error when the pages do not end. */
	what: string;
	/** How many entries to collect; undefined for all. */
	wanted?: number;
	/** Identifies an entry, so that one sent twice is kept once. */
	key: (entry: T) => string;
	/** Ends the reading after a page, for a search that found what it looked for. */
	stop?: (newEntries: T[]) => boolean;
	maxPages?: number;
	/**
	 * Once the first page gives Whapi's total, ask for the pages up to it at once (the caller's
	 * transport bounds how many calls are in flight). Not with `stop`, which reads page by page.
	 */
	parallel?: boolean;
}

/** Thrown when the pages do not end. */
export class PagingLimitError extends Error {}

/** How many to ask for next, or 0 when done. */
function nextCount(offset: number, collected: number, lastPage: Page<unknown>, requested: number, wanted?: number): number {
	if (lastPage.received === 0) return 0;
	if (lastPage.total !== undefined) {
		if (offset >= lastPage.total) return 0;
	} else if (lastPage.received < requested) return 0;
	if (wanted === undefined) return MAX_PAGE_SIZE;
	return Math.max(0, Math.min(MAX_PAGE_SIZE, wanted - collected));
}

export async function readPages<T>(
	fetchPage: (offset: number, count: number) => Promise<Page<T>>,
	options: PagingOptions<T>,
): Promise<T[]> {
	const { what, wanted, key, stop, maxPages = MAX_PAGES } = options;
	const seen = new Set<string>();
	const collected: T[] = [];
	/** Keeps the page's new entries; false when the page held only entries seen before. */
	const take = (page: Page<T>): T[] | undefined => {
		const fresh: T[] = [];
		for (const entry of page.entries) {
			if (seen.has(key(entry))) continue;
			seen.add(key(entry));
			fresh.push(entry);
		}
		collected.push(...fresh);
		// A server that ignores `offset` sends the same entries again: nothing new, nothing more to read.
		return page.entries.length > 0 && fresh.length === 0 ? undefined : fresh;
	};
	let offset = 0;
	let count = wanted === undefined ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, wanted);
	let parallel = options.parallel === true && stop === undefined;
	for (let pages = 0; count > 0; pages++) {
		if (pages >= maxPages) {
			throw new PagingLimitError(
				`Could not read ${what}: Whapi still had more after ${maxPages} pages of up to ${MAX_PAGE_SIZE}. Try again later.`,
			);
		}
		let page = await fetchPage(offset, count);
		const fresh = take(page);
		if (fresh === undefined || stop?.(fresh)) break;
		offset += page.received;
		if (parallel && page.total !== undefined && page.received === count) {
			parallel = false;
			const end = Math.min(page.total, wanted ?? page.total, maxPages * MAX_PAGE_SIZE);
			const offsets: number[] = [];
			for (let next = offset; next < end; next += MAX_PAGE_SIZE) offsets.push(next);
			// Return All asks full pages, so that the last one also picks up requests that arrived meanwhile.
			const sizeAt = (at: number) => (wanted === undefined ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, end - at));
			const batch = await Promise.all(offsets.map(async (at) => await fetchPage(at, sizeAt(at))));
			pages += batch.length;
			for (let i = 0; i < batch.length; i++) {
				page = batch[i];
				count = sizeAt(offsets[i]);
				if (take(page) === undefined) return collected.slice(0, wanted);
				offset = offsets[i] + page.received;
				// A page shorter than asked before the end: the later pages were asked at offsets
				// that skip entries, so carry on page by page from where this one ended.
				if (page.received < count) break;
			}
		}
		count = nextCount(offset, collected.length, page, count, wanted);
	}
	// A server may send more than asked: keep what was wanted (all when undefined).
	return collected.slice(0, wanted);
}
