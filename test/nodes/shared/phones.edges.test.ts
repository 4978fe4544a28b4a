import { toInternationalDigits } from '../../../nodes/shared/phones';

describe('toInternationalDigits: the edges of how a typed number is read', () => {
	it('lists every possible length when a plan has three or more (+44: 7, 9 or 10 digits)', () => {
		expect(() => toInternationalDigits('+44 12345', '')).toThrow(
			'"+44 12345" has 5 digits after the country code +44; numbers there have 7, 9 or 10 digits.',
		);
	});

	it('ignores blanks around the number, so a leading space does not make it national', () => {
		expect(toInternationalDigits('  +44 20 7946 0000', '')).toBe('442079460000');
	});

	it('drops the (0) of bare digits too, reading them as the international number they are', () => {
		expect(toInternationalDigits('44(0)2079460000', '')).toBe('442079460000');
	});

	it("keeps Russia's 8 when neither length fits, so the error counts the digits as typed", () => {
		// 8 912 345 67 has 9 digits; without the 8 it has 8: neither is a length of +7 (10 or 14).
		expect(() => toInternationalDigits('8 912 345 67', '7')).toThrow(
			'"8 912 345 67" read as a national number of +7 has 9 digits; numbers there have 10 or 14 digits.',
		);
	});
});
