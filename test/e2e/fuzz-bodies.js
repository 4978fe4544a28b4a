'use strict';
// Seeded generator of webhook calls for the fuzz run (./abuse.e2e.js): bad bodies of every kind,
// plus a few well-formed join requests as positive controls. Each case says whether it is a
// well-formed event for the watched group (`valid`: the only kind allowed to start an execution);
// every bad case is built so that no participants entry in it is well formed.
//
//   for (const c of generateCases({ seed: 1, count: 5000, groupId, otherGroupId })) …
//   // each { index, kind, headerClass, framing, body: Buffer, headers: {…}, valid }, made when
//   // asked for (1 MB bodies are not kept)

const VALID_ACTION = 'request';

/** mulberry32: small, fast, good enough to pick cases; the same seed gives the same cases. */
function prng(seed) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (n) => Math.floor(next() * n);
	return {
		next,
		int,
		pick: (list) => list[int(list.length)],
		chance: (p) => next() < p,
		digits: (n) => Array.from({ length: n }, (_, i) => (i === 0 ? 1 + int(9) : int(10))).join(''),
	};
}

const KEYS = ['groups_participants', 'event', 'channel_id', 'group_id', 'participants', 'action', 'type', 'method', 'x', '', '__proto__', 'constructor'];

function randomString(r) {
	const alphabets = ['abc', '0123456789', '@.+-_ ', '\u0000\u001f"\\', 'é漢字🙂', '\ud800'];
	const n = r.int(40);
	let s = '';
	for (let i = 0; i < n; i++) s += r.pick(r.pick(alphabets));
	return s;
}

/** Any JSON value, nested at most `depth` levels. */
function randomJson(r, depth) {
	const kind = r.int(depth > 0 ? 8 : 6);
	switch (kind) {
		case 0: return null;
		case 1: return r.chance(0.5);
		case 2: return r.pick([0, -1, 1e308, -1e-308, 15550100001, 2 ** 53 + 1, r.next() * 1e6]);
		case 3:
		case 4: return randomString(r);
		case 5: return r.pick(['request', '120363000000000001@g.us', '15550100001', '15550100001@lid', 'groups', 'put']);
		case 6: return Array.from({ length: r.int(6) }, () => randomJson(r, depth - 1));
		default: {
			const o = {};
			for (let i = r.int(6); i > 0; i--) o[r.pick(KEYS)] = randomJson(r, depth - 1);
			return o;
		}
	}
}

/** Anything but a string. */
function notString(r) {
	return r.pick([null, true, 0, 15550100001, 120363000000000001, [], ['15550100001'], {}, { id: '15550100001' }]);
}

/** Strings that are not a group ID. */
function badGroupId(r) {
	return r.pick(['', '123@g.us', '120363000000000001', '120363000000000001@s.whatsapp.net', '120363000000000001@g.us ', ' 120363000000000001@g.us', 'abc@g.us', `${'1'.repeat(40)}@g.us`, '120363000000000001@G.US', '120363000000000001@g.us\n', '../../etc@g.us']);
}

/** Strings that are not a chat ID. */
function badParticipant(r) {
	return r.pick(['', '+1 555 010 0001', '1555', '1'.repeat(21), '15550100001@g.us', 'abc@lid', '15550100001@s.whatsapp.net.evil', '15550100001 ', '١٥٥٥٠١٠٠٠٠١', '15550100001@lid@lid', '<script>', '15550100001\u0000']);
}

function event(groupId, participants, action = VALID_ACTION, extra = {}) {
	return { groups_participants: [{ group_id: groupId, participants, action }], event: { type: 'groups', event: 'put' }, channel_id: 'FUZZ-CHANNEL', ...extra };
}

