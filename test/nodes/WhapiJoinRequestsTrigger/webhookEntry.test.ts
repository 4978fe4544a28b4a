import {
	SECRET_HEADER,
	buildEntry,
	carriesSecret,
	entryDrifted,
	entrySecret,
	isMasked,
	findEntry,
	hasStaleEntry,
	isDigest,
	isOurs,
	matchesStored,
	newSecret,
	readWebhooks,
	secretDigest,
	secretMatches,
	withEntry,
	withoutEntry,
	type WebhookEntry,
} from '../../../nodes/WhapiJoinRequestsTrigger/webhookEntry';
import { digestOf } from '../fixtures';

const OURS = 'https://n8n.example.com/webhook/abc-123/whapi';
const SECRET = 'a'.repeat(64);

const foreign = (): WebhookEntry[] => [
	{ url: 'https://crm.example.com/hooks/whapi', mode: 'body', events: [{ type: 'messages', method: 'post' }], headers: { Authorization: 'Bearer x' } },
	{ url: 'https://other.example.org/in', mode: 'method', events: [{ type: 'groups', method: 'put' }, { type: 'chats', method: 'patch' }], webhook_max_age_seconds: 60 },
];

describe('newSecret', () => {
	it('is 64 hex characters (256 bits ≥ the 128 CONTRACT.md asks for)', () => {
		const s = newSecret();
		expect(s).toMatch(/^[0-9a-f]{64}$/);
		expect((s.length / 2) * 8).toBeGreaterThanOrEqual(128);
	});
	it('differs on each call', () => {
		const secrets = new Set(Array.from({ length: 50 }, () => newSecret()));
		expect(secrets.size).toBe(50);
	});
});

describe('buildEntry', () => {
	it('mode body, events exactly groups/put, the secret in a header', () => {
		const entry = buildEntry(OURS, SECRET);
		expect(entry).toEqual({
			url: OURS,
			mode: 'body',
			events: [{ type: 'groups', method: 'put' }],
			headers: { [SECRET_HEADER]: SECRET },
		});
		expect(Object.keys(entry.headers!)).toHaveLength(1); // Whapi allows at most 5
	});
	it('does not share the events array with the module constant', () => {
		const entry = buildEntry(OURS, SECRET);
		entry.events![0].method = 'post';
		entry.events!.push({ type: 'messages' });
		expect(buildEntry(OURS, SECRET).events).toEqual([{ type: 'groups', method: 'put' }]);
	});
	it('is not drifted when built with a fresh secret', () => {
		expect(entryDrifted(buildEntry(OURS, newSecret()))).toBe(false);
	});
});

describe('readWebhooks', () => {
	it('reads settings.webhooks; without an array there is no list, which is not an empty one', () => {
		const list = foreign();
		expect(readWebhooks({ webhooks: list })).toBe(list);
		expect(readWebhooks({ webhooks: [] })).toEqual([]);
		for (const s of [undefined, null, {}, { webhooks: null }, { webhooks: {} }, { webhooks: 'x' }]) expect(readWebhooks(s)).toBeUndefined();
	});
});

describe('findEntry', () => {
	it('finds by exact URL', () => {
		const ours = buildEntry(OURS, SECRET);
		const list = [...foreign(), ours];
		expect(findEntry(list, OURS)).toBe(ours);
		expect(findEntry(list, `${OURS}/`)).toBeUndefined();
		expect(findEntry(list, 'https://nowhere.example.com')).toBeUndefined();
	});
	it('tolerates null entries', () => {
		expect(findEntry([null as unknown as WebhookEntry, buildEntry(OURS, SECRET)], OURS)?.url).toBe(OURS);
	});
});

