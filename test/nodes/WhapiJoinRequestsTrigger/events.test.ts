import { participantEvents, type EventFilter } from '../../../nodes/WhapiJoinRequestsTrigger/events';
import { WhapiJoinRequestsTrigger } from '../../../nodes/WhapiJoinRequestsTrigger/WhapiJoinRequestsTrigger.node';

/** The values of the trigger's Events parameter: every action a user can watch. */
const GROUP_ACTIONS = (new WhapiJoinRequestsTrigger().description.properties.find((p) => p.name === 'actions')?.options ?? []).map(
	(option) => (option as { value: string }).value,
);

const G1 = '120363012345678901@g.us';
const G2 = '120363098765432109@g.us';
const AT = '2025-01-01T12:00:00.000Z';

const filter = (actions: string[] = ['request'], groups: string[] = []): EventFilter => ({
	actions: new Set(actions),
	groups: new Set(groups),
});
const ALL = filter([...GROUP_ACTIONS]);

const entry = (group_id: unknown, participants: unknown, action: unknown = 'request') => ({ group_id, participants, action });
const payload = (entries: unknown, extra: Record<string, unknown> = {}) => ({
	groups_participants: entries,
	event: { type: 'groups', event: 'put' },
	channel_id: 'MANTIS-M72HC',
	...extra,
});