/** A well-formed event whose every entry is then broken in one way (so nothing in it is valid). */
function wrongTypes(r, groupId) {
	const entries = Array.from({ length: 1 + r.int(3) }, () => ({ group_id: groupId, participants: [r.digits(11)], action: VALID_ACTION }));
	const body = { groups_participants: entries, event: { type: 'groups', event: 'put' } };
	switch (r.int(10)) {
		case 0: body.groups_participants = r.pick([null, 'x', 1, {}, true, { 0: entries[0] }]); break;
		case 1: body.groups_participants = entries.map(() => r.pick([null, 1, 'x', [], [entries[0]]])); break;
		case 2: for (const e of entries) e.group_id = r.chance(0.5) ? notString(r) : badGroupId(r); break;
		case 3: for (const e of entries) e.action = r.chance(0.5) ? notString(r) : r.pick(['', 'REQUEST', 'request ', 'requests', 'approve', 'revoke']); break;
		case 4: for (const e of entries) e.participants = r.pick([null, '15550100001', 15550100001, {}, { 0: '15550100001' }]); break;
		case 5: for (const e of entries) e.participants = Array.from({ length: 1 + r.int(5) }, () => (r.chance(0.5) ? notString(r) : badParticipant(r))); break;
		case 6: body.event = r.pick(['groups', 1, [], ['groups', 'put'], null, { type: 'messages', event: 'post' }, { type: 'groups', event: 'post' }, { type: 'groups', method: 'delete' }, { type: 'Groups', event: 'put' }]); break;
		case 7: return r.pick([[body], JSON.stringify(body), [[body]], null, 0]);
		case 8: for (const e of entries) delete e[r.pick(['group_id', 'participants', 'action'])]; break;
		default: for (const e of entries) e.participants = [[r.digits(11)], { id: r.digits(11) }]; break;
	}
	return body;
}

function nested(depth, inner, asObject) {
	let text = inner;
	for (let i = 0; i < depth; i++) text = asObject ? `{"a":${text}}` : `[${text}]`;
	return text;
}

/** Deeply nested JSON, alone or where the node looks (groups_participants, participants). */
function deep(r, groupId) {
	const depth = r.pick([64, 500, 2000, 10000]);
	const core = nested(depth, r.chance(0.5) ? '"15550100001"' : '{}', r.chance(0.5));
	switch (r.int(3)) {
		case 0: return core;
		case 1: return `{"groups_participants":${core},"event":{"type":"groups","event":"put"}}`;
		default: return `{"groups_participants":[{"group_id":"${groupId}","action":"request","participants":[${core}]}],"event":{"type":"groups","event":"put"}}`;
	}
}

/** About 1 MB of array: junk entries, junk participants, or a bare array or string. */
function large(r, groupId) {
	const target = 1_000_000;
	switch (r.int(4)) {
		case 0: {
			const junk = { group_id: 1, participants: 'x', action: 0 };
			const n = Math.ceil(target / JSON.stringify(junk).length);
			return JSON.stringify({ groups_participants: Array(n).fill(junk), event: { type: 'groups', event: 'put' } });
		}
		case 1: {
			const n = Math.ceil(target / 12);
			return JSON.stringify(event(groupId, Array.from({ length: n }, (_, i) => 15550100000 + i)));
		}
		case 2: return JSON.stringify(Array.from({ length: Math.ceil(target / 8) }, (_, i) => i * 7919));
		default: return JSON.stringify({ groups_participants: 'x'.repeat(target) });
	}
}

