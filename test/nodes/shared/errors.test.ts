import { describeWhapiError, findRefusal, isChannelNotFound } from '../../../nodes/shared/errors';

// WHAPI.md: error body `{"error":{"code":<int>,"message":"…","details?":"…"}}`.
const body = (code: number, message: string, details?: string) => ({ error: { code, message, ...(details ? { details } : {}) } });
const GROUP = '120363012345678901@g.us';

describe('reading Whapi\'s error body (the part in brackets of every message)', () => {
	/** What describeWhapiError quotes of Whapi's answer, for a status with no special meaning. */
	const quoted = (answer: unknown) => describeWhapiError(599, answer).message.replace(/^Whapi had a server error /, '');

	it('reads the documented body', () => {
		expect(quoted(body(404, 'Channel not found', 'check token'))).toBe('(Whapi 404: Channel not found – check token)');
	});

	it('reads a flat {code,message} body', () => {
		expect(quoted({ code: 400, message: 'bad' })).toBe('(Whapi 400: bad)');
	});

	it('reads {error:"text"}', () => {
		expect(quoted({ error: 'Something broke' })).toBe('(Whapi 599: Something broke)');
	});

	it('ignores fields of the wrong type', () => {
		expect(quoted({ error: { code: '404', message: 7, details: {} } })).toBe('(Whapi 599)');
	});

	it('trims a text body and bounds it to 300 characters', () => {
		expect(quoted('  Bad Gateway \n')).toBe('(Whapi 599: Bad Gateway)');
		expect(quoted('x'.repeat(5000))).toBe(`(Whapi 599: ${'x'.repeat(300)})`);
	});

	it.each([
		['null', null],
		['undefined', undefined],
		['empty string', ''],
		['blank string', '   '],
		['number', 500],
		['array', [{ error: { code: 1, message: 'no' } }]],
		['boolean', false],
		['{error:null}', { error: null }],
	])('quotes nothing for %s', (_label, value) => {
		expect(quoted(value)).toBe('(Whapi 599)');
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

	it('402 says the channel reached its plan\'s limit, and how to lift it', () => {
		expect(describeWhapiError(402, body(402, 'Trial limit exceeded'))).toEqual({
			message: "The Whapi channel has reached its plan's limit (Whapi 402: Trial limit exceeded)",
			description: 'Upgrade the channel in the Whapi panel or wait for the limit to reset.',
		});
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

describe('findRefusal', () => {
	// WHAPI.md: accept/reject answer `[{"chatId","success":bool,"error?"}]`; a failure can arrive in a 200.
	it('array with success:false → its error text', () => {
		expect(findRefusal([{ chatId: '15550100000@s.whatsapp.net', success: false, error: 'not found' }])).toBe('not found');
	});
	it('the first refusal in a mixed array', () => {
		expect(
			findRefusal([
				{ chatId: 'a', success: true },
				{ chatId: 'b', success: false, error: 'first' },
				{ chatId: 'c', success: false, error: 'second' },
			]),
		).toBe('first');
	});
	it('a single object', () => {
		expect(findRefusal({ success: false, error: 'nope' })).toBe('nope');
	});
	it('an error object with a message', () => {
		expect(findRefusal({ success: false, error: { code: 400, message: 'Bad application' } })).toBe('Bad application');
		expect(findRefusal([{ success: false, error: { message: 'in array' } }])).toBe('in array');
	});
	it('no usable reason → "no reason given"', () => {
		expect(findRefusal({ success: false })).toBe('no reason given');
		expect(findRefusal({ success: false, error: '' })).toBe('no reason given');
		expect(findRefusal({ success: false, error: { code: 1 } })).toBe('no reason given');
	});
	it('success true or no success field → undefined', () => {
		expect(findRefusal([{ chatId: 'a', success: true }])).toBeUndefined();
		expect(findRefusal({ success: true, error: 'ignored' })).toBeUndefined();
		expect(findRefusal({ applications: [] })).toBeUndefined();
		expect(findRefusal({ success: 'false' })).toBeUndefined();
		expect(findRefusal({ success: 0 })).toBeUndefined();
	});
	it('odd bodies → undefined', () => {
		for (const body of [undefined, null, '', 'success:false', 0, [], [null, 1, 'x']]) expect(findRefusal(body)).toBeUndefined();
	});
});
