/** Reading a group's pending queue page by page, for List and for checking a refused decision. */

import { sameApplicant } from '../../../shared/identifiers';
import { MAX_PAGE_SIZE, type WhapiTransport } from '../../../shared/transport';
import { nextPageSize, parseApplicationsPage, type PendingRequest } from './applications';

/**
 * Pages through the queue until `wanted` requests were read (all when undefined) or `stop`
 * returns true for a page, so a search can end early.
 */
export async function readPending(
	transport: WhapiTransport,
	groupId: string,
	itemIndex: number,
	wanted?: number,
	stop?: (page: PendingRequest[]) => boolean,
): Promise<PendingRequest[]> {
	const collected: PendingRequest[] = [];
	const readPage = async (offset: number, count: number) =>
		parseApplicationsPage(
			groupId,
			await transport.request({
				method: 'GET',
				path: `/groups/${groupId}/applications`,
				qs: { count, offset },
				groupId,
				itemIndex,
			}),
		);
	let requested = wanted === undefined ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, wanted);
	let parallelDone = stop !== undefined || transport.concurrency === 1;
	while (requested > 0) {
		let page = await readPage(collected.length, requested);
		collected.push(...page.requests);
		if (stop?.(page.requests)) break;
		if (!parallelDone && page.total !== undefined && page.requests.length === requested) {
			// Whapi said how many wait: fetch the rest at once (the transport bounds how many
			// calls are in flight), then carry on page by page in case the queue grew meanwhile.
			parallelDone = true;
			const offsets: number[] = [];
			const end = wanted === undefined ? page.total : Math.min(page.total, wanted);
			for (let offset = collected.length; offset < end; offset += MAX_PAGE_SIZE) offsets.push(offset);
			const sizeAt = (offset: number) => (wanted === undefined ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, end - offset));
			const pages = await Promise.all(offsets.map(async (offset) => readPage(offset, sizeAt(offset))));
			for (const next of pages) collected.push(...next.requests);
			if (pages.length > 0) {
				page = pages[pages.length - 1];
				requested = sizeAt(offsets[offsets.length - 1]);
			}
		}
		requested = nextPageSize(collected.length, { size: page.requests.length, requested, total: page.total }, wanted);
	}
	return wanted === undefined ? collected : collected.slice(0, wanted);
}

export async function isPending(
	transport: WhapiTransport,
	groupId: string,
	applicant: string,
	itemIndex: number,
): Promise<boolean> {
	let found = false;
	await readPending(transport, groupId, itemIndex, undefined, (page) => {
		found = page.some((request) => sameApplicant(request.applicant, applicant));
		return found;
	});
	return found;
}
