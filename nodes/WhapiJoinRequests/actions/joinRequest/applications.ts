/**
 * The pending queue of a group as Whapi returns it, read tolerantly (WHAPI.md: the item key may
 * be `chatId` or `chat_id`, and a bare array may come back).
 */

import { describeApplicant, type ApplicantIdentity } from '../../../shared/identifiers';
import { asRecord } from '../../../shared/records';

export interface PendingRequest extends ApplicantIdentity {
	groupId: string;
	requestMethod: string | null;
	requestedAt: string | null;
}

export interface ApplicationsPage {
	requests: PendingRequest[];
	/** Entries in the answer, readable or not: paging moves on by this many. */
	received: number;
	/** Whapi's `total`, when it said. */
	total?: number;
}

/** Unix seconds (or milliseconds, to be safe), as a number or a numeric string, to ISO 8601. */
function toIsoTime(timestamp: unknown): string | null {
	// An empty or blank string reads as 0, which the check below refuses like any time not after 1970.
	const value = typeof timestamp === 'string' ? Number(timestamp) : timestamp;
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
	return { requests, received: list.length, total };
}
