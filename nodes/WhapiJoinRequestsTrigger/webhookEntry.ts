/**
 * The trigger's own entry in the channel's webhook list: how it is built, found, checked for
 * drift, and merged into the list without touching anyone else's entries; and the secret it
 * carries, made here, digested here and compared here. Pure.
 */

import { createHash, randomBytes, timingSafeEqual } from 'crypto';

import { asRecord } from '../shared/records';

export const SECRET_HEADER = 'X-Whapi-Join-Secret';
const DIGEST_PREFIX = 'sha256:';
const DIGEST_BYTES = 32;
const WEBHOOK_EVENTS = [{ type: 'groups', method: 'put' }];

export interface WebhookEntry {
	url: string;
	mode?: string;
	events?: Array<{ type?: string; method?: string }>;
	headers?: Record<string, string>;
	[key: string]: unknown;
}

/** 256 random bits, hex-encoded so it is safe in an HTTP header. */
export function newSecret(): string {
	return randomBytes(32).toString('hex');
}

export function buildEntry(url: string, secret: string): WebhookEntry {
	return { url, mode: 'body', events: WEBHOOK_EVENTS.map((e) => ({ ...e })), headers: { [SECRET_HEADER]: secret } };
}

/** The channel's webhook list, or undefined when the settings answer has none: absent is not empty. */
export function readWebhooks(settings: unknown): WebhookEntry[] | undefined {
	const webhooks = (settings as { webhooks?: unknown } | undefined)?.webhooks;
	return Array.isArray(webhooks) ? (webhooks as WebhookEntry[]) : undefined;
}

export function findEntry(webhooks: WebhookEntry[], url: string): WebhookEntry | undefined {
	return webhooks.find((entry) => entry && entry.url === url);
}

function headersOf(entry: WebhookEntry): Record<string, unknown> {
	return asRecord(entry.headers) ?? {};
}

/** Our secret header's value as read back, found case-insensitively (Whapi may normalise names). */
function secretHeader(entry: WebhookEntry): unknown {
	const headers = headersOf(entry);
	const key = Object.keys(headers).find((name) => name.toLowerCase() === SECRET_HEADER.toLowerCase());
	return key === undefined ? undefined : headers[key];
}

/** A header value shown masked (`***`, `•••`) rather than as it is: never written back, never compared. */
export function isMasked(value: unknown): boolean {
	return typeof value === 'string' && /\*{3}|•{3}/.test(value);
}

export function hasMaskedHeaders(entry: WebhookEntry): boolean {
	return Object.values(headersOf(entry)).some(isMasked);
}

/** The secret our entry sends, when Whapi shows it: undefined when absent, too short or masked. */
export function entrySecret(entry: WebhookEntry): string | undefined {
	const value = secretHeader(entry);
	return typeof value === 'string' && value.length >= 32 && !isMasked(value) ? value : undefined;
}

export function secretIsMasked(entry: WebhookEntry): boolean {
	return isMasked(secretHeader(entry));
}

/** Whether the entry carries the given secret; a masked value is not evidence against it. */
export function carriesSecret(entry: WebhookEntry, secret: string): boolean {
	return entrySecret(entry) === secret || secretIsMasked(entry);
}

/** Whether someone changed our entry so that it no longer delivers exactly what we need. */
export function entryDrifted(entry: WebhookEntry): boolean {
	const events: unknown = entry.events;
	const only = (Array.isArray(events) && events.length === 1 ? asRecord(events[0]) : undefined) ?? {};
	const onlyGroupsPut = only.type === WEBHOOK_EVENTS[0].type && only.method === WEBHOOK_EVENTS[0].method;
	return entry.mode !== 'body' || !onlyGroupsPut || (entrySecret(entry) === undefined && !secretIsMasked(entry));
}

/** `<endpoint>/<webhookId>/webhook`: what stays of our URL when n8n's public address changes. */
function pathTail(url: unknown): string | undefined {
	return URL.canParse(String(url)) ? new URL(String(url)).pathname.split('/').slice(-3).join('/') : undefined;
}

/**
 * Whether the entry is ours: at our URL, or left behind at an older public address of n8n (same
 * webhook path, our secret header). The test URL's path differs from the production one's.
 */
export function isOurs(entry: WebhookEntry, url: string): boolean {
	if (!entry) return false;
	if (entry.url === url) return true;
	return secretHeader(entry) !== undefined && pathTail(entry.url) === pathTail(url);
}

/** Whether the list holds an entry of ours under another URL than the current one. */
export function hasStaleEntry(webhooks: WebhookEntry[], url: string): boolean {
	return webhooks.some((entry) => isOurs(entry, url) && entry.url !== url);
}

/** The list with our entry in place of ours (stale ones dropped); other entries stay as they were. */
export function withEntry(webhooks: WebhookEntry[], entry: WebhookEntry): WebhookEntry[] {
	const index = webhooks.findIndex((existing) => existing && existing.url === entry.url);
	const kept = webhooks.map((existing, i) => (i === index ? entry : existing)).filter((e, i) => i === index || !isOurs(e, entry.url));
	return index === -1 ? [...kept, entry] : kept;
}

export function withoutEntry(webhooks: WebhookEntry[], url: string): WebhookEntry[] {
	return webhooks.filter((entry) => !isOurs(entry, url));
}

/** Compares in constant time; hashing first makes the lengths equal and hides the expected length. */
export function secretMatches(expected: string, received: unknown): boolean {
	const value = headerValue(received);
	return value !== undefined && timingSafeEqual(sha256(expected), sha256(value));
}

/**
 * What static data keeps of a secret. n8n copies static data into places the user may share (1.x
 * puts the workflow, static data included, in every execution record), so it holds a one-way
 * digest; the prefix names the scheme so a later one can tell it apart. The secret is 256 random
 * bits, so an unsalted SHA-256 of it can be neither reversed nor guessed.
 */
export function secretDigest(secret: string): string {
	return `${DIGEST_PREFIX}${sha256(secret).toString('hex')}`;
}

/** Whether a stored value is a digest, not a plain secret as earlier builds kept it. */
export function isDigest(stored: string): boolean {
	return stored.startsWith(DIGEST_PREFIX);
}

/** Whether the received header matches what static data keeps: a digest, or an older plain secret. */
export function matchesStored(stored: string, received: unknown): boolean {
	if (!isDigest(stored)) return secretMatches(stored, received);
	const value = headerValue(received);
	const expected = Buffer.from(stored.slice(DIGEST_PREFIX.length), 'hex');
	if (value === undefined || expected.length !== DIGEST_BYTES) return false;
	return timingSafeEqual(expected, sha256(value));
}

/** The value of a header as n8n hands it over; the first one when it came more than once. */
function headerValue(received: unknown): string | undefined {
	const value = Array.isArray(received) ? received[0] : received;
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function sha256(text: string): Buffer {
	return createHash('sha256').update(text).digest();
}
