import {
	IdentifierError,
	describeApplicant,
	deliveredLidDigits,
	deliveredPhoneDigits,
	normalizeApplicant,
	normalizeGroupId,
	readDeliveredChatId,
	sameApplicant,
} from '../../../nodes/shared/identifiers';
import { PhoneNumberError } from '../../../nodes/shared/phones';

// CONTRACT.md: applicant = "a phone number in any common format (`+1 (555) 010-0000`),
// `<digits>@s.whatsapp.net`, or `<digits>@lid`"; WHAPI.md: send a full chat ID.
const PHONE = '@s.whatsapp.net';

describe('normalizeApplicant – phone numbers in common formats', () => {
	it.each([
		['+1 (555) 010-0000', '15550100000'],
		['+44 20 7946 0000', '442079460000'],
		['0044 20 7946 0000', '442079460000'], // 00 international prefix dropped
		['00442079460000', '442079460000'],
		['15550100000', '15550100000'],
		['+15550100000', '15550100000'],
		['+1.555.010.0000', '15550100000'],
		['+1 555/010/0000', '15550100000'],
		['  +1-555-010-0000  ', '15550100000'],
		['+49 (30) 1234567', '49301234567'],
	])('%s → %s@s.whatsapp.net', (input, digits) => {
		expect(normalizeApplicant(input)).toBe(`${digits}${PHONE}`);
	});

	it('accepts a number-typed input (n8n expressions can yield numbers)', () => {
		expect(normalizeApplicant(15550100000)).toBe(`15550100000${PHONE}`);
	});

	it('rejects a number that is not a safe integer instead of mangling it', () => {
		expect(() => normalizeApplicant(1.5)).toThrow(IdentifierError);
		expect(() => normalizeApplicant(Number.NaN)).toThrow(IdentifierError);
		expect(() => normalizeApplicant(2 ** 60)).toThrow(IdentifierError);
	});
});

describe('normalizeApplicant – chat IDs', () => {
	it('keeps a phone chat ID', () => {
		expect(normalizeApplicant('15550100000@s.whatsapp.net')).toBe(`15550100000${PHONE}`);
	});

	it('reads the suffix case-insensitively', () => {
		expect(normalizeApplicant('15550100000@S.WhatsApp.NET')).toBe(`15550100000${PHONE}`);
	});

	it('turns the legacy @c.us suffix into @s.whatsapp.net', () => {
		expect(normalizeApplicant('15550100000@c.us')).toBe(`15550100000${PHONE}`);
		expect(normalizeApplicant('  442079460000@c.us ')).toBe(`442079460000${PHONE}`);
	});

	it('keeps a phone chat ID of 10 digits, the fewest Whapi takes', () => {
		expect(normalizeApplicant('1234567890@s.whatsapp.net')).toBe(`1234567890${PHONE}`);
	});

	it('drops blanks before the suffix', () => {
		expect(normalizeApplicant('15550100000 @s.whatsapp.net')).toBe(`15550100000${PHONE}`);
	});

	it.each(['x15550100000@s.whatsapp.net', '15550100000x@s.whatsapp.net', '1555 0100000@s.whatsapp.net'])(
		'refuses %s, whose part before the suffix is not only digits, naming what it expected',
		(chatId) => {
			expect(() => normalizeApplicant(chatId)).toThrow(
				new IdentifierError(`"${chatId}" is not a phone chat ID: expected 7 to 15 digits before @s.whatsapp.net.`),
			);
		},
	);

	it('passes an @lid through as-is (WHAPI.md: it works as the `application` value)', () => {
		expect(normalizeApplicant('123456789012345@lid')).toBe('123456789012345@lid');
		expect(normalizeApplicant(' 123456789012345@LID ')).toBe('123456789012345@lid');
	});
});

