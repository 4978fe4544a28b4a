/** Reading a group's pending queue page by page, for List and for checking a refused decision. */

import { sameApplicant } from '../../../shared/identifiers';
import { readPages } from '../../../shared/paging';
import type { WhapiTransport } from '../../../shared/transport';
import { parseApplicationsPage, type PendingRequest } from './applications';

/**
 * Reads the queue until `wanted` requests were read (all when undefined) or `stop` returns true
 * for a page, so a search can end early.
 */
export async function readPending(
	transport: WhapiTransport,
	groupId: string,
	itemIndex: number,
	wanted?: number,
	stop?: (page: PendingRequest[]) => boolean,
): Promise<PendingRequest[]> {
	const fetchPage = async (offset: number, count: number) => {
		const body = await transport.request({
			method: 'GET',
			path: `/groups/${groupId}/applications`,
			qs: { count, offset },
			groupId,
			itemIndex,
		});
		const page = parseApplicationsPage(groupId, body);
		return { entries: page.requests, received: page.received, total: page.total };
	};
	return await readPages(fetchPage, {
		what: `the pending requests of group ${groupId}`,
		wanted,
		stop,
		key: (request) => request.applicant,
		parallel: transport.concurrency > 1,
	});
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
