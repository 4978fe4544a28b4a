import { MAX_PAGE_SIZE, PagingLimitError, readPages, type Page } from '../../../nodes/shared/paging';

/** A server over `list`; entries that are null stand for ones the reader cannot parse. */
function server(list: Array<string | null>, { withTotal = true, ignoreOffset = false } = {}) {
	const calls: Array<[number, number]> = [];
	const fetchPage = async (offset: number, count: number): Promise<Page<string>> => {
		calls.push([offset, count]);
		const raw = list.slice(ignoreOffset ? 0 : offset, (ignoreOffset ? 0 : offset) + count);
		return {
			entries: raw.filter((e): e is string => e !== null),
			received: raw.length,
			...(withTotal ? { total: list.length } : {}),
		};
	}
	return { calls, fetchPage };
}

const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `a${from + i}`);
const key = (entry: string) => entry;

describe('readPages', () => {
	it('reads every page until the total, asking for the largest pages', async () => {
		const s = server(ids(1200));
		expect(await readPages(s.fetchPage, { what: 'the list', key })).toEqual(ids(1200));
		expect(s.calls).toEqual([[0, 500], [500, 500], [1000, 500]]);
	});

	it('advances the offset by the entries received, readable or not', async () => {
		const list = [...ids(499), null, ...ids(10, 499)];
		const s = server(list);
		expect(await readPages(s.fetchPage, { what: 'the list', key })).toEqual(ids(509));
		expect(s.calls).toEqual([[0, 500], [500, 500]]);
	});

	it('with a total, goes on after a short page while the total says more remain', async () => {
		const list = ids(90);
		const calls: number[] = [];
		const shortPages = async (offset: number): Promise<Page<string>> => {
			calls.push(offset);
			const raw = list.slice(offset, offset + 40);
			return { entries: raw, received: raw.length, total: list.length };
		};
		expect(await readPages(shortPages, { what: 'the list', key })).toEqual(list);
		expect(calls).toEqual([0, 40, 80]);
	});

	it('without a total, ends on a short page', async () => {
		const s = server(ids(700), { withTotal: false });
		expect(await readPages(s.fetchPage, { what: 'the list', key })).toEqual(ids(700));
		expect(s.calls).toEqual([[0, 500], [500, 500]]);
	});

	it('asks for no more than wanted, and counts readable entries towards it', async () => {
		const s = server([null, ...ids(700)]);
		expect(await readPages(s.fetchPage, { what: 'the list', key, wanted: 600 })).toEqual(ids(600));
		expect(s.calls).toEqual([[0, 500], [500, 101]]);
	});

	it('ends when a server that ignores offset sends the same page again, keeping each entry once', async () => {
		for (const withTotal of [true, false]) {
			const s = server(ids(800), { withTotal, ignoreOffset: true });
			expect(await readPages(s.fetchPage, { what: 'the list', key })).toEqual(ids(500));
			expect(s.calls).toHaveLength(2);
		}
	});

	it('stops after a page the caller was looking for', async () => {
		const s = server(ids(1200));
		const found = await readPages(s.fetchPage, { what: 'the list', key, stop: (page) => page.includes('a600') });
		expect(found).toEqual(ids(1000));
		expect(s.calls).toHaveLength(2);
	});

	it('gives up after maxPages when the pages never end', async () => {
		let served = 0;
		const endless = async (_offset: number, count: number): Promise<Page<string>> => {
			const entries = ids(count, served);
			served += count;
			return { entries, received: count };
		};
		await expect(readPages(endless, { what: 'the list', key, maxPages: 3 })).rejects.toThrow(PagingLimitError);
		expect(served).toBe(3 * MAX_PAGE_SIZE);
		await expect(readPages(endless, { what: 'the list', key })).rejects.toThrow(`still had more after 200 pages of up to ${MAX_PAGE_SIZE}`);
	});

	it('parallel: once the total is known, asks for every remaining page at once', async () => {
		const s = server(ids(1300));
		let inFlight = 0;
		let mostInFlight = 0;
		const tracked = async (offset: number, count: number) => {
			inFlight++;
			mostInFlight = Math.max(mostInFlight, inFlight);
			await new Promise((resolve) => setImmediate(resolve));
			inFlight--;
			return await s.fetchPage(offset, count);
		};
		expect(await readPages(tracked, { what: 'the list', key, parallel: true })).toEqual(ids(1300));
		expect(s.calls).toEqual([[0, 500], [500, 500], [1000, 500]]);
		expect(mostInFlight).toBe(2);
	});

	it('parallel with stop: reads page by page, so the search ends at the page that holds what it looked for', async () => {
		const s = server(ids(1500));
		const found = await readPages(s.fetchPage, { what: 'the list', key, parallel: true, stop: (page) => page.includes('a600') });
		expect(found).toEqual(ids(1000));
		expect(s.calls).toEqual([[0, 500], [500, 500]]);
	});

	/** Records, for each call, how many calls were in flight when it started. */
	function trackInFlight(fetchPage: (offset: number, count: number) => Promise<Page<string>>) {
		let inFlight = 0;
		const started: Array<{ offset: number; inFlight: number }> = [];
		const tracked = async (offset: number, count: number) => {
			inFlight++;
			started.push({ offset, inFlight });
			await new Promise((resolve) => setImmediate(resolve));
			inFlight--;
			return await fetchPage(offset, count);
		};
		return { started, tracked };
	}

	it('parallel: a total missing from the first page but given by a later one starts the parallel reading there', async () => {
		const list = ids(2000);
		const fetchPage = async (offset: number, count: number): Promise<Page<string>> => {
			const raw = list.slice(offset, offset + count);
			return { entries: raw, received: raw.length, ...(offset === 0 ? {} : { total: list.length }) };
		};
		const t = trackInFlight(fetchPage);
		expect(await readPages(t.tracked, { what: 'the list', key, parallel: true })).toEqual(list);
		expect(t.started).toEqual([
			{ offset: 0, inFlight: 1 },
			{ offset: 500, inFlight: 1 },
			{ offset: 1000, inFlight: 1 },
			{ offset: 1500, inFlight: 2 },
		]);
	});

	it('parallel: after a page shorter than asked inside the batch, reads the rest page by page', async () => {
		const list = ids(3000);
		const fetchPage = async (offset: number, count: number): Promise<Page<string>> => {
			const raw = list.slice(offset, offset + (offset === 500 ? 300 : count));
			return { entries: raw, received: raw.length, total: list.length };
		};
		const t = trackInFlight(fetchPage);
		expect(await readPages(t.tracked, { what: 'the list', key, parallel: true })).toEqual(list);
		expect(t.started.map((call) => call.offset)).toEqual([0, 500, 1000, 1500, 2000, 2500, 800, 1300, 1800, 2300, 2800]);
		expect(t.started.slice(6).map((call) => call.inFlight)).toEqual([1, 1, 1, 1, 1]);
	});

	it('parallel: a first page shorter than asked reads on page by page, never asking past entries not yet read', async () => {
		const list = ids(1200);
		const calls: number[] = [];
		const shortPages = async (offset: number, count: number): Promise<Page<string>> => {
			calls.push(offset);
			const raw = list.slice(offset, offset + Math.min(count, 300));
			return { entries: raw, received: raw.length, total: list.length };
		};
		expect(await readPages(shortPages, { what: 'the list', key, parallel: true })).toEqual(list);
		expect(calls).toEqual([0, 300, 600, 900]);
	});

	it('parallel: the pages of a batch count towards maxPages', async () => {
		const s = server(ids(10_000));
		await expect(readPages(s.fetchPage, { what: 'the list', key, parallel: true, maxPages: 3 })).rejects.toThrow(PagingLimitError);
		expect(s.calls).toEqual([[0, 500], [500, 500], [1000, 500]]);
	});

	it('parallel: keeps only what was wanted when a batch brings more than asked and then a page seen before', async () => {
		const answers = new Map([
			[0, ids(500)],
			[500, ids(600, 500)],
			[1000, ids(700, 1100)],
			[1500, ids(200)],
		]);
		const generous = async (offset: number): Promise<Page<string>> => {
			const entries = answers.get(offset) ?? [];
			return { entries, received: entries.length, total: 5000 };
		};
		expect(await readPages(generous, { what: 'the list', key, wanted: 1700, parallel: true })).toEqual(ids(1700));
	});

	it('keeps only what was wanted when the server sends more than asked', async () => {
		const generous = async (offset: number): Promise<Page<string>> => ({ entries: ids(5, offset), received: 5, total: 100 });
		expect(await readPages(generous, { what: 'the list', key, wanted: 3 })).toEqual(ids(3));
	});

	it('parallel with a limit: the last page asks only for what is still wanted', async () => {
		const s = server(ids(1500));
		expect(await readPages(s.fetchPage, { what: 'the list', key, wanted: 1200, parallel: true })).toEqual(ids(1200));
		expect(s.calls).toEqual([[0, 500], [500, 500], [1000, 200]]);
	});

	it('goes on after a whole page it cannot read', async () => {
		const list = [...Array<null>(500).fill(null), ...ids(3)];
		const s = server(list, { withTotal: false });
		expect(await readPages(s.fetchPage, { what: 'the list', key })).toEqual(ids(3));
		expect(s.calls).toEqual([[0, 500], [500, 500]]);
	});

	it('reads an empty list with one call', async () => {
		const s = server([]);
		expect(await readPages(s.fetchPage, { what: 'the list', key })).toEqual([]);
		expect(s.calls).toEqual([[0, 500]]);
	});
});