describe('normalizeApplicant – errors', () => {
	it.each([
		['empty string', ''],
		['whitespace', '   '],
		['undefined', undefined],
		['null', null],
		['object', { phone: '15550100000' }],
		['boolean', true],
	])('rejects %s as empty', (_label, input) => {
		expect(() => normalizeApplicant(input)).toThrow(IdentifierError);
		expect(() => normalizeApplicant(input)).toThrow(/empty/i);
	});

	it.each(['abc', '+1 555 CALL NOW', '15550100000@g.us', '1555010000x', '15550100000@example.com', '+1_555_010_0000'])(
		'rejects %s (letters or foreign characters) and quotes the input',
		(input) => {
			expect(() => normalizeApplicant(input)).toThrow(IdentifierError);
			expect(() => normalizeApplicant(input)).toThrow(input);
		},
	);

	it('rejects a number without its country code and asks for it, unless a default country code is given', () => {
		for (const national of ['020 7946 0000', '0555 0100000', '1.555.010.0000', '(555) 010-0000']) {
			expect(() => normalizeApplicant(national)).toThrow(PhoneNumberError);
			expect(() => normalizeApplicant(national)).toThrow(/has no country code\. Add it in international form/);
		}
		expect(normalizeApplicant('020 7946 0000', '44')).toBe(`442079460000${PHONE}`);
		expect(normalizeApplicant('1.555.010.0000', '1')).toBe(`15550100000${PHONE}`);
	});

	it.each([
		['6 digits', '+123456', /has 5 digits after the country code \+1/],
		['only a plus', '+', /holds no digits/],
		['only punctuation', '(-) .', /holds no digits/],
		['16 digits', '+1234567890123456', /has 16 digits; an international number has at most 15/],
		['00 prefix leaving 6 digits', '00123456', /has 5 digits after the country code \+1/],
	])('rejects %s, saying why', (_label, input, why) => {
		expect(() => normalizeApplicant(input)).toThrow(PhoneNumberError);
		expect(() => normalizeApplicant(input)).toThrow(why);
	});

	it('accepts 15 digits, and refuses numbers Whapi cannot take (fewer than 10 digits)', () => {
		expect(normalizeApplicant('+49 1234567890123')).toBe(`491234567890123${PHONE}`);
		expect(() => normalizeApplicant('+683 4002')).toThrow('"+683 4002" has 7 digits with its country code; Whapi takes chat IDs of 10 digits or more.');
		expect(() => normalizeApplicant('1234567@s.whatsapp.net')).toThrow(/10 digits or more/);
	});

	it.each(['@lid', 'abc@lid', '1234@lid', '123456789@lid', '+1234567@lid', '12 34 56@lid', `${'1'.repeat(32)}@lid`])(
		'rejects the malformed @lid %s',
		(input) => {
			expect(() => normalizeApplicant(input)).toThrow(IdentifierError);
			expect(() => normalizeApplicant(input)).toThrow(/@lid/);
		},
	);

	it('rejects letters in a phone chat ID', () => {
		expect(() => normalizeApplicant('abc@s.whatsapp.net')).toThrow(IdentifierError);
	});

	it('rejects a country code starting with 0 even after "+" (E.164 country codes never start with 0)', () => {
		expect(() => normalizeApplicant('+020 7946 0000')).toThrow(PhoneNumberError);
	});

	it('reads the "+44 (0)20 …" trunk-prefix notation as the number it is, never as 4402079460000', () => {
		expect(normalizeApplicant('+44 (0)20 7946 0000')).toBe(`442079460000${PHONE}`);
	});
});

