import { label, orderGroups, summarizeGroups, type GroupSummary } from '../../../../nodes/shared/methods/groups';

const OWN = '15550100000';
const A = '120363000000000001@g.us';
const B = '120363000000000002@g.us';
const C = '120363000000000003@g.us';
const D = '120363000000000004@g.us';

const group = (id: string, name: string, participants: Array<{ id?: unknown; rank?: unknown }>) => ({ id, name, participants });

describe('summarizeGroups – admin detection', () => {
	const answer = {
		groups: [
			group(A, 'Bare admin', [{ id: OWN, rank: 'admin' }, { id: '15550100009', rank: 'member' }]),
			group(B, 'Suffixed creator', [{ id: `${OWN}@s.whatsapp.net`, rank: 'creator' }]),
			group(C, 'Member only', [{ id: `${OWN}@s.whatsapp.net`, rank: 'member' }, { id: '15550100009', rank: 'admin' }]),
			group(D, 'Not in participants', [{ id: '15550100009', rank: 'admin' }]),
		],
		total: 4,
	};

	it.each([
		['bare digits', OWN],
		['a phone chat ID', `${OWN}@s.whatsapp.net`],
		['a @c.us chat ID', `${OWN}@c.us`],
	])('own id as %s', (_label, ownId) => {
		expect(summarizeGroups(answer, ownId)).toEqual([
			{ id: A, name: 'Bare admin', admin: true },
			{ id: B, name: 'Suffixed creator', admin: true },
			{ id: C, name: 'Member only', admin: false },
			{ id: D, name: 'Not in participants', admin: false },
		]);
	});

	it('admin is undefined when Whapi did not say who we are', () => {
		expect(summarizeGroups(answer, undefined).map((g) => g.admin)).toEqual([undefined, undefined, undefined, undefined]);
	});

	it('another number that merely shares a prefix is not us', () => {
		const s = summarizeGroups({ groups: [group(A, 'x', [{ id: `${OWN}1`, rank: 'admin' }])] }, OWN);
		expect(s[0].admin).toBe(false);
	});

	it('falls back to the ID when the name is missing or blank; skips groups without a string id', () => {
		const s = summarizeGroups(
			{
				groups: [
					{ id: A, participants: [] },
					{ id: B, name: '   ' },
					{ id: 42 as unknown as string, name: 'bad' },
					{ name: 'no id' },
					{ id: C, name: 7 },
				],
			},
			OWN,
		);
		expect(s).toEqual([
			{ id: A, name: A, admin: false },
			{ id: B, name: B, admin: false },
			{ id: C, name: C, admin: false },
		]);
	});

	it('tolerates an answer without groups and participants with odd ids', () => {
		expect(summarizeGroups({}, OWN)).toEqual([]);
		expect(summarizeGroups({ groups: [group(A, 'x', [{ id: null, rank: 'admin' }, { rank: 'admin' }, { id: 15550100000, rank: 'admin' }])] }, OWN)[0].admin).toBe(false);
	});

	it('skips groups without a usable ID, keeping the others', () => {
		const answer = { groups: [{ id: '', name: 'empty' }, { name: 'none' }, { id: 7 }, null, 'text', { id: A, name: 'kept' }] };
		expect(summarizeGroups(answer, undefined)).toEqual([{ id: A, name: 'kept', admin: undefined }]);
	});

	it.each([['groups: null', { groups: null }], ['groups as an object', { groups: { id: A } }], ['groups as text', { groups: 'text' }]])(
		'reads no groups from %s',
		(_label, answer) => {
			expect(summarizeGroups(answer, OWN)).toEqual([]);
		},
	);
});

describe('orderGroups', () => {
	const groups: GroupSummary[] = [
		{ id: A, name: 'zeta members', admin: false },
		{ id: B, name: 'Beta admins', admin: true },
		{ id: C, name: 'alpha members', admin: false },
		{ id: D, name: 'Delta admins', admin: true },
	];

	it('admin groups first, then by name', () => {
		expect(orderGroups(groups).map((g) => g.name)).toEqual(['Beta admins', 'Delta admins', 'alpha members', 'zeta members']);
	});

	it('does not reorder the caller\'s array', () => {
		const copy = [...groups];
		orderGroups(groups);
		expect(groups).toEqual(copy);
	});

	it('unknown admin status ranks with the admins (we cannot tell)', () => {
		const ordered = orderGroups([
			{ id: A, name: 'a not admin', admin: false },
			{ id: B, name: 'b unknown' },
		]);
		expect(ordered.map((g) => g.id)).toEqual([B, A]);
	});

	it('filters case-insensitively on the name', () => {
		expect(orderGroups(groups, 'ADMINS').map((g) => g.id)).toEqual([B, D]);
		expect(orderGroups(groups, 'alpha').map((g) => g.id)).toEqual([C]);
		expect(orderGroups(groups, '  Zeta ').map((g) => g.id)).toEqual([A]);
	});

	it('filters on the ID too', () => {
		expect(orderGroups(groups, '000000000003').map((g) => g.id)).toEqual([C]);
		expect(orderGroups(groups, '0004@G.US').map((g) => g.id)).toEqual([D]);
	});

	it('an empty or blank filter keeps all; no match keeps none', () => {
		expect(orderGroups(groups, '')).toHaveLength(4);
		expect(orderGroups(groups, '   ')).toHaveLength(4);
		expect(orderGroups(groups, 'omega')).toEqual([]);
	});
});

describe('labels', () => {
	const groups: GroupSummary[] = [
		{ id: A, name: 'Members', admin: false },
		{ id: B, name: 'Admins', admin: true },
		{ id: C, name: 'Unknown' },
	];

	it('"(channel is not an admin: cannot decide)" only where we know we are not', () => {
		expect(groups.map(label)).toEqual(['Members (channel is not an admin: cannot decide)', 'Admins', 'Unknown']);
	});
});