describe('participantEvents – well-formed bodies', () => {
	it('reads the example body of WHAPI.md', () => {
		const body = JSON.parse(
			'{"groups_participants":[{"group_id":"120363012345678901@g.us","participants":["61280155346"],"action":"request"}],' +
				'"event":{"type":"groups","event":"put"},"channel_id":"MANTIS-M72HC"}',
		);
		expect(participantEvents(body, filter(), AT)).toEqual([
			{
				groupId: G1,
				applicant: '61280155346',
				phone: '61280155346',
				lid: null,
				action: 'request',
				channelId: 'MANTIS-M72HC',
				receivedAt: AT,
			},
		]);
	});

	it('accepts the spec envelope {type, method}', () => {
		const body = payload([entry(G1, ['61280155346'])], { event: { type: 'groups', method: 'put' } });
		expect(participantEvents(body, filter(), AT)).toHaveLength(1);
	});

	it('accepts an envelope that names the type only', () => {
		const body = payload([entry(G1, ['61280155346'])], { event: { type: 'groups' } });
		expect(participantEvents(body, filter(), AT)).toHaveLength(1);
	});

	it('accepts a body without envelope', () => {
		const body = { groups_participants: [entry(G1, ['61280155346'])] };
		const [event] = participantEvents(body, filter(), AT);
		expect(event.groupId).toBe(G1);
		expect(event.channelId).toBeNull();
	});

	it.each([
		['messages.post', { type: 'messages', event: 'post' }],
		['groups.post', { type: 'groups', event: 'post' }],
		['groups.patch (method)', { type: 'groups', method: 'patch' }],
		['chats.put', { type: 'chats', event: 'put' }],
		['envelope without type', { event: 'put' }],
		['envelope as string', 'groups.put'],
		['envelope null', null],
		['envelope array', [{ type: 'groups', event: 'put' }]],
	])('ignores other event types: %s', (_label, event) => {
		const body = payload([entry(G1, ['61280155346'])], { event });
		expect(participantEvents(body, ALL, AT)).toEqual([]);
	});

	it.each([...GROUP_ACTIONS])('action %s passes only when the filter holds it', (action) => {
		const body = payload([entry(G1, ['61280155346'], action)]);
		const yes = participantEvents(body, filter([action]), AT);
		expect(yes).toHaveLength(1);
		expect(yes[0].action).toBe(action);
		const others = GROUP_ACTIONS.filter((a) => a !== action);
		expect(participantEvents(body, filter(others), AT)).toEqual([]);
	});

	it('the Events parameter offers exactly the actions of CONTRACT.md', () => {
		expect([...GROUP_ACTIONS].sort()).toEqual(
			['request', 'revoke_request', 'rejected_request', 'add', 'remove', 'promote', 'demote'].sort(),
		);
	});

	it('an empty action filter starts nothing; a null action never passes', () => {
		expect(participantEvents(payload([entry(G1, ['61280155346'])]), filter([]), AT)).toEqual([]);
		expect(participantEvents(payload([entry(G1, ['61280155346'], null)]), ALL, AT)).toEqual([]);
	});

	it('the group filter keeps only watched groups; an empty one watches all', () => {
		const body = payload([entry(G1, ['15550100001']), entry(G2, ['15550100002'])]);
		expect(participantEvents(body, filter(['request'], [G2]), AT).map((e) => e.groupId)).toEqual([G2]);
		expect(participantEvents(body, filter(['request'], [G1, G2]), AT).map((e) => e.groupId)).toEqual([G1, G2]);
		expect(participantEvents(body, filter(['request'], []), AT).map((e) => e.groupId)).toEqual([G1, G2]);
		expect(participantEvents(body, filter(['request'], ['120363000000000000@g.us']), AT)).toEqual([]);
	});

	it('one item per participant, across several entries, in order', () => {
		const body = payload([
			entry(G1, ['15550100001', '15550100002@s.whatsapp.net', '123456789012345@lid']),
			entry(G2, ['442079460000'], 'add'),
			entry(G2, ['442079460001'], 'request'),
		]);
		const events = participantEvents(body, filter(['request', 'add']), AT);
		expect(events.map((e) => [e.groupId, e.applicant, e.action])).toEqual([
			[G1, '15550100001', 'request'],
			[G1, '15550100002@s.whatsapp.net', 'request'],
			[G1, '123456789012345@lid', 'request'],
			[G2, '442079460000', 'add'],
			[G2, '442079460001', 'request'],
		]);
		expect(events.every((e) => e.channelId === 'MANTIS-M72HC' && e.receivedAt === AT)).toBe(true);
	});

	it('an @lid applicant: phone null, lid set', () => {
		const [event] = participantEvents(payload([entry(G1, ['123456789012345@lid'])]), filter(), AT);
		expect(event).toMatchObject({ applicant: '123456789012345@lid', phone: null, lid: '123456789012345@lid' });
	});

	it('a phone applicant: lid null, phone digits', () => {
		const [bare, full] = participantEvents(
			payload([entry(G1, ['15550100000', '442079460000@s.whatsapp.net'])]),
			filter(),
			AT,
		);
		expect(bare).toMatchObject({ applicant: '15550100000', phone: '15550100000', lid: null });
		expect(full).toMatchObject({ applicant: '442079460000@s.whatsapp.net', phone: '442079460000', lid: null });
	});

	it('dedupes the same applicant for the same group and action', () => {
		const body = payload([
			entry(G1, ['15550100000', '15550100000']),
			entry(G1, ['15550100000']),
			entry(G2, ['15550100000']),
			entry(G1, ['15550100000'], 'revoke_request'),
		]);
		const events = participantEvents(body, filter(['request', 'revoke_request']), AT);
		expect(events.map((e) => `${e.groupId} ${e.action}`)).toEqual([`${G1} request`, `${G2} request`, `${G1} revoke_request`]);
	});

	it('dedupes one applicant written as bare digits and as a chat ID', () => {
		const body = payload([entry(G1, ['15550100000', '15550100000@s.whatsapp.net', '15550100000@c.us'])]);
		expect(participantEvents(body, filter(), AT).map((e) => e.applicant)).toEqual(['15550100000']);
	});

	it('channelId: the string, else null', () => {
		const b = (channel_id: unknown) => payload([entry(G1, ['15550100000'])], { channel_id });
		expect(participantEvents(b('ABC-123'), filter(), AT)[0].channelId).toBe('ABC-123');
		expect(participantEvents(b(42), filter(), AT)[0].channelId).toBeNull();
		expect(participantEvents(b({ id: 'x' }), filter(), AT)[0].channelId).toBeNull();
	});

	it('every item has exactly one of phone and lid (CONTRACT.md: phone is null only for an @lid)', () => {
		// BUG: events.ts accepts a bare participant of 5–25 digits, describeApplicant (identifiers.ts)
		// reads only 5–20 digits as a phone, so 21–25 digits give an item with phone AND lid null.
		const participants = ['12345', '15550100000', '1'.repeat(20), '1'.repeat(21), '2'.repeat(25), '9'.repeat(22) + '@s.whatsapp.net', '123456789012345@lid'];
		const events = participantEvents(payload([entry(G1, participants)]), filter(), AT);
		expect(events.length).toBeGreaterThan(0);
		for (const e of events) {
			expect([e.applicant, (e.phone === null) !== (e.lid === null)]).toEqual([e.applicant, true]);
		}
	});
});

