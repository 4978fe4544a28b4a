/**
 * Issue 7, defects 1 and 9: publishes and unpublishes that overlap on one channel, another writer
 * landing right after our check, and entries left behind by an old public URL.
 */
import type { IDataObject } from 'n8n-workflow';

import { SECRET_HEADER } from '../../../nodes/WhapiJoinRequestsTrigger/webhookEntry';
import { listTiming } from '../../../nodes/WhapiJoinRequestsTrigger/webhookList';
import { activateWebhook, deactivateWebhook, nodeWebhookUrl } from '../../harness';
import type { RecordedCall, WebhookEntry, WhapiStandIn } from '../../whapi-stand-in';
import { credentialTypes, credentialsFor, digestOf, expectNoPlainSecret, startChannel, triggerNode, triggerType } from '../fixtures';
import { PUBLISH_SETTLE_MS } from '../timing';

const N8N_URL = 'https://n8n.example.com/';
const FOREIGN: WebhookEntry[] = [
	{ url: 'https://crm.example.com/hooks/whatsapp', mode: 'body', events: [{ type: 'messages', method: 'post' }], headers: { 'X-Crm-Key': 'crm-secret' } },
];
const A = '0d6f1b9e-1c2a-4e0b-9a51-6f1d2c3b4a01';
const B = '0d6f1b9e-1c2a-4e0b-9a51-6f1d2c3b4a02';

// These tests race writers against the settle delay: they run with n8n's.
beforeAll(() => {
	listTiming.settleMs = PUBLISH_SETTLE_MS;
});

let whapi: WhapiStandIn;
const staticData: Record<string, IDataObject> = {};
beforeEach(async () => {
	whapi = await startChannel();
	whapi.webhooks = structuredClone(FOREIGN);
	staticData[A] = {};
	staticData[B] = {};
});
afterEach(async () => {
	await whapi.close();
});

const node = (webhookId: string) => ({ ...triggerNode(), webhookId });
const trigger = (webhookId: string, webhookUrl = N8N_URL) => ({
	node: node(webhookId),
	nodeType: triggerType,
	staticData: staticData[webhookId],
	credentials: credentialsFor(whapi),
	credentialTypes,
	webhookUrl,
});
const urlOf = (webhookId: string, webhookUrl = N8N_URL) => nodeWebhookUrl({ node: node(webhookId), nodeType: triggerType, webhookUrl })!;
const urls = () => whapi.webhooks.map((w) => w.url).sort();

/** Runs `change` once, on the first call answered after `after` calls matching it were answered. */
function onceAfter(after: (call: RecordedCall) => boolean, then: (call: RecordedCall) => boolean, change: () => void) {
	let armed = false;
	let done = false;
	whapi.on('call', (call: RecordedCall) => {
		if (done) return;
		if (armed && then(call)) {
			done = true;
			change();
		} else if (after(call)) armed = true;
	});
}
const isPatch = (call: RecordedCall) => call.method === 'PATCH' && call.path === '/settings';
const isRead = (call: RecordedCall) => call.method === 'GET' && call.path === '/settings';

describe('Publishes and unpublishes that overlap on one channel', () => {
	it('two workflows published at the same moment, the first PATCH slowed by 150 ms: both entries are there', async () => {
		whapi.failNext(1, { path: '^/settings$', method: 'PATCH', delayMs: 150 });
		await Promise.all([activateWebhook(trigger(A)), activateWebhook(trigger(B))]);
		expect(urls()).toEqual([FOREIGN[0].url, urlOf(A), urlOf(B)].sort());
		for (const id of [A, B]) {
			const entry = whapi.webhooks.find((w) => w.url === urlOf(id))!;
			expect((staticData[id][`node:${triggerNode().name}`] as IDataObject).secret).toBe(digestOf(entry.headers![SECRET_HEADER]));
			expectNoPlainSecret(staticData[id], whapi);
		}
	});

	it('two workflows unpublished at the same moment, the first PATCH slowed by 150 ms: none of ours is left', async () => {
		await activateWebhook(trigger(A));
		await activateWebhook(trigger(B));
		whapi.failNext(1, { path: '^/settings$', method: 'PATCH', delayMs: 150 });
		await Promise.all([deactivateWebhook(trigger(A)), deactivateWebhook(trigger(B))]);
		expect(whapi.webhooks).toEqual(FOREIGN);
	});

	it('an entry another writer drops right after our check is put back before publishing reports success', async () => {
		// Another n8n instance writes the list it read before our PATCH, just after we read ours back.
		onceAfter(isPatch, isRead, () => {
			whapi.webhooks = structuredClone(FOREIGN);
		});
		await activateWebhook(trigger(A));
		expect(urls()).toEqual([FOREIGN[0].url, urlOf(A)].sort());
	});

	it('when another writer keeps dropping our entry, publishing fails and says why', async () => {
		whapi.on('call', (call: RecordedCall) => {
			if (isPatch(call)) whapi.webhooks = structuredClone(FOREIGN);
		});
		await expect(activateWebhook(trigger(A))).rejects.toThrow(/another program or another n8n instance/);
	});
});

describe('Entries left behind by an old public URL', () => {
	const OLD_URL = 'https://old-n8n.example.net/';
	const staleEntry = (webhookId: string, base = OLD_URL): WebhookEntry => ({
		url: urlOf(webhookId, base),
		mode: 'body',
		events: [{ type: 'groups', method: 'put' }],
		headers: { [SECRET_HEADER]: 'f'.repeat(64) },
	});

	it('publishing under a new URL removes our entry for the old one, and keeps everyone else\'s', async () => {
		const lookalike = { ...staleEntry(A), headers: { 'X-Other': 'x' } };
		whapi.webhooks = [...structuredClone(FOREIGN), staleEntry(A), staleEntry(B), lookalike];
		await activateWebhook(trigger(A));
		expect(urls()).toEqual([FOREIGN[0].url, staleEntry(B).url, lookalike.url, urlOf(A)].sort());
	});

	it('unpublishing removes our entry and the one left by the old URL', async () => {
		await activateWebhook(trigger(A));
		whapi.webhooks = [...whapi.webhooks, staleEntry(A)];
		await deactivateWebhook(trigger(A));
		expect(whapi.webhooks).toEqual(FOREIGN);
	});

	it('the test URL\'s entry is not taken for a stale production entry', async () => {
		await activateWebhook({ ...trigger(A), mode: 'manual' });
		await activateWebhook(trigger(A));
		expect(whapi.webhooks).toHaveLength(3);
		await deactivateWebhook(trigger(A));
		expect(whapi.webhooks.map((w) => w.url)).toEqual([FOREIGN[0].url, expect.stringContaining('/webhook-test/')]);
	});
});