describe('isOurs', () => {
	it('is false for what is not an entry: null, text, a number', () => {
		for (const notAnEntry of [null, undefined, OURS, 7]) expect(isOurs(notAnEntry as unknown as WebhookEntry, OURS)).toBe(false);
	});

	it('is true at our URL, and at another host with our path and a secret header; false without the header', () => {
		expect(isOurs({ url: OURS }, OURS)).toBe(true);
		const moved = 'http://10.0.0.5:5678/webhook/abc-123/whapi';
		expect(isOurs({ url: moved, headers: { [SECRET_HEADER]: SECRET } }, OURS)).toBe(true);
		expect(isOurs({ url: moved }, OURS)).toBe(false);
	});

	it('is true for our path under an old public address that had a path prefix, with a secret header', () => {
		expect(isOurs({ url: 'https://example.com/n8n/webhook/abc-123/whapi', headers: { [SECRET_HEADER]: SECRET } }, OURS)).toBe(true);
	});

	it('is false for a path with the same characters as ours but split at other slashes, even with a secret header', () => {
		expect(isOurs({ url: 'http://10.0.0.5:5678/webhooka/bc-123/whapi', headers: { [SECRET_HEADER]: SECRET } }, OURS)).toBe(false);
	});
});

describe('hasStaleEntry', () => {
	it('is true when an entry of ours is left at an old address beside the one at our URL', () => {
		const stale = { url: 'http://10.0.0.5:5678/webhook/abc-123/whapi', headers: { [SECRET_HEADER]: SECRET } };
		expect(hasStaleEntry([...foreign(), buildEntry(OURS, SECRET), stale], OURS)).toBe(true);
	});

	it('is false when our only entry is the one at our URL', () => {
		expect(hasStaleEntry([...foreign(), buildEntry(OURS, SECRET)], OURS)).toBe(false);
	});
});

describe('entrySecret', () => {
	it('reads the header case-insensitively', () => {
		expect(entrySecret(buildEntry(OURS, SECRET))).toBe(SECRET);
		expect(entrySecret({ url: OURS, headers: { [SECRET_HEADER.toLowerCase()]: SECRET } })).toBe(SECRET);
		expect(entrySecret({ url: OURS, headers: { [SECRET_HEADER.toUpperCase()]: SECRET } })).toBe(SECRET);
	});
	it('is undefined without headers, with another header, or with a short or non-string value', () => {
		expect(entrySecret({ url: OURS })).toBeUndefined();
		expect(entrySecret({ url: OURS, headers: { Authorization: SECRET } })).toBeUndefined();
		expect(entrySecret({ url: OURS, headers: { [SECRET_HEADER]: 'short' } })).toBeUndefined();
		expect(entrySecret({ url: OURS, headers: { [SECRET_HEADER]: 123 as unknown as string } })).toBeUndefined();
		expect(entrySecret({ url: OURS, headers: 'x' as unknown as Record<string, string> })).toBeUndefined();
	});
});

describe('reading odd entries', () => {
	it('headers that are not an object carry no secret, and do not throw', () => {
		for (const headers of [null, 'text', 7]) {
			expect(entrySecret({ url: OURS, headers } as unknown as WebhookEntry)).toBeUndefined();
		}
	});

	it('a secret of exactly 32 characters is read; 31 are too short', () => {
		expect(entrySecret({ url: OURS, headers: { [SECRET_HEADER]: 'b'.repeat(32) } })).toBe('b'.repeat(32));
		expect(entrySecret({ url: OURS, headers: { [SECRET_HEADER]: 'b'.repeat(31) } })).toBeUndefined();
	});

	it('masked means three mask characters in a row: one star or dot is part of a value', () => {
		expect([isMasked('abc***'), isMasked('•••'), isMasked('pass*word'), isMasked('a•b'), isMasked('**')]).toEqual([true, true, false, false, false]);
	});

	it('carriesSecret: the same secret or a masked one; another secret does not', () => {
		const entry = (value: string) => ({ url: OURS, headers: { [SECRET_HEADER]: value } });
		expect(carriesSecret(entry(SECRET), SECRET)).toBe(true);
		expect(carriesSecret(entry('***'), SECRET)).toBe(true);
		expect(carriesSecret(entry('c'.repeat(64)), SECRET)).toBe(false);
	});

	it('an event list holding null is drifted, without throwing', () => {
		expect(entryDrifted({ ...buildEntry(OURS, SECRET), events: [null] } as unknown as WebhookEntry)).toBe(true);
	});
});

