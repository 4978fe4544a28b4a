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

/** How many ASCII digits `text` starts with. */
function leadingDigits(text: string): number {
	let count = 0;
	while (count < text.length) {
		const code = text.charCodeAt(count);
		if (code < 48 || code > 57) break;
		count++;
	}
	return count;
}

/**
 * The applicant a chat ID in an event names, or undefined when it is not a chat ID as Whapi
 * delivers it: bare digits or a phone chat ID (5 to 20 digits, `@s.whatsapp.net` or `@c.us`), or
 * an @lid (5 to 25 digits), suffixes in any case. Every applicant of every join request's body
 * goes through this, so it reads the characters itself: a pattern match and its match array took
 * nearly twice as long, and a body may carry a whole group's worth of applicants.
 */
export function readDeliveredChatId(value: unknown): ApplicantIdentity | undefined {
	if (typeof value !== 'string') return undefined;
	const digits = leadingDigits(value);
	if (digits < 5 || digits > 25) return undefined;
	if (digits === value.length) return digits <= 20 ? { applicant: value, phone: value, lid: null } : undefined;
	// Lower-casing the suffix matches what a case-insensitive pattern does: no character outside
	// ASCII lower-cases to one of these letters alone.
	const suffix = value.slice(digits).toLowerCase();
	if (suffix === LID_SUFFIX) return { applicant: value, phone: null, lid: value };
	if (digits > 20 || !PHONE_SUFFIXES.includes(suffix)) return undefined;
	return { applicant: value, phone: value.slice(0, digits), lid: null };
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
