import { describeWhapiError, isChannelNotFound, readWhapiError } from '../../nodes/shared/errors';

// WHAPI.md: error body `{"error":{"code":<int>,"message":"…","details?":"…"}}`.
const body = (code: number, message: string, details?: string) => ({ error: { code, message, ...(details ? { details } : {}) } });
const GROUP = '120363012345678901@g.us';

describe('readWhapiError', () => {
	it('reads the documented body', () => {
		expect(readWhapiError(body(404, 'Channel not found', 'check token'))).toEqual({
			code: 404,
			message: 'Channel not found',
			details: 'check token',
		});
	});

	it('reads a flat {code,message} body', () => {
		expect(readWhapiError({ code: 400, message: 'bad' })).toEqual({ code: 400, message: 'bad', details: undefined });
	});

	it('reads {error:"text"}', () => {
		expect(readWhapiError({ error: 'Something broke' }).message).toBe('Something broke');
	});

	it('ignores fields of the wrong type', () => {
		expect(readWhapiError({ error: { code: '404', message: 7, details: {} } })).toEqual({
			code: undefined,
			message: undefined,
			details: undefined,
		});
	});

	it('trims a text body and bounds it to 300 characters', () => {
		expect(readWhapiError('  Bad Gateway \n')).toEqual({ message: 'Bad Gateway' });
		const long = 'x'.repeat(5000);
		expect(readWhapiError(long).message).toHaveLength(300);
	});

	it.each([
		['null', null],
		['undefined', undefined],
		['empty string', ''],
		['blank string', '   '],
		['number', 500],
		['array', [{ error: { code: 1, message: 'no' } }]],
		['boolean', false],
	])('returns nothing for %s', (_label, value) => {
		expect(readWhapiError(value)).toEqual({});
	});

	it('does not throw on {error:null}', () => {
		expect(readWhapiError({ error: null })).toEqual({ code: undefined, message: undefined, details: undefined });
	});
});

describe('isChannelNotFound', () => {
	it('is 404 with "Channel not found", case-insensitively', () => {
		expect(isChannelNotFound(404, body(404, 'Channel not found'))).toBe(true);
		expect(isChannelNotFound(404, body(404, 'channel NOT found'))).toBe(true);
		expect(isChannelNotFound(404, { error: 'Channel not found' })).toBe(true);
	});
	it('is not another 404, nor the message under another status', () => {
		expect(isChannelNotFound(404, body(404, 'Group not found'))).toBe(false);
		expect(isChannelNotFound(401, body(401, 'Channel not found'))).toBe(false);
		expect(isChannelNotFound(404, null)).toBe(false);
	});
});

describe('describeWhapiError', () => {
	it('404 Channel not found points at the token, not the group', () => {
		const d = describeWhapiError(404, body(404, 'Channel not found'), { groupId: GROUP });
		expect(d.message).toMatch(/token/i);
		expect(d.description).toMatch(/token/i);
		expect(d.message).not.toContain(GROUP);
	});

	it('another 404 names the group', () => {
		const d = describeWhapiError(404, body(404, 'Group not found'), { groupId: GROUP });
		expect(d.message).toContain(GROUP);
		expect(d.message).not.toMatch(/token/i);
	});

	it('another 404 without a group says "this group"', () => {
		expect(describeWhapiError(404, body(404, 'Not found')).message).toContain('this group');
	});

	it('403 says the number must be an admin, naming the group', () => {
		const d = describeWhapiError(403, body(403, 'Forbidden'), { groupId: GROUP });
		expect(d.message).toMatch(/admin/);
		expect(d.message).toContain(GROUP);
		expect(d.description).toMatch(/admin/);
	});

	it('401 says the WhatsApp session is logged out (not a wrong token)', () => {
		const d = describeWhapiError(401, body(401, 'Need channel authorization'));
		expect(d.message).toMatch(/logged out/);
		expect(d.description).toMatch(/QR/);
	});

	it('400 says the request was invalid', () => {
		expect(describeWhapiError(400, body(400, 'wrong parameters')).message).toMatch(/invalid/);
	});

	it('402 is the plan limit', () => {
		expect(describeWhapiError(402, body(402, 'Trial limit exceeded')).message).toMatch(/limit/);
	});

	it('429 is rate limiting', () => {
		expect(describeWhapiError(429, {}).message).toMatch(/rate-limit/);
	});

	it.each([500, 502, 503, 504, 599])('%i is a server error', (status) => {
		const d = describeWhapiError(status, 'upstream broke');
		expect(d.message).toMatch(/server error/);
		expect(d.message).toContain('upstream broke');
	});

	it('an unknown status names the status', () => {
		const d = describeWhapiError(418, null);
		expect(d.message).toContain('HTTP 418');
		expect(d.message).toContain('(Whapi 418)');
	});

	it.each([400, 401, 402, 403, 404, 429, 500, 418])('%i carries Whapi\'s code, message and details', (status) => {
		const d = describeWhapiError(status, body(9000 + status, `msg-${status}`, `det-${status}`));
		expect(d.message).toContain(`Whapi ${9000 + status}`);
		expect(d.message).toContain(`msg-${status}`);
		expect(d.message).toContain(`det-${status}`);
		expect(d.description.length).toBeGreaterThan(0);
	});

	it('falls back to the HTTP status when Whapi gave no code', () => {
		expect(describeWhapiError(403, { error: { message: 'nope' } }).message).toContain('(Whapi 403: nope)');
		expect(describeWhapiError(403, undefined).message).toContain('(Whapi 403)');
	});

	it('each category gets its own message', () => {
		const statuses = [400, 401, 402, 403, 404, 429, 500, 418];
		const messages = statuses.map((s) => describeWhapiError(s, {}).message);
		expect(new Set(messages).size).toBe(statuses.length);
		const channel = describeWhapiError(404, body(404, 'Channel not found')).message;
		expect(messages).not.toContain(channel);
	});
});