describe('participantEvents – malformed bodies yield nothing', () => {
	const huge = '1'.repeat(1_000_000);
	const protoBody = JSON.parse(
		'{"__proto__":{"groups_participants":[{"group_id":"120363012345678901@g.us","participants":["15550100000"],"action":"request"}]}}',
	);
	const protoEntry = JSON.parse(
		'{"groups_participants":[{"__proto__":{"group_id":"120363012345678901@g.us","participants":["15550100000"],"action":"request"}}]}',
	);
	const constructorEntry = JSON.parse(
		'{"groups_participants":[{"constructor":{"prototype":{"group_id":"120363012345678901@g.us"}},"participants":["15550100000"],"action":"request"}]}',
	);

	const cases: Array<[string, unknown]> = [
		['null', null],
		['undefined', undefined],
		['a string', 'groups_participants'],
		['a JSON string', JSON.stringify(payload([entry(G1, ['15550100000'])]))],
		['a number', 42],
		['a boolean', true],
		['an array', [payload([entry(G1, ['15550100000'])])]],
		['{}', {}],
		['groups_participants null', { groups_participants: null }],
		['groups_participants an object', { groups_participants: entry(G1, ['15550100000']) }],
		['groups_participants a string', { groups_participants: '[{"group_id":"x"}]' }],
		['groups_participants empty', payload([])],
		['entries null', payload([null, null])],
		['entries numbers/strings/arrays', payload([1, 'request', [G1, ['15550100000']], true])],
		['group_id missing', payload([{ participants: ['15550100000'], action: 'request' }])],
		['group_id a number', payload([entry(120363012345678901, ['15550100000'])])],
		['group_id an array', payload([entry([G1], ['15550100000'])])],
		['group_id an object', payload([entry({ id: G1 }, ['15550100000'])])],
		['group_id a chat id', payload([entry('15550100000@s.whatsapp.net', ['15550100000'])])],
		['group_id without @g.us', payload([entry('120363012345678901', ['15550100000'])])],
		['group_id with suffix after @g.us', payload([entry(`${G1}.evil`, ['15550100000'])])],
		['group_id with path traversal', payload([entry('../../settings@g.us', ['15550100000'])])],
		['group_id with newline', payload([entry(`${G1}\n`, ['15550100000'])])],
		['group_id too long', payload([entry(`${'1'.repeat(32)}@g.us`, ['15550100000'])])],
		['group_id huge', payload([entry(`${huge}@g.us`, ['15550100000'])])],
		['action a number', payload([entry(G1, ['15550100000'], 1)])],
		['action an array', payload([entry(G1, ['15550100000'], ['request'])])],
		['action an object', payload([entry(G1, ['15550100000'], { toString: () => 'request' })])],
		['action unknown', payload([entry(G1, ['15550100000'], 'REQUEST')])],
		['action "__proto__"', payload([entry(G1, ['15550100000'], '__proto__')])],
		['participants missing', payload([{ group_id: G1, action: 'request' }])],
		['participants a string', payload([entry(G1, '15550100000')])],
		['participants an object', payload([entry(G1, { 0: '15550100000', length: 1 })])],
		['participants null', payload([entry(G1, null)])],
		['participants objects', payload([entry(G1, [{ id: '15550100000' }, { chatId: '15550100000@s.whatsapp.net' }])])],
		['participants numbers', payload([entry(G1, [15550100000, 442079460000, NaN, Infinity])])],
		['participants null/bool/nested arrays', payload([entry(G1, [null, undefined, true, [['15550100000']]])])],
		['participants a huge string', payload([entry(G1, [huge])])],
		['participants SQL', payload([entry(G1, ["15550100000' OR '1'='1", '1; DROP TABLE users;--'])])],
		['participants script', payload([entry(G1, ['<script>alert(1)</script>', '15550100000<img src=x onerror=alert(1)>'])])],
		['participants with whitespace', payload([entry(G1, [' 15550100000', '15550100000\n', '1555 0100000'])])],
		['participants formatted phones', payload([entry(G1, ['+15550100000', '+1 (555) 010-0000'])])],
		['participants too short', payload([entry(G1, ['1234', ''])])],
		['participants too long', payload([entry(G1, ['1'.repeat(26), `${'1'.repeat(26)}@lid`])])],
		['participants group or foreign suffixes', payload([entry(G1, [G1, '15550100000@g.us', '15550100000@evil.com', '15550100000@lid@lid'])])],
		['participants with unicode digits', payload([entry(G1, ['١٥٥٥٠١٠٠٠٠٠', '１５５５０１００００００'])])],
		['__proto__ at the root', protoBody],
		['__proto__ as an entry', protoEntry],
		['constructor.prototype in an entry', constructorEntry],
		['deeply nested garbage', { groups_participants: [[[[[[{ group_id: G1 }]]]]]], event: { type: { type: 'groups' } } }],
		['event envelope object lacking groups', { groups_participants: [entry(G1, ['15550100000'])], event: {} }],
	];

	it('has at least 30 cases', () => {
		expect(cases.length).toBeGreaterThanOrEqual(30);
	});

	it.each(cases)('%s → no items', (_label, body) => {
		expect(participantEvents(body, ALL, AT)).toEqual([]);
	});

	it('does not pollute Object.prototype', () => {
		for (const [, body] of cases) participantEvents(body, ALL, AT);
		expect(({} as Record<string, unknown>).group_id).toBeUndefined();
		expect(({} as Record<string, unknown>).groups_participants).toBeUndefined();
	});

	it('a body mixing valid and invalid parts yields exactly the valid part', () => {
		const body = payload([
			null,
			entry('not-a-group', ['15550100001']),
			entry(G1, [42, '15550100002', { id: 'x' }, '<script>', '123456789012345@lid', '']),
			entry(G2, ['15550100003'], 'unknown'),
			'garbage',
			entry(G2, 'garbage'),
			entry(G2, ['15550100004@c.us']),
		]);
		const events = participantEvents(body, filter(), AT);
		expect(events.map((e) => [e.groupId, e.applicant, e.phone, e.lid])).toEqual([
			[G1, '15550100002', '15550100002', null],
			[G1, '123456789012345@lid', null, '123456789012345@lid'],
			[G2, '15550100004@c.us', '15550100004', null],
		]);
	});

	it('a 100k-participant array of garbage yields no items', () => {
		const participants = Array.from({ length: 100_000 }, (_, i) => (i % 2 ? { id: i } : `x${i}`));
		expect(participantEvents(payload([entry(G1, participants)]), ALL, AT)).toEqual([]);
	});
});

