import { parseApplicationsPage } from '../../../../../nodes/WhapiJoinRequests/actions/joinRequest/applications';

const GROUP = '120363012345678901@g.us';
// WHAPI.md: `timestamp` is Unix seconds.
const T = 1_700_000_000;
const T_ISO = new Date(T * 1000).toISOString();

describe('parseApplicationsPage', () => {
	it('reads the documented answer with `chatId`', () => {
		const page = parseApplicationsPage(GROUP, {
			applications: [
				{ chatId: '15550100000@s.whatsapp.net', request_method: 'invite_link', timestamp: T },
				{ chatId: '123456789012345@lid', request_method: 'invite_link', timestamp: T + 60 },
			],
			count: 2,
			total: 2,
			offset: 0,
		});
		expect(page.total).toBe(2);
		expect(page.requests).toEqual([
			{
				groupId: GROUP,
				applicant: '15550100000@s.whatsapp.net',
				phone: '15550100000',
				lid: null,
				requestMethod: 'invite_link',
				requestedAt: T_ISO,
			},
			{
				groupId: GROUP,
				applicant: '123456789012345@lid',
				phone: null,
				lid: '123456789012345@lid',
				requestMethod: 'invite_link',
				requestedAt: new Date((T + 60) * 1000).toISOString(),
			},
		]);
	});

	it('reads the `chat_id` spelling too', () => {
		const page = parseApplicationsPage(GROUP, {
			applications: [{ chat_id: '61280155346', request_method: 'invite_link', timestamp: T }],
			total: 1,
		});
		expect(page.requests).toHaveLength(1);
		expect(page.requests[0]).toMatchObject({ applicant: '61280155346', phone: '61280155346', lid: null });
	});

	it('reads a bare array answer, which carries no total', () => {
		const page = parseApplicationsPage(GROUP, [
			{ chatId: '15550100000@s.whatsapp.net', timestamp: T },
			{ chat_id: '442079460000', timestamp: T },
		]);
		expect(page.total).toBeUndefined();
		expect(page.requests.map((r) => r.phone)).toEqual(['15550100000', '442079460000']);
		expect(page.requests.every((r) => r.groupId === GROUP)).toBe(true);
	});

	it('skips garbage entries and keeps the good ones in order', () => {
		const page = parseApplicationsPage(GROUP, {
			applications: [
				null,
				42,
				true,
				[],
				['15550100000'],
				{},
				{ chatId: '' },
				{ chatId: 15550100000 },
				{ chatId: null, chat_id: { nested: 'x' } },
				{ request_method: 'invite_link', timestamp: T },
				{ chatId: '15550100001@s.whatsapp.net' },
				undefined,
				{ chat_id: '15550100002' },
			],
			total: 13,
		});
		expect(page.requests.map((r) => r.applicant)).toEqual(['15550100001@s.whatsapp.net', '15550100002']);
	});

	it.each([
		['null', null],
		['undefined', undefined],
		['a string', 'Channel not found'],
		['a number', 404],
		['an object without applications', { error: { code: 404 } }],
		['applications not an array', { applications: { chatId: '15550100000' } }],
	])('yields no requests for %s', (_label, body) => {
		expect(parseApplicationsPage(GROUP, body).requests).toEqual([]);
	});

	it('ignores a non-numeric total', () => {
		expect(parseApplicationsPage(GROUP, { applications: [], total: '5' }).total).toBeUndefined();
	});

	it('keeps a total of 0', () => {
		expect(parseApplicationsPage(GROUP, { applications: [], total: 0 }).total).toBe(0);
	});

	it('requestedAt: ISO 8601 from Unix seconds, and from milliseconds', () => {
		const [seconds, millis, text] = parseApplicationsPage(GROUP, {
			applications: [
				{ chatId: '15550100000', timestamp: T },
				{ chatId: '15550100001', timestamp: T * 1000 },
				{ chatId: '15550100002', timestamp: String(T) },
			],
		}).requests;
		expect(seconds.requestedAt).toBe(T_ISO);
		expect(millis.requestedAt).toBe(T_ISO);
		expect(text.requestedAt).toBe(T_ISO);
		// 1,700,000,000 s after the epoch is the well-known 2023-11-14 22:13:20 UTC.
		expect(seconds.requestedAt).toBe('2023-11-14T22:13:20.000Z');
	});

	it('reads entries given as bare chat IDs, with no method or time', () => {
		const page = parseApplicationsPage(GROUP, ['15550100000@s.whatsapp.net', '123456789012345@lid']);
		expect(page.requests).toEqual([
			{ groupId: GROUP, applicant: '15550100000@s.whatsapp.net', phone: '15550100000', lid: null, requestMethod: null, requestedAt: null },
			{ groupId: GROUP, applicant: '123456789012345@lid', phone: null, lid: '123456789012345@lid', requestMethod: null, requestedAt: null },
		]);
		expect(page.received).toBe(2);
	});

	it('requestedAt: 1e11 is still seconds (the year 5138); above it, milliseconds', () => {
		const [seconds, millis] = parseApplicationsPage(GROUP, {
			applications: [
				{ chatId: '15550100000', timestamp: 1e11 },
				{ chatId: '15550100001', timestamp: 1e11 + 1 },
			],
		}).requests;
		expect(seconds.requestedAt).toBe(new Date(1e14).toISOString());
		expect(millis.requestedAt).toBe(new Date(1e11 + 1).toISOString());
	});

	it('requestedAt and requestMethod are null when missing or unusable', () => {
		const requests = parseApplicationsPage(GROUP, {
			applications: [
				{ chatId: '15550100000' },
				{ chatId: '15550100001', timestamp: null, request_method: 7 },
				{ chatId: '15550100002', timestamp: 'yesterday' },
				{ chatId: '15550100003', timestamp: 0 },
				{ chatId: '15550100004', timestamp: -5 },
				{ chatId: '15550100005', timestamp: Number.NaN },
				{ chatId: '15550100006', timestamp: 1e20 },
				// Types a number could be read from by mistake: Number(true) is 1, Number([5]) is 5.
				{ chatId: '15550100007', timestamp: true },
				{ chatId: '15550100008', timestamp: [T] },
				{ chatId: '15550100009', timestamp: '' },
				{ chatId: '15550100010', timestamp: '  ' },
			],
		}).requests;
		expect(requests).toHaveLength(11);
		for (const r of requests) {
			expect(r.requestedAt).toBeNull();
			expect(r.requestMethod).toBeNull();
		}
	});
});

describe('requestedAt', () => {
	const toIsoTime = (timestamp: unknown) =>
		parseApplicationsPage(GROUP, [{ chatId: '15550100000@s.whatsapp.net', timestamp }]).requests[0].requestedAt;

	it('seconds and milliseconds name the same instant', () => {
		expect(toIsoTime(T)).toBe(toIsoTime(T * 1000));
		expect(toIsoTime(T)).toBe(T_ISO);
	});
	it('returns null for non-times', () => {
		for (const v of [undefined, null, '', '  ', 'abc', {}, [], Infinity, -1, 0]) expect(toIsoTime(v)).toBeNull();
	});
});
