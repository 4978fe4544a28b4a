/**
 * Phone numbers typed by people: which are international, and how a Default Country Code turns
 * a national one into an international one. Lengths and trunk prefixes come from the generated
 * calling-code table; a number that cannot be read with certainty is refused rather than guessed,
 * because a wrong country code decides a stranger's request, or none, while the applicant waits.
 */

import { CALLING_CODES } from './callingCodes';

/** A phone number that cannot be read with certainty; the message says what to write instead. */
export class PhoneNumberError extends Error {}

interface NumberingPlan {
	lengths: ReadonlySet<number>;
	/** National trunk prefixes, longest first (`0` in most of Europe, `80`, `0` or `8` in Belarus). */
	trunks: Array<{ digits: string; ambiguous: boolean }>;
}

const MAX_E164_DIGITS = 15;

function readPlan(entry: string): NumberingPlan {
	const [lengthList, trunkList = ''] = entry.split('/');
	const lengths = new Set<number>();
	for (const part of lengthList.split(',')) {
		const [from, to = from] = part.split('-').map(Number);
		for (let length = from; length <= to; length++) lengths.add(length);
	}
	const trunks = trunkList
		.split(',')
		.filter((trunk) => trunk !== '')
		.map((trunk) => ({ digits: trunk.replace('?', ''), ambiguous: trunk.endsWith('?') }));
	return { lengths, trunks };
}

const PLANS = new Map(
	CALLING_CODES.trim()
		.split(/\s+/)
		.map((field) => field.split('='))
		.map(([code, entry]) => [code, readPlan(entry)]),
);

/** Calling codes are prefix-free, so at most one of the first three digits' prefixes is one. */
function splitCallingCode(digits: string): { code: string; national: string; plan: NumberingPlan } | undefined {
	for (let size = 1; size <= 3; size++) {
		const plan = PLANS.get(digits.slice(0, size));
		if (plan) return { code: digits.slice(0, size), national: digits.slice(size), plan };
	}
	return undefined;
}

/** Whether the digits are a country calling code followed by a national number of a possible length. */
export function isValidInternational(digits: string): boolean {
	const split = splitCallingCode(digits);
	return digits.length <= MAX_E164_DIGITS && split !== undefined && split.plan.lengths.has(split.national.length);
}

function describeLengths(lengths: ReadonlySet<number>): string {
	const list = [...lengths];
	return list.length === 1 ? `${list[0]} digits` : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]} digits`;
}

/** Reads the Default Country Code option (`1`, `+44`, `0044`); '' when not set. */
export function normalizeCountryCode(value: unknown): string {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (text === '') return '';
	const code = text.replace(/^(\+|00)/, '');
	if (!PLANS.has(code)) {
		throw new PhoneNumberError(`"${text}" is not a country calling code. Enter its digits, such as 1 for the USA or 44 for the UK.`);
	}
	return code;
}

/**
 * The international digits of a phone number: `+…` and `00…` as written; bare digits when they
 * form a valid international number (how WhatsApp, the trigger and most sheets write them);
 * anything else is national and needs `defaultCountryCode`. `(555) 010-0000` is national: read
 * as bare digits it would go to Brazil (+55).
 */
export function toInternationalDigits(phone: string, defaultCountryCode: unknown): string {
	const text = phone.replace(/\(\s*0\s*\)/g, '').trim();
	const digits = text.replace(/\D/g, '');
	if (digits === '') throw new PhoneNumberError(`"${phone}" holds no digits.`);
	if (text.startsWith('+')) return checkedInternational(digits, phone);
	if (digits.startsWith('00')) return checkedInternational(digits.slice(2), phone);
	if (/^\d+$/.test(text) && isValidInternational(digits)) return digits;
	const countryCode = normalizeCountryCode(defaultCountryCode);
	if (countryCode === '') {
		throw new PhoneNumberError(
			`"${phone}" has no country code. Add it in international form, such as +1 555 010 0000 or +44 7911 123456, or set Default Country Code in the node's Options.`,
		);
	}
	return withCountryCode(digits, countryCode, phone);
}

function checkedInternational(digits: string, original: string): string {
	if (digits.length > MAX_E164_DIGITS) {
		throw new PhoneNumberError(`"${original}" has ${digits.length} digits; an international number has at most ${MAX_E164_DIGITS}.`);
	}
	const split = splitCallingCode(digits);
	if (split === undefined) {
		throw new PhoneNumberError(`"${original}" does not start with a country code in use.`);
	}
	if (!isValidInternational(digits)) {
		throw new PhoneNumberError(
			`"${original}" has ${split.national.length} digits after the country code +${split.code}; numbers there have ${describeLengths(split.plan.lengths)}.`,
		);
	}
	return digits;
}

function withCountryCode(digits: string, code: string, original: string): string {
	const plan = PLANS.get(code) as NumberingPlan;
	// A trunk prefix is dialled only inside the country (UK 07911… is +44 7911…). Where numbers
	// may begin with those digits too (Russia's 8), only a length that fits without it tells.
	const trunk = plan.trunks.find(
		({ digits: prefix, ambiguous }) =>
			digits.startsWith(prefix) &&
			(!ambiguous || (!plan.lengths.has(digits.length) && plan.lengths.has(digits.length - prefix.length))),
	);
	const national = trunk ? digits.slice(trunk.digits.length) : digits;
	if (!isValidInternational(`${code}${national}`)) {
		throw new PhoneNumberError(
			`"${original}" read as a national number of +${code} has ${national.length} digits; numbers there have ${describeLengths(plan.lengths)}. Check the number, or write it in international form starting with +.`,
		);
	}
	return `${code}${national}`;
}
