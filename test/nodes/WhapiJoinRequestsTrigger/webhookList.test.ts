/**
 * Issue 7, defect 8: settings answers are not trusted further than they go. A list that is absent
 * is not an empty one, and a header value shown masked is never written back nor compared.
 */
import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import type { WhapiCall, WhapiTransport } from '../../../nodes/shared/transport';
import { SECRET_HEADER, type WebhookEntry as ListEntry } from '../../../nodes/WhapiJoinRequestsTrigger/webhookEntry';
import { updateList } from '../../../nodes/WhapiJoinRequestsTrigger/webhookList';
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
import { fakeNode } from '../fake-node';

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

/**
 * updateList driven directly, on a hand-made channel: every call answers on a later turn of the
 * event loop, so writers that are not kept one at a time interleave.
 */
describe('updateList on a hand-made channel', () => {
	const context = { getNode: () => fakeNode() } as unknown as IHookFunctions;
	const entry = (name: string): ListEntry => ({ url: `https://${name}.example.com/hook` });
	const named = (list: ListEntry[]) => list.map((e) => new URL(e.url).hostname.split('.')[0]);

	function fakeChannel(options: { lostPatches?: number; settings?: () => unknown } = {}) {
		let webhooks: ListEntry[] = [];
		let lostPatches = options.lostPatches ?? 0;
		const calls: string[] = [];
		const patched: string[][] = [];
		const request = async (call: WhapiCall): Promise<unknown> => {
			await new Promise((resolve) => setImmediate(resolve));
			calls.push(call.method);
			if (call.method === 'PATCH') {
				const next = (call.body as { webhooks: ListEntry[] }).webhooks;
				patched.push(named(next));
				if (lostPatches > 0) lostPatches--;
				else webhooks = next;
				return {};
			}
			return options.settings ? options.settings() : { webhooks: structuredClone(webhooks) };
		};
		const transport = { channel: 'https://whapi.test 0123456789abcdef', request } as unknown as WhapiTransport;
		const add = (name: string) =>
			updateList(
				context,
				transport,
				(list) => [...list, entry(name)],
				(list) => named(list).includes(name),
			);
		return { add, calls, patched };
	}

	it('two writers started together write one after the other, the second adding to what the first wrote', async () => {
		const channel = fakeChannel();
		await Promise.all([channel.add('a'), channel.add('b')]);
		expect(channel.patched).toEqual([['a'], ['a', 'b']]);
	});

	it('a writer that starts while the second of two queued writers runs waits for that one too', async () => {
		const channel = fakeChannel();
		const first = channel.add('a');
		const second = channel.add('b');
		await first;
		await Promise.all([second, channel.add('c')]);
		expect(channel.patched).toEqual([['a'], ['a', 'b'], ['a', 'b', 'c']]);
	});

	it('a write the read-back shows lost is written again at once, without first waiting to read once more', async () => {
		const channel = fakeChannel({ lostPatches: 1 });
		await channel.add('a');
		expect(channel.calls).toEqual(['GET', 'PATCH', 'GET', 'PATCH', 'GET', 'GET']);
	});

	it('settings without a webhooks list: fails with what happened and what to do', async () => {
		const channel = fakeChannel({ settings: () => ({}) });
		const error = (await channel.add('a').catch((e: unknown) => e)) as { message: string; description: string };
		expect({ message: error.message, description: error.description }).toEqual({
			message: 'Whapi\'s channel settings came back without a webhooks list, so nothing was written',
			description:
				'Writing a list now could erase the channel\'s other webhooks. Try again in a moment; if it persists, turn off Register Webhook and add the webhook in the Whapi panel.',
		});
	});

	it('another entry\'s header shown masked: fails with what happened and what to do', async () => {
		const channel = fakeChannel({ settings: () => ({ webhooks: [{ ...entry('crm'), headers: { 'X-Crm-Key': '***' } }] }) });
		const error = (await channel.add('a').catch((e: unknown) => e)) as { message: string; description: string };
		expect({ message: error.message, description: error.description }).toEqual({
			message: 'Whapi shows the channel\'s webhook header values masked, so nothing was written',
			description:
				'Writing the list back would replace the other webhooks\' header values with the mask. Turn off Register Webhook and add this trigger\'s webhook in the Whapi panel instead.',
		});
	});

	it('every write lost: fails after three attempts with what happened and what to do', async () => {
		const channel = fakeChannel({ lostPatches: 3 });
		const error = (await channel.add('a').catch((e: unknown) => e)) as { message: string; description: string };
		expect({ message: error.message, description: error.description, patches: channel.patched.length }).toEqual({
			message: 'Whapi did not keep the change to the channel\'s webhooks: another program or another n8n instance is rewriting them at the same time',
			description:
				'Whapi replaces the whole webhook list on every change and cannot refuse a stale one, so two writers undo each other. Stop the other writer (or use one n8n instance per channel) and publish again.',
			patches: 3,
		});
	});
});
