/**
 * The pending queue of a group as Whapi returns it, read tolerantly (WHAPI.md: the item key may
 * be `chatId` or `chat_id`, and a bare array may come back), and the paging arithmetic over it.
 */

import { describeApplicant, type ApplicantIdentity } from '../../../shared/identifiers';
import { asRecord } from '../../../shared/records';
import { MAX_PAGE_SIZE } from '../../../shared/transport';

export interface PendingRequest extends ApplicantIdentity {
	groupId: string;
	requestMethod: string | null;
	requestedAt: string | null;
}

export interface ApplicationsPage {
	requests: PendingRequest[];
	/** Whapi's `total`, when it said. */
	total?: number;
}

/** Unix seconds (or milliseconds, to be safe) to ISO 8601. */
function toIsoTime(timestamp: unknown): string | null {
	const value = typeof timestamp === 'string' && timestamp.trim() !== '' ? Number(timestamp) : timestamp;
	if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return null;
	const ms = value > 1e11 ? value : value * 1000;
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function parseApplicationsPage(groupId: string, body: unknown): ApplicationsPage {
	const record = asRecord(body);
	const list = Array.isArray(body) ? body : Array.isArray(record?.applications) ? record.applications : [];
	const requests: PendingRequest[] = [];
	for (const entry of list) {
		const item = asRecord(entry);
		const chatId = typeof entry === 'string' ? entry : (item?.chatId ?? item?.chat_id ?? item?.id);
		if (typeof chatId !== 'string' || chatId === '') continue;
		requests.push({
			groupId,
			...describeApplicant(chatId),
			requestMethod: typeof item?.request_method === 'string' ? item.request_method : null,
			requestedAt: toIsoTime(item?.timestamp),
		});
	}
	const total = typeof record?.total === 'number' ? record.total : undefined;
	return { requests, total };
}

/**
 * How many to ask for next, or 0 when done. `wanted` is undefined for "all".
 * Whapi's `total` decides when it gave one; without it (a bare-array answer) a short page ends
 * the listing, and an empty page always does, so paging can never loop.
 */
export function nextPageSize(
	received: number,
	lastPage: { size: number; requested: number; total?: number },
	wanted?: number,
): number {
	if (lastPage.size === 0) return 0;
	if (lastPage.total !== undefined) {
		if (received >= lastPage.total) return 0;
	} else if (lastPage.size < lastPage.requested) return 0;
	if (wanted === undefined) return MAX_PAGE_SIZE;
	return Math.max(0, Math.min(MAX_PAGE_SIZE, wanted - received));
}
