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
	let requested = wanted === undefined ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, wanted);
	while (requested > 0) {
		const body = await transport.request({
			method: 'GET',
			path: `/groups/${groupId}/applications`,
			qs: { count: requested, offset: collected.length },
			groupId,
			itemIndex,
		});
		const page = parseApplicationsPage(groupId, body);
		collected.push(...page.requests);
		if (stop?.(page.requests)) break;
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
