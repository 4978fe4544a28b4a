/**
 * Whapi's answers about the two identities of one WhatsApp user: the phone chat ID and the
 * `<digits>@lid` WhatsApp may show instead. `GET /contacts/ids/{lid}` answers
 * `{"id":"<digits>@s.whatsapp.net"}` and `GET /contacts/lids/{phone}` answers `{"lid":"<digits>@lid"}`,
 * as public client code shows; the first is missing from Whapi's spec 1.8.7, and nobody has shown
 * what either answers when WhatsApp did not share the mapping. So both are read tolerantly: any
 * answer without a usable identity means "unknown" (null), never an error.
 */

import { deliveredLidDigits, deliveredPhoneDigits } from './identifiers';
import { asRecord } from './records';

/** Keys seen or plausible for the phone side, in order of trust. */
const PHONE_KEYS = ['id', 'phone', 'chat_id', 'chatId', 'contact_id', 'jid', 'wa_id', 'pn'];
/** Wrappers an API might put around the contact. */
const WRAPPER_KEYS = ['contact', 'user', 'result', 'data'];

function looksLikeJson(text: string): boolean {
	const start = text.trimStart();
	return start.startsWith('{') || start.startsWith('[');
}

/** The answer's JSON: n8n hands over a body that was not served as JSON as text. */
function unwrap(body: unknown): unknown {
	let value = body;
	if (typeof value === 'string' && looksLikeJson(value)) {
		try {
			value = JSON.parse(value);
		} catch {
			return undefined;
		}
	}
	return Array.isArray(value) ? value[0] : value;
}

/** The record itself and the records it wraps, one level deep. */
function candidates(body: unknown): Array<Record<string, unknown>> {
	const root = asRecord(body);
	if (!root) return [];
	return [root, ...WRAPPER_KEYS.map((key) => asRecord(root[key])).filter((r): r is Record<string, unknown> => !!r)];
}

/**
 * The phone digits in an answer to `GET /contacts/ids/{lid}`, or null when it names none.
 * Bare digits equal to the @lid's own digits are the lid echoed back, not a phone.
 */
export function phoneFromLidAnswer(lid: string, body: unknown): string | null {
	const lidDigits = deliveredLidDigits(lid);
	const value = unwrap(body);
	const texts =
		typeof value === 'string' ? [value] : candidates(value).flatMap((record) => PHONE_KEYS.map((key) => record[key]));
	for (const text of texts) {
		const digits = typeof text === 'string' ? deliveredPhoneDigits(text) : null;
		if (digits !== null && digits !== lidDigits) return digits;
	}
	return null;
}

/** The `<digits>@lid` in an answer to `GET /contacts/lids/{phone}`, or null when it names none. */
export function lidFromPhoneAnswer(body: unknown): string | null {
	const value = unwrap(body);
	const records = candidates(value);
	// The batch form maps each asked ID to `{lid}`: `{"15550100000": {"lid": "…@lid"}}`.
	const mapped = records.flatMap((record) => Object.values(record).map(asRecord).filter((r) => r !== undefined));
	const texts =
		typeof value === 'string' ? [value] : [...records, ...mapped].flatMap((record) => [record.lid, record.id]);
	for (const text of texts) {
		const digits = typeof text === 'string' ? deliveredLidDigits(text) : null;
		if (digits !== null) return `${digits}@lid`;
	}
	return null;
}
