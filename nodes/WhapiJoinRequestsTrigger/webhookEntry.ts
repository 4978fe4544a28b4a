/**
 * The trigger's own entry in the channel's webhook list: how it is built, found, checked for
 * drift, and merged into the list without touching anyone else's entries; and the secret it
 * carries, made here and compared here. Pure.
 */

import { createHash, randomBytes, timingSafeEqual } from 'crypto';

export const SECRET_HEADER = 'X-Whapi-Join-Secret';
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

export function readWebhooks(settings: unknown): WebhookEntry[] {
	const webhooks = (settings as { webhooks?: unknown } | undefined)?.webhooks;
	return Array.isArray(webhooks) ? (webhooks as WebhookEntry[]) : [];
}

export function findEntry(webhooks: WebhookEntry[], url: string): WebhookEntry | undefined {
	return webhooks.find((entry) => entry && entry.url === url);
}

/** The secret our entry sends, read case-insensitively (Whapi may normalise header names). */
export function entrySecret(entry: WebhookEntry): string | undefined {
	const headers = entry.headers && typeof entry.headers === 'object' ? entry.headers : {};
	const key = Object.keys(headers).find((name) => name.toLowerCase() === SECRET_HEADER.toLowerCase());
	const value = key === undefined ? undefined : headers[key];
	return typeof value === 'string' && value.length >= 32 ? value : undefined;
}

/** Whether someone changed our entry so that it no longer delivers exactly what we need. */
export function entryDrifted(entry: WebhookEntry): boolean {
	const events = Array.isArray(entry.events) ? entry.events : [];
	const onlyGroupsPut =
		events.length === 1 && events[0]?.type === WEBHOOK_EVENTS[0].type && events[0]?.method === WEBHOOK_EVENTS[0].method;
	return entry.mode !== 'body' || !onlyGroupsPut || entrySecret(entry) === undefined;
}

/** The list with our entry in place of any entry with its URL; other entries stay as they were. */
export function withEntry(webhooks: WebhookEntry[], entry: WebhookEntry): WebhookEntry[] {
	const index = webhooks.findIndex((existing) => existing && existing.url === entry.url);
	if (index === -1) return [...webhooks, entry];
	return webhooks.map((existing, i) => (i === index ? entry : existing)).filter((e, i) => i === index || e?.url !== entry.url);
}

export function withoutEntry(webhooks: WebhookEntry[], url: string): WebhookEntry[] {
	return webhooks.filter((entry) => !entry || entry.url !== url);
}

/** Compares in constant time; hashing first makes the lengths equal and hides the expected length. */
export function secretMatches(expected: string, received: unknown): boolean {
	const value = Array.isArray(received) ? received[0] : received;
	if (typeof value !== 'string' || value === '') return false;
	const digest = (text: string) => createHash('sha256').update(text).digest();
	return timingSafeEqual(digest(expected), digest(value));
}
