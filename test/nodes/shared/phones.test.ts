import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import examples from 'libphonenumber-js/examples.mobile.json';
import { parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js/max';

import { isValidInternational, normalizeCountryCode, PhoneNumberError, toInternationalDigits } from '../../../nodes/shared/phones';

const root = path.resolve(__dirname, '../../..');

describe('the calling-code table', () => {
	it('is what the generator makes from the installed libphonenumber metadata', () => {
		const generated = execFileSync(process.execPath, ['scripts/generate-phone-lengths.mjs', '--stdout'], { cwd: root, encoding: 'utf8' });
		expect(readFileSync(path.join(root, 'nodes/shared/callingCodes.ts'), 'utf8')).toBe(generated);
	});
});

/** What libphonenumber itself makes of each country's example mobile number. */
const samples = Object.entries(examples as Record<string, string>).map(([country, example]) => {
	const number = parsePhoneNumberWithError(example, country as CountryCode);
	return { country, callingCode: number.countryCallingCode, national: number.formatNational(), e164: number.number.slice(1) };
});

// Argentina writes mobiles nationally as 0 + area code + 15 + number, which only rules beyond a
// length table can turn into +54 9 …: refused, never guessed.
const REFUSED_NATIONAL_FORMS = ['AR'];

describe('toInternationalDigits against libphonenumber, for every country', () => {
	it('reads the example mobile number of every country, written nationally, with its country code as the default', () => {
		const wrong: string[] = [];
		const refused: string[] = [];
		for (const sample of samples) {
			try {
				const digits = toInternationalDigits(sample.national, sample.callingCode);
				if (digits !== sample.e164) wrong.push(`${sample.country} ${sample.national} → ${digits}, not ${sample.e164}`);
			} catch (error) {
				if (!(error instanceof PhoneNumberError)) throw error;
				refused.push(sample.country);
			}
		}
		expect(samples.length).toBeGreaterThan(200);
		expect(wrong).toEqual([]);
		expect(refused).toEqual(REFUSED_NATIONAL_FORMS);
	});

	it('reads every example in international form, with + or 00 or as bare digits, without a default', () => {
		for (const sample of samples) {
			expect(toInternationalDigits(`+${sample.e164}`, '')).toBe(sample.e164);
			expect(toInternationalDigits(`00${sample.e164}`, '')).toBe(sample.e164);
			expect(toInternationalDigits(sample.e164, '')).toBe(sample.e164);
			expect(isValidInternational(sample.e164)).toBe(true);
		}
	});
});

describe('toInternationalDigits', () => {
	it('refuses a national number without a default, saying to add the country code', () => {
		for (const national of ['(555) 010-0000', '555 010 0000', '555-010-0000', '07911 123456', '030 1234567']) {
			expect(() => toInternationalDigits(national, '')).toThrow(/has no country code\. Add it in international form.*Default Country Code/);
		}
	});

	it('never reads (555) 010-0000 as Brazil (+55)', () => {
		expect(() => toInternationalDigits('(555) 010-0000', '')).toThrow(PhoneNumberError);
		expect(toInternationalDigits('(555) 010-0000', '1')).toBe('15550100000');
	});

	it('reads bare digits that form a valid international number as international, even with a default', () => {
		expect(toInternationalDigits('15550100000', '')).toBe('15550100000');
		expect(toInternationalDigits('447911123456', '1')).toBe('447911123456');
		expect(toInternationalDigits('61280155346', '49')).toBe('61280155346');
	});

	it('applies the default to bare digits that are no valid international number', () => {
		// 0… never starts an international number.
		expect(toInternationalDigits('07911123456', '44')).toBe('447911123456');
		expect(() => toInternationalDigits('07911123456', '')).toThrow(/has no country code/);
	});

	it('strips the trunk prefix 0 where the country dials one, and keeps a leading 0 that is part of the number', () => {
		expect(toInternationalDigits('07911 123456', '44')).toBe('447911123456');
		expect(toInternationalDigits('030 1234567', '+49')).toBe('49301234567');
		expect(toInternationalDigits('06 12 34 56 78', '33')).toBe('33612345678');
		// Italy dials no trunk prefix: Rome's 06 stays in the international number.
		expect(toInternationalDigits('06 1234 5678', '39')).toBe('390612345678');
		expect(toInternationalDigits('312 345 6789', '39')).toBe('393123456789');
	});

	it('strips other trunk prefixes only where the length shows they were dialled', () => {
		expect(toInternationalDigits('1 (555) 010-0000', '1')).toBe('15550100000');
		// Russia: 8 is the trunk prefix, but St Petersburg numbers begin with 812 too.
		expect(toInternationalDigits('8 912 345-67-89', '7')).toBe('79123456789');
		expect(toInternationalDigits('812 123-45-67', '7')).toBe('78121234567');
		expect(toInternationalDigits('8 812 123-45-67', '7')).toBe('78121234567');
		// Belarus dials 8 0 before the area code.
		expect(toInternationalDigits('8 029 491-19-11', '375')).toBe('375294911911');
	});

	it('refuses a national number of the wrong length for the default country', () => {
		expect(() => toInternationalDigits('555 010 000', '1')).toThrow('"555 010 000" read as a national number of +1 has 9 digits; numbers there have 7 or 10 digits');
		expect(() => toInternationalDigits('44 7911 123456', '44')).toThrow(/write it in international form starting with \+/);
	});

	it('checks international numbers against the table', () => {
		expect(toInternationalDigits('+44 (0)20 7946 0000', '')).toBe('442079460000');
		expect(toInternationalDigits('0044 7911 123456', '1')).toBe('447911123456');
		expect(() => toInternationalDigits('+1 555 010 000', '')).toThrow('has 9 digits after the country code +1; numbers there have 7 or 10 digits');
		expect(() => toInternationalDigits('+33 1 23 45 67 8', '')).toThrow('has 8 digits after the country code +33; numbers there have 9 digits');
		expect(() => toInternationalDigits('+999 123 4567', '')).toThrow('does not start with a country code in use');
		expect(() => toInternationalDigits('+1 555 010 0000 1234 5', '')).toThrow(PhoneNumberError);
	});
});

describe('normalizeCountryCode', () => {
	it.each([
		['1', '1'],
		['+44', '44'],
		['0044', '44'],
		[' 49 ', '49'],
		[7, '7'],
		['', ''],
		[undefined, ''],
	])('reads %p as %p', (input, expected) => {
		expect(normalizeCountryCode(input)).toBe(expected);
	});

	it.each(['999', 'UK', '+1-684', '4 4', '1234'])('refuses %p, saying what a country code looks like', (input) => {
		expect(() => normalizeCountryCode(input)).toThrow(/is not a country calling code\. Enter its digits, such as 1 for the USA or 44 for the UK/);
	});
});

describe('isValidInternational and E.164\'s 15 digits', () => {
	it('refuses 16 digits even where the national plan allows the length (+49 takes national numbers of up to 15 digits)', () => {
		expect([isValidInternational(`49${'1'.repeat(13)}`), isValidInternational(`49${'1'.repeat(14)}`)]).toEqual([true, false]);
	});
});
