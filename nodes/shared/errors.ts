/**
 * Turns a failed Whapi answer into words a user can act on. Pure: the transport wraps the
 * result in a NodeApiError carrying the item index.
 */

import { asRecord } from './records';

interface WhapiErrorBody {
	code?: number;
	message?: string;
	details?: string;
}

export interface ErrorContext {
	/** Set when the call concerned one group, so a 403/404 can name it. */
	groupId?: string;
}

export interface DescribedError {
	message: string;
	description: string;
}

/** Whapi may report a failure as `success: false` inside an HTTP 200; find its text, if any. */
export function findRefusal(body: unknown): string | undefined {
	for (const entry of Array.isArray(body) ? body : [body]) {
		const answer = asRecord(entry);
		if (answer?.success !== false) continue;
		const message = typeof answer.error === 'string' ? answer.error : asRecord(answer.error)?.message;
		return typeof message === 'string' && message !== '' ? message : 'no reason given';
	}
	return undefined;
}

/** Finds `{error:{code,message,details}}` in a Whapi answer, tolerating other shapes. */
function readWhapiError(body: unknown): WhapiErrorBody {
	const record = asRecord(body);
	if (record !== undefined) {
		const inner = asRecord(record.error) ?? record;
		return {
			code: typeof inner.code === 'number' ? inner.code : undefined,
			message: typeof inner.message === 'string' ? inner.message : typeof record.error === 'string' ? record.error : undefined,
			details: typeof inner.details === 'string' ? inner.details : undefined,
		};
	}
	// A blank text gives an empty message, which every reader treats as none.
	if (typeof body === 'string') return { message: body.trim().slice(0, 300) };
	return {};
}

export function isChannelNotFound(status: number, body: unknown): boolean {
	return status === 404 && readWhapiError(body).message?.toLowerCase().includes('channel not found') === true;
}

export function describeWhapiError(status: number, body: unknown, context: ErrorContext = {}): DescribedError {
	const whapi = readWhapiError(body);
	const said = [whapi.message, whapi.details].filter(Boolean).join(' – ');
	const suffix = ` (Whapi ${whapi.code ?? status}${said ? `: ${said}` : ''})`;
	const group = context.groupId ? `group ${context.groupId}` : 'this group';

	if (isChannelNotFound(status, body)) {
		return {
			message: `Whapi does not know this channel token${suffix}`,
			description:
				'Check the Token in the Whapi API credential: copy it again from the channel page in the Whapi panel. A token belongs to one channel and changes if the channel is re-created.',
		};
	}
	switch (status) {
		case 401:
			return {
				message: `The channel's WhatsApp session is logged out${suffix}`,
				description:
					'Open the channel in the Whapi panel and link the WhatsApp number again by scanning the QR code, then retry.',
			};
		case 402:
			return {
				message: `The Whapi channel has reached its plan's limit${suffix}`,
				description: 'Upgrade the channel in the Whapi panel or wait for the limit to reset.',
			};
		case 403:
			return {
				message: `The connected number is not an admin of ${group}${suffix}`,
				description:
					'Make the WhatsApp number of this channel an admin of the group (group info → Participants → Make group admin), and turn on "Approve new participants" so join requests queue up.',
			};
		case 404:
			return {
				message: `Whapi found no ${group}${suffix}`,
				description:
					'Check the Group: pick it from the list, or enter an ID like 120363012345678901@g.us of a group the connected number belongs to.',
			};
		case 400:
			return {
				message: `Whapi rejected the request as invalid${suffix}`,
				description: 'Check the Group and Applicant values of this item.',
			};
		case 429:
			return {
				message: `Whapi is rate-limiting this channel${suffix}`,
				description: 'Retries ran out. Raise Max Retries in the node options, or space out the calls.',
			};
		default:
			return status >= 500
				? {
						message: `Whapi had a server error${suffix}`,
						description: 'This is usually temporary. Retries ran out; run the workflow again later.',
					}
				: {
						message: `Whapi answered with HTTP ${status}${suffix}`,
						description: 'See Whapi’s message above.',
					};
	}
}