describe('entryDrifted', () => {
	const good = () => buildEntry(OURS, SECRET);
	it.each<[string, (e: WebhookEntry) => WebhookEntry]>([
		['mode changed to path', (e) => ({ ...e, mode: 'path' })],
		['mode removed', ({ mode: _mode, ...e }) => e],
		['events removed', ({ events: _events, ...e }) => e],
		['events empty', (e) => ({ ...e, events: [] })],
		['another event added', (e) => ({ ...e, events: [...e.events!, { type: 'messages', method: 'post' }] })],
		['event method changed', (e) => ({ ...e, events: [{ type: 'groups', method: 'post' }] })],
		['event type changed', (e) => ({ ...e, events: [{ type: 'chats', method: 'put' }] })],
		['headers removed', ({ headers: _headers, ...e }) => e],
		['secret header emptied', (e) => ({ ...e, headers: { [SECRET_HEADER]: '' } })],
	])('drifted: %s', (_label, change) => {
		expect(entryDrifted(change(good()))).toBe(true);
	});
	it('not drifted: as built, with extra fields, or a lower-cased header name', () => {
		expect(entryDrifted(good())).toBe(false);
		expect(entryDrifted({ ...good(), webhook_max_age_seconds: 3600 })).toBe(false);
		expect(entryDrifted({ ...good(), headers: { [SECRET_HEADER.toLowerCase()]: SECRET } })).toBe(false);
	});
});

describe('withEntry', () => {
	it('appends our entry and keeps every foreign entry byte-for-byte and in order', () => {
		const before = foreign();
		const snapshot = JSON.stringify(before);
		const ours = buildEntry(OURS, SECRET);
		const after = withEntry(before, ours);
		expect(after).toHaveLength(3);
		expect(after.slice(0, 2)).toEqual(JSON.parse(snapshot));
		expect(JSON.stringify(after.slice(0, 2))).toBe(snapshot);
		expect(after[0]).toBe(before[0]);
		expect(after[1]).toBe(before[1]);
		expect(after[2]).toEqual(ours);
		expect(JSON.stringify(before)).toBe(snapshot); // input untouched
		expect(before).toHaveLength(2);
	});

	it('replaces our old entry in place', () => {
		const [a, b] = foreign();
		const old = buildEntry(OURS, 'b'.repeat(64));
		const fresh = buildEntry(OURS, SECRET);
		const after = withEntry([a, old, b], fresh);
		expect(after).toEqual([a, fresh, b]);
		expect(after[0]).toBe(a);
		expect(after[2]).toBe(b);
	});

	it('dedupes several entries with our URL into one', () => {
		const [a, b] = foreign();
		const fresh = buildEntry(OURS, SECRET);
		const after = withEntry([buildEntry(OURS, 'x'.repeat(64)), a, { url: OURS, mode: 'path' }, b, { url: OURS }], fresh);
		expect(after).toEqual([fresh, a, b]);
		expect(after.filter((e) => e.url === OURS)).toHaveLength(1);
	});

	it('works on an empty list', () => {
		const ours = buildEntry(OURS, SECRET);
		expect(withEntry([], ours)).toEqual([ours]);
	});
});

describe('withoutEntry', () => {
	it('removes only ours (every copy) and keeps the rest in order', () => {
		const [a, b] = foreign();
		const snapshot = JSON.stringify([a, b]);
		const after = withoutEntry([buildEntry(OURS, SECRET), a, { url: OURS }, b], OURS);
		expect(after).toHaveLength(2);
		expect(after[0]).toBe(a);
		expect(after[1]).toBe(b);
		expect(JSON.stringify(after)).toBe(snapshot);
	});
	it('leaves a list without ours unchanged', () => {
		const list = foreign();
		expect(withoutEntry(list, OURS)).toEqual(list);
		expect(withoutEntry([], OURS)).toEqual([]);
	});
	it('does not remove a URL that only resembles ours', () => {
		const similar: WebhookEntry[] = [{ url: `${OURS}/` }, { url: OURS.toUpperCase() }, { url: `${OURS}?x=1` }];
		expect(withoutEntry(similar, OURS)).toEqual(similar);
	});
});

