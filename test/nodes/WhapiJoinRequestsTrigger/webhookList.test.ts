/**
 * Issue 7, defect 8: settings answers are not trusted further than they go. A list that is absent
 * is not an empty one, and a header value shown masked is never written back nor compared.
 */
import type { IDataObject } from 'n8n-workflow';

import { SECRET_HEADER } from '../../../nodes/WhapiJoinRequestsTrigger/webhookEntry';
import { activateWebhook, deactivateWebhook, nodeWebhookUrl, runHook, runWebhook } from '../../harness';
import type { WebhookEntry, WhapiStandIn } from '../../whapi-stand-in';
import {
	GROUP,
	TRIGGER_NAME,
	credentialTypes,
	credentialsFor,
	digestOf,
	expectNoPlainSecret,
	secretSentTo,
	startChannel,
	triggerNode,
	triggerType,
} from '../fixtures';

const N8N_URL = 'https://n8n.example.com/';
const FOREIGN: WebhookEntry[] = [
	{ url: 'https://crm.example.com/hooks/whatsapp', mode: 'body', events: [{ type: 'messages', method: 'post' }], headers: { 'X-Crm-Key': 'crm-secret' } },
];
const URL_OF_OURS = nodeWebhookUrl({ node: triggerNode(), nodeType: triggerType, webhookUrl: N8N_URL })!;

let whapi: WhapiStandIn;
let staticData: IDataObject;
beforeEach(async () => {
	whapi = await startChannel();
	whapi.webhooks = structuredClone(FOREIGN);
	staticData = {};
});
afterEach(async () => {
	await whapi.close();
});

const hook = () => ({ node: triggerNode(), nodeType: triggerType, staticData, credentials: credentialsFor(whapi), credentialTypes, webhookUrl: N8N_URL });
const patches = () => whapi.calls.filter((c) => c.method === 'PATCH').length;
const saved = () => (staticData[`node:${TRIGGER_NAME}`] ?? {}) as IDataObject;
const ours = () => whapi.webhooks.find((w) => w.url === URL_OF_OURS);
const deliver = (secret: string) =>
	runWebhook({
		...hook(),
		request: {
			method: 'POST',
			path: new URL(URL_OF_OURS).pathname,
			headers: { [SECRET_HEADER]: secret },
			body: { groups_participants: [{ group_id: GROUP, participants: ['15550100001'], action: 'request' }], event: { type: 'groups', event: 'put' } },
		},
	});

describe('A settings answer without a webhooks array', () => {
	it('fails the publish, saying so, and writes nothing', async () => {
		whapi.options.settingsWithoutWebhooks = true;
		await expect(activateWebhook(hook())).rejects.toThrow(/without a webhooks list, so nothing was written/);
		expect(patches()).toBe(0);
		expect(whapi.webhooks).toEqual(FOREIGN);
	});

	it('fails the unpublish too, rather than writing a list without the other entries', async () => {
		await activateWebhook(hook());
		const before = structuredClone(whapi.webhooks);
		whapi.options.settingsWithoutWebhooks = true;
		await expect(deactivateWebhook(hook())).rejects.toThrow(/without a webhooks list/);
		expect(whapi.webhooks).toEqual(before);
	});
});

describe('Header values shown masked', () => {
	it.each(['***', '•••'])('other entries shown as %s are never written back: the publish fails and writes nothing', async (mask) => {
		whapi.options.maskHeaders = mask;
		await expect(activateWebhook(hook())).rejects.toThrow(/masked, so nothing was written/);
		expect(patches()).toBe(0);
		expect(whapi.webhooks).toEqual(FOREIGN);
	});

	it('our own entry shown masked, right, is judged by the digest in static data, not by the mask: nothing written', async () => {
		whapi.webhooks = [];
		await activateWebhook(hook());
		const secret = secretSentTo(whapi, URL_OF_OURS);
		expect(saved().secret).toBe(digestOf(secret));
		whapi.options.maskHeaders = true;
		const patchesBefore = patches();
		expect(await runHook('checkExists', hook())).toBe(true);
		expect(patches()).toBe(patchesBefore);
		expect(saved().secret).toBe(digestOf(secret));
		expect((await deliver(secret)).response.statusCode).toBe(200);
		expect((await deliver('*'.repeat(3))).response.statusCode).toBe(401);
		expectNoPlainSecret(staticData, whapi);
	});

	it('our own entry shown masked and drifted cannot get its secret back from a digest: it gets a new one, and only that one is accepted', async () => {
		whapi.webhooks = [];
		await activateWebhook(hook());
		const old = secretSentTo(whapi, URL_OF_OURS);
		whapi.webhooks = whapi.webhooks.map((w) => ({ ...w, events: [{ type: 'messages', method: 'post' }] }));
		whapi.options.maskHeaders = true;
		expect(await runHook('checkExists', hook())).toBe(true);
		expect(ours()!.events).toEqual([{ type: 'groups', method: 'put' }]);
		const secret = secretSentTo(whapi, URL_OF_OURS);
		expect(secret).not.toBe(old);
		expect(saved().secret).toBe(digestOf(secret));
		expectNoPlainSecret(staticData, whapi);
		expect((await deliver(old)).response.statusCode).toBe(401);
		expect((await deliver(secret)).response.statusCode).toBe(200);
	});

	it('our own entry shown masked, with the secret lost from static data, gets a new secret that Whapi then holds', async () => {
		whapi.webhooks = [];
		await activateWebhook(hook());
		const old = saved().secret;
		whapi.options.maskHeaders = true;
		staticData = {};
		expect(await runHook('checkExists', hook())).toBe(true);
		expect(saved().secret).not.toBe(old);
		expect(saved().secret).toBe(digestOf(secretSentTo(whapi, URL_OF_OURS)));
		expectNoPlainSecret(staticData, whapi);
	});
});