describe('participantEvents – large events are read whole', () => {
	// Answered 200, anything left out would never be delivered again: nothing is cut.
	it('an event with 150 entries yields all 150', () => {
		const entries = Array.from({ length: 150 }, (_, i) => entry(G1, [`1555010${String(i).padStart(4, '0')}`]));
		expect(participantEvents(payload(entries), ALL, AT)).toHaveLength(150);
	});

	it('an entry with 1,100 participants yields all 1,100', () => {
		const participants = Array.from({ length: 1100 }, (_, i) => `1555020${String(i).padStart(4, '0')}`);
		const events = participantEvents(payload([entry(G1, participants)]), ALL, AT);
		expect(events.map((e) => e.applicant)).toEqual(participants);
	});

	it('a 100k-participant array of valid numbers yields every applicant, once', () => {
		const participants = Array.from({ length: 100_000 }, (_, i) => String(15550000000 + i));
		const events = participantEvents(payload([entry(G1, [...participants, ...participants])]), ALL, AT);
		expect(events.map((e) => e.applicant)).toEqual(participants);
	});

	it('100k entries yield every applicant', () => {
		const entries = Array.from({ length: 100_000 }, (_, i) => entry(G1, [String(15550000000 + i)]));
		expect(participantEvents(payload(entries), ALL, AT)).toHaveLength(100_000);
	});
});