describe('secretMatches', () => {
	it('true for the right secret', () => {
		expect(secretMatches(SECRET, SECRET)).toBe(true);
		const s = newSecret();
		expect(secretMatches(s, `${s}`)).toBe(true);
	});
	it('false for a wrong secret of the same length', () => {
		expect(secretMatches(SECRET, 'b'.repeat(64))).toBe(false);
		expect(secretMatches(SECRET, `${'a'.repeat(63)}b`)).toBe(false);
	});
	it('false for different lengths (no throw from timingSafeEqual)', () => {
		expect(secretMatches(SECRET, SECRET.slice(0, 32))).toBe(false);
		expect(secretMatches(SECRET, `${SECRET}a`)).toBe(false);
		expect(secretMatches(SECRET, 'x')).toBe(false);
	});
	it('false when missing or not a string', () => {
		for (const v of [undefined, null, '', 0, 123, {}, [], [undefined], true]) expect(secretMatches(SECRET, v)).toBe(false);
	});
	it('an array header: the first value counts', () => {
		expect(secretMatches(SECRET, [SECRET, 'other'])).toBe(true);
		expect(secretMatches(SECRET, ['other', SECRET])).toBe(false);
	});
	it('is case-sensitive', () => {
		const s = 'abcdef'.repeat(8);
		expect(secretMatches(s, s.toUpperCase())).toBe(false);
	});
	it('an empty header matches nothing, not even an empty expected secret', () => {
		expect(secretMatches('', '')).toBe(false);
	});
});

describe('secretDigest', () => {
	it('is the SHA-256 of the secret, hex, named by its scheme, and never contains the secret', () => {
		const s = newSecret();
		expect(secretDigest(s)).toBe(digestOf(s));
		expect(secretDigest(s)).toMatch(/^sha256:[0-9a-f]{64}$/);
		expect(secretDigest(s)).not.toContain(s);
		expect(secretDigest(s)).not.toBe(secretDigest(newSecret()));
	});
	it('tells a digest from a plain secret an earlier build kept', () => {
		expect(isDigest(secretDigest(SECRET))).toBe(true);
		expect(isDigest(SECRET)).toBe(false);
		expect(isDigest(newSecret())).toBe(false);
	});
});

describe('matchesStored', () => {
	const stored = secretDigest(SECRET);
	it('a stored digest: true for the secret, false for anything else, the digest itself included', () => {
		expect(matchesStored(stored, SECRET)).toBe(true);
		expect(matchesStored(stored, [SECRET, 'other'])).toBe(true);
		for (const v of ['b'.repeat(64), SECRET.slice(1), `${SECRET}a`, SECRET.toUpperCase(), stored, stored.slice(7), undefined, '', 1, ['other', SECRET]]) {
			expect(matchesStored(stored, v)).toBe(false);
		}
	});
	it('a malformed digest (wrong length, not hex) matches nothing and does not throw', () => {
		for (const bad of ['sha256:', `${stored}00`, stored.slice(0, -2), `sha256:${'z'.repeat(64)}`]) {
			expect(matchesStored(bad, SECRET)).toBe(false);
			expect(matchesStored(bad, bad)).toBe(false);
		}
	});
	it('an empty header does not match the digest of an empty secret', () => {
		expect(matchesStored(secretDigest(''), '')).toBe(false);
	});
	it('a plain secret an earlier build kept is compared as it was', () => {
		expect(matchesStored(SECRET, SECRET)).toBe(true);
		expect(matchesStored(SECRET, 'b'.repeat(64))).toBe(false);
		expect(matchesStored(SECRET, stored)).toBe(false);
	});
});