describe('normalizeGroupId', () => {
	const ID = '120363012345678901@g.us';

	it('keeps a full group ID', () => {
		expect(normalizeGroupId(ID)).toBe(ID);
	});

	it('completes an ID typed without @g.us', () => {
		expect(normalizeGroupId('120363012345678901')).toBe(ID);
	});

	it('trims whitespace', () => {
		expect(normalizeGroupId(`  ${ID}\n`)).toBe(ID);
		expect(normalizeGroupId('\t120363012345678901 ')).toBe(ID);
	});

	it('accepts the legacy <creator>-<timestamp> form with a dash', () => {
		expect(normalizeGroupId('15550100000-1600000000@g.us')).toBe('15550100000-1600000000@g.us');
	});

	it('accepts 10 and 31 characters before @g.us, per WHAPI.md ^[\\d-]{10,31}@g\\.us$', () => {
		expect(normalizeGroupId('1234567890')).toBe('1234567890@g.us');
		expect(normalizeGroupId('1'.repeat(31))).toBe(`${'1'.repeat(31)}@g.us`);
	});

	it.each([
		['empty', ''],
		['blank', '   '],
		['undefined', undefined],
		['null', null],
	])('rejects %s as empty', (_label, input) => {
		expect(() => normalizeGroupId(input)).toThrow(IdentifierError);
		expect(() => normalizeGroupId(input)).toThrow(/empty/i);
	});

	it('rejects a number (an 18-digit group ID cannot survive as a JS number)', () => {
		expect(() => normalizeGroupId(120363012345678901)).toThrow(IdentifierError);
	});

	it.each([
		'123456789', // 9 characters
		'1'.repeat(32),
		'120363012345678901@s.whatsapp.net',
		'120363012345678901@g.us.evil.com',
		'120363012345678901@@g.us',
		'abc120363012345678@g.us',
		'120363 012345678901@g.us',
		'120363012345678901@lid',
		'../../settings',
		'120363012345678901@g.us/applications',
	])('rejects the malformed %s', (input) => {
		expect(() => normalizeGroupId(input)).toThrow(IdentifierError);
		expect(() => normalizeGroupId(input)).toThrow(/not a WhatsApp group ID/);
	});
});

describe('describeApplicant', () => {
	it('no phone when anything but digits comes before the suffix or in bare text', () => {
		expect(['x15550100000@s.whatsapp.net', '15550100000x', 'x15550100000'].map((id) => describeApplicant(id).phone)).toEqual([null, null, null]);
	});

	it('bare digits: the digits are the phone', () => {
		expect(describeApplicant('61280155346')).toEqual({ applicant: '61280155346', phone: '61280155346', lid: null });
	});

	it('phone chat ID: applicant kept as given, phone = digits', () => {
		expect(describeApplicant('15550100000@s.whatsapp.net')).toEqual({
			applicant: '15550100000@s.whatsapp.net',
			phone: '15550100000',
			lid: null,
		});
		expect(describeApplicant('15550100000@c.us')).toEqual({
			applicant: '15550100000@c.us',
			phone: '15550100000',
			lid: null,
		});
	});

	it('@lid: no phone, lid = the chat ID', () => {
		expect(describeApplicant('123456789012345@lid')).toEqual({
			applicant: '123456789012345@lid',
			phone: null,
			lid: '123456789012345@lid',
		});
	});

	it('an ID ending in @lid stays the lid even when it is not one Whapi delivers (too few digits, any case)', () => {
		expect(['1234@LID', 'abc@lid'].map(describeApplicant)).toEqual([
			{ applicant: '1234@LID', phone: null, lid: '1234@LID' },
			{ applicant: 'abc@lid', phone: null, lid: 'abc@lid' },
		]);
	});

	it('something that is not digits has no phone', () => {
		expect(describeApplicant('hello@s.whatsapp.net').phone).toBeNull();
		expect(describeApplicant('hello').phone).toBeNull();
	});
});

