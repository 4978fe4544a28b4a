/** Reading a group's pending queue page by page, for List and for checking a refused decision. */

import { describeApplicant, sameApplicant } from '../../../shared/identifiers';
import { phoneResolverFor } from '../../../shared/lidPhones';
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

/**
 * Whether `applicant` is still in the queue. WhatsApp may name one person by phone in the event
 * and by @lid in the queue, or the reverse (WHAPI.md): when the chat ID itself is not listed,
 * the phone behind each @lid involved is asked of Whapi (once per @lid and execution).
 */
export async function isPending(
	transport: WhapiTransport,
	groupId: string,
	applicant: string,
	itemIndex: number,
): Promise<boolean> {
	const listed = (request: PendingRequest) => sameApplicant(request.applicant, applicant);
	// Reading stops at the page that lists the applicant.
	const queue = await readPending(transport, groupId, itemIndex, undefined, (page) => page.some(listed));
	if (queue.some(listed)) return true;
	const resolver = phoneResolverFor(transport);
	const phoneOf = async (chatId: string) => {
		const identity = describeApplicant(chatId);
		return identity.lid === null ? identity.phone : await resolver.phoneOf(identity.lid, itemIndex);
	};
	const wanted = describeApplicant(applicant);
	const others = queue.filter((request) => (request.lid === null) !== (wanted.lid === null));
	if (others.length === 0) return false;
	const phone = await phoneOf(applicant);
	for (const request of others) {
		const listedPhone = await phoneOf(request.applicant);
		if (phone !== null && listedPhone === phone) return true;
	}
	return false;
}