/** A well-formed event whose action (or group) carries bytes that are not UTF-8. */
function invalidUtf8(r, groupId) {
	const bad = r.pick([[0xff], [0xfe, 0xff], [0xc3, 0x28], [0xe2, 0x82], [0xf0, 0x28, 0x8c, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]);
	const marker = '\u0001MARK\u0001';
	const body = JSON.stringify(r.chance(0.5) ? event(groupId, [r.digits(11)], `request${marker}`) : event(`120363${marker}000000001@g.us`, [r.digits(11)]));
	const [before, after] = body.split(JSON.stringify(marker).slice(1, -1));
	return Buffer.concat([Buffer.from(before), Buffer.from(bad), Buffer.from(after)]);
}

const CONTENT_TYPES = [
	'text/plain', 'application/xml', 'text/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=fuzz',
	'application/octet-stream', 'image/png', 'application/json; charset=utf-16', 'application/json; charset=bogus', ';;;', null,
];

/** A well-formed event's text (or bad text) under a content type that is not JSON, or JSON in a charset n8n cannot read. */
function wrongContentType(r, groupId) {
	const contentType = r.pick(CONTENT_TYPES);
	const body = r.pick([JSON.stringify(event(groupId, [r.digits(11)])), '{"groups_participants":', 'groups_participants=1&event=put', '<xml/>', '\u0000\u0001\u0002']);
	return { body, contentType };
}

const MALFORMED_JSON = ['', ' ', '{', '{"a":}', '[1,2', 'nul', 'undefined', 'NaN', '{"a":1}}', "{'a':1}", '{"a":1,}', '\ufeff{}', '{"__proto__":{"polluted":1}}', '"\\ud800"', '1e999999'];

/**
 * Headers that are large (just under Node's 16 KB limit, or over it), many, or odd, with the
 * name of their class. Over the limit, Node's HTTP parser refuses the request before n8n sees
 * it: it writes 431 and closes the connection, which a client still sending its body may see
 * as a reset instead (`framing: 'closed'` says that either is the right answer).
 */
function noisyHeaders(r) {
	switch (r.int(5)) {
		case 0: {
			const size = r.pick([4000, 8000, 15000]);
			return { headerClass: `one header of ${size / 1000} KB`, headers: { 'x-fuzz': 'a'.repeat(size) } };
		}
		case 1: return { headerClass: 'headers over 16 KB', framing: 'closed', headers: { 'x-fuzz': 'a'.repeat(20000) } };
		case 2: return { headerClass: '200 headers', headers: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`x-fuzz-${i}`, 'v'.repeat(50)])) };
		case 3: return { headerClass: 'lookalike secret header, 3 KB cookie', headers: { 'x-whapi-join-secret-extra': 'x', 'x-forwarded-for': '10.0.0.1', cookie: 'a=b'.repeat(1000) } };
		default: return { headerClass: 'framing lookalike headers', headers: { 'content-length-extra': '1', 'transfer-encoding-x': 'chunked', referer: 'x'.repeat(3000) } };
	}
}

/** Share of each kind of bad case, in percent; 1 MB bodies are few to keep the run short. */
const KINDS = { 'random-json': 20, 'wrong-types': 30, 'malformed-json': 8, deep: 8, 'large-array': 2, 'invalid-utf8': 8, 'content-type': 12, filtered: 12 };

function weighted(r, weights) {
	let x = r.next() * Object.values(weights).reduce((a, b) => a + b, 0);
	for (const [kind, weight] of Object.entries(weights)) {
		x -= weight;
		if (x < 0) return kind;
	}
	return Object.keys(weights)[0];
}

/**
 * `count` cases; about one in `controlEvery` is a well-formed join request for `groupId` (a
 * control that must start exactly one execution when the secret is right).
 */
function* generateCases({ seed, count, groupId, otherGroupId, controlEvery = 50 }) {
	const r = prng(seed);
	for (let i = 0; i < count; i++) {
		let kind;
		let body;
		let contentType = 'application/json';
		let valid = false;
		if (i % controlEvery === controlEvery - 1) {
			kind = 'control';
			body = JSON.stringify(event(groupId, [r.digits(11)]));
			valid = true;
		} else {
			kind = weighted(r, KINDS);
			switch (kind) {
				case 'random-json': body = JSON.stringify(randomJson(r, 5)) ?? 'null'; break;
				case 'wrong-types': body = JSON.stringify(wrongTypes(r, groupId)); break;
				case 'malformed-json': body = r.pick(MALFORMED_JSON); break;
				case 'deep': body = deep(r, groupId); break;
				case 'large-array': body = large(r, groupId); break;
				case 'invalid-utf8': body = invalidUtf8(r, groupId); break;
				case 'content-type': ({ body, contentType } = wrongContentType(r, groupId)); break;
				default: // well formed, but for a group or an event the trigger does not watch
					body = JSON.stringify(r.chance(0.5) ? event(otherGroupId, [r.digits(11)]) : event(groupId, [r.digits(11)], r.pick(['add', 'remove', 'promote', 'demote', 'revoke_request'])));
			}
		}
		const headers = contentType ? { 'content-type': contentType } : {};
		const noise = kind !== 'control' && r.chance(0.08) ? noisyHeaders(r) : {};
		Object.assign(headers, noise.headers);
		// n8n 2.40.7 parses every XML body with one shared xml2js parser, which a body that is not
		// XML leaves broken: that call and later XML calls may never be answered (`framing: 'xml'`).
		const xml = /\/xml$|\+xml$/.test(contentType ?? '') ? 'xml' : null;
		yield { index: i, kind, headerClass: noise.headerClass ?? null, framing: noise.framing ?? xml, body: Buffer.isBuffer(body) ? body : Buffer.from(body), headers, valid };
	}
}

module.exports = { generateCases, prng };