describe('readDeliveredChatId', () => {
	it('reads the three forms Whapi delivers, the applicant kept as given', () => {
		expect(['61280155346', '15550100000@s.whatsapp.net', '15550100000@C.US', '123456789012345@LID'].map(readDeliveredChatId)).toEqual([
			{ applicant: '61280155346', phone: '61280155346', lid: null },
			{ applicant: '15550100000@s.whatsapp.net', phone: '15550100000', lid: null },
			{ applicant: '15550100000@C.US', phone: '15550100000', lid: null },
			{ applicant: '123456789012345@LID', phone: null, lid: '123456789012345@LID' },
		]);
	});

	it('a phone has 5 to 20 digits, an @lid 5 to 25', () => {
		const accepted = (suffix: string) => [4, 5, 20, 21, 25, 26].filter((n) => readDeliveredChatId('7'.repeat(n) + suffix) !== undefined);
		expect(['', '@s.whatsapp.net', '@c.us', '@lid'].map(accepted)).toEqual([[5, 20], [5, 20], [5, 20], [5, 20, 21, 25]]);
	});

	// The rule as it stood before it became one pattern (WHAPI.md: bare digits, a phone chat ID or
	// an @lid): a chat ID passes this pattern, and then splits at its suffix. The reading must agree
	// with it on every string, including near misses and letters that lower-case to ASCII.
	const CHAT_ID = /^(\d{5,20}(@s\.whatsapp\.net|@c\.us)?|\d{5,25}@lid)$/i;
	const reference = (value: unknown) => {
		if (typeof value !== 'string' || !CHAT_ID.test(value)) return undefined;
		if (value.toLowerCase().endsWith('@lid')) return { applicant: value, phone: null, lid: value };
		return { applicant: value, phone: value.replace(/@.*$/, ''), lid: null };
	};

	it('agrees with the pattern it replaces on 10,000 generated strings and every other JSON type', () => {
		const pieces = ['1', '9', '0', '@', 'lid', 'LId', '@s.whatsapp.net', '@S.WHATSAPP.NET', '@c.us', '@g.us', ' ', '\n', '+', '-', 'x', '\u212a', '\u0130', '\u017f', '١'];
		let seed = 7;
		const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
		const values: unknown[] = [null, 42, 15550100000, true, {}, [], ['15550100000']];
		for (let i = 0; i < 10_000; i++) {
			const digits = '5'.repeat(next(28));
			const noise = Array.from({ length: next(3) }, () => pieces[next(pieces.length)]).join('');
			const tail = ['', '@lid', '@LID', '@s.whatsapp.net', '@C.us', '@c.usx', ''][next(7)];
			values.push([digits + noise + tail, noise + digits + tail, digits + tail][next(3)]);
		}
		const disagreeing = values.filter((v) => JSON.stringify(readDeliveredChatId(v)) !== JSON.stringify(reference(v)));
		expect(disagreeing).toEqual([]);
		expect(values.filter((v) => reference(v) !== undefined).length).toBeGreaterThan(2_000);
	});
});

describe('sameApplicant', () => {
	it('bare digits = phone chat ID = @c.us chat ID', () => {
		expect(sameApplicant('15550100000', '15550100000@s.whatsapp.net')).toBe(true);
		expect(sameApplicant('15550100000@c.us', '15550100000@s.whatsapp.net')).toBe(true);
		expect(sameApplicant('15550100000@S.WHATSAPP.NET', '15550100000')).toBe(true);
	});
	it('@lid compares as a whole, case-insensitively', () => {
		expect(sameApplicant('123456789012345@lid', '123456789012345@LID')).toBe(true);
		expect(sameApplicant('123456789012345@lid', '123456789012345')).toBe(false);
		expect(sameApplicant('123456789012345@lid', '123456789012345@s.whatsapp.net')).toBe(false);
	});
	it('a suffix only counts at the end', () => {
		expect(sameApplicant('15550100000@c.usx', '15550100000x')).toBe(false);
	});
	it('different numbers differ', () => {
		expect(sameApplicant('15550100000', '15550100001')).toBe(false);
		expect(sameApplicant('15550100000@s.whatsapp.net', '115550100000@s.whatsapp.net')).toBe(false);
	});
});

describe('chat IDs WhatsApp gave back', () => {
	it('reads the digits of a phone chat ID or of bare digits, around blanks', () => {
		expect(['15550100000', ' 15550100000@s.whatsapp.net\n'].map(deliveredPhoneDigits)).toEqual(['15550100000', '15550100000']);
	});

	it('reads the digits of an @lid, around blanks and in any case', () => {
		expect(['271828182845904@lid', ' 271828182845904@LID\n'].map(deliveredLidDigits)).toEqual(['271828182845904', '271828182845904']);
	});

	it('gives null for anything else', () => {
		expect(['', 'abc@lid', '15550100000@lid@lid', '120363000000000001@g.us'].map(deliveredLidDigits)).toEqual([null, null, null, null]);
	});
});
