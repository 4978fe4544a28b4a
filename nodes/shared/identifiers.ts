/**
 * WhatsApp identifiers as Whapi uses them: group IDs (`<digits-and-dashes>@g.us`) and
 * applicant chat IDs (`<digits>@s.whatsapp.net` for a phone, `<digits>@lid` for a hidden one),
 * and when two of them name the same person (an applicant, or the channel's own number).
 * Pure functions; the nodes turn a thrown `IdentifierError` into a NodeOperationError that
 * names the item and the field.
 */

import { toInternationalDigits } from './phones';

export class IdentifierError extends Error {}

const GROUP_ID = /^[\d-]{10,31}@g\.us$/;
/**
 * A chat ID as Whapi delivers it in events: bare digits or a phone chat ID (5 to 20 digits), or an
 * @lid (5 to 25 digits). One pattern for all three, the length rule checked after it.
 */
const DELIVERED_CHAT_ID = /^(\d{5,25})(@lid|@s\.whatsapp\.net|@c\.us)?$/i;
/** A phone as WhatsApp gives it back: international digits, bare or as a phone chat ID. */
const DELIVERED_PHONE = /^(\d{7,15})(@s\.whatsapp\.net|@c\.us)?$/i;
const DELIVERED_LID = /^(\d{5,25})@lid$/i;
const PHONE_SUFFIXES = ['@s.whatsapp.net', '@c.us'];
const LID_SUFFIX = '@lid';
const PHONE_SUFFIX = '@s.whatsapp.net';

export function isGroupId(value: unknown): value is string {
	return typeof value === 'string' && GROUP_ID.test(value);
}

/** The digits of a phone WhatsApp gave back (`15550100000` or `15550100000@s.whatsapp.net`), or null. */
export function deliveredPhoneDigits(text: string): string | null {
	return DELIVERED_PHONE.exec(text.trim())?.[1] ?? null;
}

/** The digits of an `@lid` chat ID WhatsApp gave back, or null. */
export function deliveredLidDigits(text: string): string | null {
	return DELIVERED_LID.exec(text.trim())?.[1] ?? null;
}

/** Completes a group ID typed without `@g.us`; rejects anything that is not a group ID. */
export function normalizeGroupId(value: unknown): string {
	if (typeof value === 'number') {
		throw new IdentifierError('Group ID must be text such as 120363012345678901@g.us, not a number: a number that long loses digits.');
	}
	const raw = typeof value === 'string' ? value.trim() : '';
	if (raw === '') {
		throw new IdentifierError('Group ID is empty. Pick a group from the list or enter an ID such as 120363012345678901@g.us.');
	}
	const candidate = raw.includes('@') ? raw : `${raw}@g.us`;
	if (!isGroupId(candidate)) {
		throw new IdentifierError(
			`"${raw}" is not a WhatsApp group ID. A group ID is 10 to 31 digits or dashes followed by @g.us, such as 120363012345678901@g.us.`,
		);
	}
	return candidate;
}

/**
 * Turns a phone number in any common format, a phone chat ID or an @lid into the chat ID
 * Whapi expects as `application`: `+1 (555) 010-0000` → `15550100000@s.whatsapp.net`. A number
 * written without its country code takes `defaultCountryCode`, or is refused (see phones.ts).
 */
export function normalizeApplicant(value: unknown, defaultCountryCode: string = ''): string {
	const raw = Number.isSafeInteger(value) ? String(value) : value;
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (text === '') {
		throw new IdentifierError('Applicant is empty. Enter a phone number with country code, such as +15550100000, or a chat ID.');
	}
	const lower = text.toLowerCase();
	if (lower.endsWith(LID_SUFFIX)) {
		const digits = text.slice(0, -LID_SUFFIX.length);
		if (!/^\d{10,31}$/.test(digits)) {
			throw new IdentifierError(`"${text}" is not a valid @lid chat ID: expected 10 to 31 digits followed by @lid.`);
		}
		return `${digits}${LID_SUFFIX}`;
	}
	const suffix = PHONE_SUFFIXES.find((s) => lower.endsWith(s));
	const digits = suffix ? chatIdDigits(text.slice(0, -suffix.length), text) : phoneDigits(text, defaultCountryCode);
	// Whapi's ChatID pattern takes 10 to 31 digits; E.164 allows shorter numbers, which Whapi refuses.
	if (digits.length < 10) {
		throw new IdentifierError(`"${text}" has ${digits.length} digits with its country code; Whapi takes chat IDs of 10 digits or more.`);
	}
	return `${digits}${PHONE_SUFFIX}`;
}

/** A phone chat ID is WhatsApp's own: international digits, checked only for shape. */
function chatIdDigits(phonePart: string, original: string): string {
	if (!/^\d{7,15}$/.test(phonePart.trim())) {
		throw new IdentifierError(`"${original}" is not a phone chat ID: expected 7 to 15 digits before ${original.slice(phonePart.length)}.`);
	}
	return phonePart.trim();
}

function phoneDigits(phone: string, defaultCountryCode: string): string {
	if (/[^\d\s+().\-/]/.test(phone)) {
		throw new IdentifierError(
			`"${phone}" is not a phone number: it contains characters other than digits, spaces, +, -, dots and parentheses.`,
		);
	}
	return toInternationalDigits(phone, defaultCountryCode);
}

export interface ApplicantIdentity {
	/** The chat ID as Whapi gave it. */
	applicant: string;
	/** Digits of the phone number, or null when WhatsApp hides it behind an @lid. */
	phone: string | null;
	/** The @lid chat ID, or null for a phone applicant. */
	lid: string | null;
}

/**
 * The applicant a chat ID in an event names, or undefined when it is not a chat ID as Whapi
 * delivers it (DELIVERED_CHAT_ID). Every join request's body goes through this, one match each.
 */
export function readDeliveredChatId(value: unknown): ApplicantIdentity | undefined {
	const match = typeof value === 'string' ? DELIVERED_CHAT_ID.exec(value) : null;
	if (match === null) return undefined;
	const [applicant, digits, suffix] = match;
	if (suffix !== undefined && suffix.toLowerCase() === LID_SUFFIX) return { applicant, phone: null, lid: applicant };
	return digits.length <= 20 ? { applicant, phone: digits, lid: null } : undefined;
}

/**
 * Splits any chat ID into phone and lid: as readDeliveredChatId reads it, and otherwise with no
 * phone, keeping an ID that ends in @lid as the lid.
 */
export function describeApplicant(chatId: string): ApplicantIdentity {
	const lid = chatId.toLowerCase().endsWith(LID_SUFFIX) ? chatId : null;
	return readDeliveredChatId(chatId) ?? { applicant: chatId, phone: null, lid };
}

/**
 * True when two chat IDs name the same person (`15550100000` = `15550100000@s.whatsapp.net`):
 * an applicant in the queue, or the channel's own number among a group's participants.
 */
export function sameApplicant(a: string, b: string): boolean {
	// An @lid keeps its suffix, so it never equals a phone.
	const key = (id: string) => id.toLowerCase().replace(/@(s\.whatsapp\.net|c\.us)$/, '');
	return key(a) === key(b);
}
