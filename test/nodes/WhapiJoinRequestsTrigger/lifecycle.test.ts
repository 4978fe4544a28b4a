import type { IDataObject, IHookFunctions, INodeParameters } from 'n8n-workflow';

import { create } from '../../../nodes/WhapiJoinRequestsTrigger/lifecycle';
import { SECRET_HEADER } from '../../../nodes/WhapiJoinRequestsTrigger/webhookEntry';
import { activateWebhook, deactivateWebhook, nodeWebhookUrl, runHook, runWebhook } from '../../harness';
import type { WhapiStandIn, WebhookEntry } from '../../whapi-stand-in';
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
	{ url: 'https://bot.example.org/in', mode: 'method', events: [{ type: 'groups', method: 'put' }, { type: 'chats', method: 'patch' }] },
];

let whapi: WhapiStandIn;
let staticData: IDataObject;
beforeEach(async () => {
	whapi = await startChannel();
	whapi.webhooks = JSON.parse(JSON.stringify(FOREIGN));
	staticData = {};
});
afterEach(async () => {
	await whapi.close();
});

function hookOptions(mode: 'trigger' | 'manual' = 'trigger', parameters: INodeParameters = {}, credentials = credentialsFor(whapi)) {
	return { node: triggerNode(parameters), nodeType: triggerType, staticData, credentials, credentialTypes, webhookUrl: N8N_URL, mode };
}
const productionUrl = nodeWebhookUrl({ node: triggerNode(), nodeType: triggerType, webhookUrl: N8N_URL })!;
const testUrl = nodeWebhookUrl({ node: triggerNode(), nodeType: triggerType, webhookUrl: N8N_URL, mode: 'manual' })!;
const ours = (url = productionUrl) => whapi.webhooks.find((w) => w.url === url);
const patches = () => whapi.calls.filter((c) => c.method === 'PATCH');
/** n8n keeps a node's static data under `node:<name>` in the workflow's static data. */
const saved = () => (staticData[`node:${TRIGGER_NAME}`] ?? {}) as IDataObject;
const isOurs = (w: WebhookEntry) => w.url === productionUrl || w.url === testUrl;

/**
 * Foreign entries are written back exactly as read: every PATCH carries, byte for byte, the
 * foreign entries of the GET /settings answer before it; and Whapi still holds FOREIGN.
 */
function expectForeignKept() {
	const settingsCalls = whapi.calls.filter((c) => c.path === '/settings');
	expect(patches().length).toBeGreaterThan(0);
	settingsCalls.forEach((call, i) => {
		if (call.method !== 'PATCH') return;
		const read = settingsCalls.slice(0, i).reverse().find((c) => c.method === 'GET');
		const before = (read!.response.webhooks as WebhookEntry[]).filter((w) => !isOurs(w));
		const written = (call.body.webhooks as WebhookEntry[]).filter((w) => !isOurs(w));
		expect(JSON.stringify(written)).toBe(JSON.stringify(before));
	});
	expect(whapi.webhooks.filter((w) => !isOurs(w))).toEqual(FOREIGN);
}
const sendEvent = (secret: unknown, mode: 'webhook' | 'manual' = 'webhook') =>
	runWebhook({
		...hookOptions(mode === 'manual' ? 'manual' : 'trigger'),
		mode,
		request: {
			method: 'POST',
			path: new URL(mode === 'manual' ? testUrl : productionUrl).pathname,
			headers: typeof secret === 'string' ? { [SECRET_HEADER]: secret } : {},
			body: { groups_participants: [{ group_id: GROUP, participants: ['15550100001'], action: 'request' }], event: { type: 'groups', event: 'put' } },
		},
	});

describe('Publishing registers one entry of our own', () => {
	it('adds our entry (body mode, groups/put only, a ≥128-bit secret header) and keeps foreign entries byte-for-byte', async () => {
		const result = await activateWebhook(hookOptions());
		expect(result).toEqual({ existed: false, created: true });
		expect(productionUrl).toMatch(/^https:\/\/n8n\.example\.com\/webhook\/6f3c2a10-8d4e-4b7a-9c21-5e0f7d9a1b23\/webhook$/);
		expectForeignKept();
		expect(whapi.webhooks).toHaveLength(3);
		const entry = ours()!;
		expect(entry.mode).toBe('body');
		expect(entry.events).toEqual([{ type: 'groups', method: 'put' }]);
		const secret = entry.headers![SECRET_HEADER];
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		expect(saved().secret).toBe(digestOf(secret));
		expectNoPlainSecret(staticData, whapi);
	});

	it('two activations make two different secrets', async () => {
		await activateWebhook(hookOptions());
		const first = ours()!.headers![SECRET_HEADER];
		await deactivateWebhook(hookOptions());
		await activateWebhook(hookOptions());
		expect(ours()!.headers![SECRET_HEADER]).not.toBe(first);
	});

	it('checkExists finds the entry by URL and re-hydrates the digest of its secret without writing', async () => {
		await activateWebhook(hookOptions());
		const secret = ours()!.headers![SECRET_HEADER];
		staticData = {}; // e.g. another n8n main, or static data lost
		const patchesBefore = patches().length;
		expect(await activateWebhook(hookOptions())).toEqual({ existed: true, created: false });
		expect(saved().secret).toBe(digestOf(secret));
		expectNoPlainSecret(staticData, whapi);
		expect(patches()).toHaveLength(patchesBefore);
		expect(whapi.webhooks.filter((w) => w.url === productionUrl)).toHaveLength(1);
	});

	it.each([
		['its events drifted', (e: WebhookEntry): WebhookEntry => ({ ...e, events: [{ type: 'messages', method: 'post' }] }), true],
		['its mode drifted', (e: WebhookEntry): WebhookEntry => ({ ...e, mode: 'method' }), true],
		['its header was removed', (e: WebhookEntry): WebhookEntry => ({ ...e, headers: {} }), false],
	] as Array<[string, (e: WebhookEntry) => WebhookEntry, boolean]>)('checkExists repairs an entry whose %s, in place', async (_, drift, keepsSecret) => {
		await activateWebhook(hookOptions());
		const secret = ours()!.headers![SECRET_HEADER];
		whapi.webhooks = whapi.webhooks.map((w) => (w.url === productionUrl ? drift(w) : w));
		staticData = {};
		expect(await runHook('checkExists', hookOptions())).toBe(true);
		const repaired = ours()!;
		expect(repaired.mode).toBe('body');
		expect(repaired.events).toEqual([{ type: 'groups', method: 'put' }]);
		expect(repaired.headers![SECRET_HEADER]).toMatch(/^[0-9a-f]{64}$/);
		expect(repaired.headers![SECRET_HEADER] === secret).toBe(keepsSecret);
		expect(saved().secret).toBe(digestOf(repaired.headers![SECRET_HEADER]));
		expectNoPlainSecret(staticData, whapi);
		expectForeignKept();
		expect(whapi.webhooks).toHaveLength(3);
	});
});

describe('Unpublishing removes only our entry', () => {
	it('deletes our entry, keeps the others byte-for-byte, and forgets the secret', async () => {
		await activateWebhook(hookOptions());
		expect(await deactivateWebhook(hookOptions())).toBe(true);
		expectForeignKept();
		expect(whapi.webhooks).toEqual(FOREIGN);
		expect(saved().secret).toBeUndefined();
	});

	it('is harmless when our entry is already gone', async () => {
		await deactivateWebhook(hookOptions());
		expect(whapi.webhooks).toEqual(FOREIGN);
		expect(patches()).toHaveLength(0);
	});
});

describe('"Listen for test event" beside a published workflow', () => {
	it('registers the test URL as a second entry; production keeps working throughout and after', async () => {
		await activateWebhook(hookOptions('trigger'));
		const productionEntry = JSON.stringify(ours());
		await activateWebhook(hookOptions('manual'));
		expect(testUrl).toContain('/webhook-test/');
		expect(whapi.webhooks.map((w) => w.url)).toEqual([...FOREIGN.map((f) => f.url), productionUrl, testUrl]);
		const testSecret = secretSentTo(whapi, testUrl);
		expect(saved().testSecret).toBe(digestOf(testSecret));
		expect(saved().testSecret).not.toBe(saved().secret);
		expectNoPlainSecret(staticData, whapi);

		// While the test entry exists, a production call with the production secret still starts the workflow.
		const production = await sendEvent(ours()!.headers![SECRET_HEADER]);
		expect(production.response.statusCode).toBe(200);
		expect(production.result?.workflowData?.[0]).toHaveLength(1);
		// The test URL wants its own secret.
		expect((await sendEvent(ours()!.headers![SECRET_HEADER], 'manual')).response.statusCode).toBe(401);
		expect((await sendEvent(testSecret, 'manual')).result?.workflowData?.[0]).toHaveLength(1);

		await deactivateWebhook(hookOptions('manual'));
		expect(whapi.webhooks.map((w) => w.url)).toEqual([...FOREIGN.map((f) => f.url), productionUrl]);
		expect(JSON.stringify(ours())).toBe(productionEntry);
		expectForeignKept();
		expect(saved().testSecret).toBeUndefined();
		expect((await sendEvent(secretSentTo(whapi, productionUrl))).result?.workflowData?.[0]).toHaveLength(1);
	});

	it('a test call whose secret n8n did not keep in static data is checked against Whapi\'s entry for its path', async () => {
		await activateWebhook(hookOptions('trigger'));
		await activateWebhook(hookOptions('manual'));
		const productionSecret = ours()!.headers![SECRET_HEADER];
		const secret = ours(testUrl)!.headers![SECRET_HEADER];
		staticData = {};
		expect((await sendEvent('wrong', 'manual')).response.statusCode).toBe(401);
		expect(saved().testSecret).toBe(digestOf(secret));
		expectNoPlainSecret(staticData, whapi);
		staticData = {};
		expect((await sendEvent(productionSecret, 'manual')).response.statusCode).toBe(401);
		expect((await sendEvent(secret, 'manual')).response.statusCode).toBe(200);
	});
});

describe('Static data an earlier build wrote: the plain secret', () => {
	/** Publishes, then puts static data back as earlier builds left it: the secret itself. */
	async function publishedByEarlierBuild() {
		await activateWebhook(hookOptions());
		const secret = secretSentTo(whapi, productionUrl);
		staticData = { [`node:${TRIGGER_NAME}`]: { secret } };
		return secret;
	}

	it('checkExists replaces it with its digest, writing nothing to Whapi', async () => {
		const secret = await publishedByEarlierBuild();
		const patchesBefore = patches().length;
		expect(await runHook('checkExists', hookOptions())).toBe(true);
		expect(saved().secret).toBe(digestOf(secret));
		expectNoPlainSecret(staticData, whapi);
		expect(patches()).toHaveLength(patchesBefore);
		expect((await sendEvent(secret)).response.statusCode).toBe(200);
	});

	it('is still accepted, and a call that proves it right replaces it with its digest; a wrong one changes nothing', async () => {
		const secret = await publishedByEarlierBuild();
		expect((await sendEvent('f'.repeat(64))).response.statusCode).toBe(401);
		expect(saved().secret).toBe(secret);
		const call = await sendEvent(secret);
		expect(call.response.statusCode).toBe(200);
		expect(call.result?.workflowData?.[0]).toHaveLength(1);
		expect(saved().secret).toBe(digestOf(secret));
		expectNoPlainSecret(staticData, whapi);
		expect((await sendEvent(secret)).response.statusCode).toBe(200);
		expect((await sendEvent(digestOf(secret))).response.statusCode).toBe(401);
	});

	it('with the header shown masked, a drifted entry is rewritten with that same secret, and static data keeps its digest', async () => {
		whapi.webhooks = [];
		const secret = await publishedByEarlierBuild();
		whapi.webhooks = whapi.webhooks.map((w) => ({ ...w, mode: 'method' }));
		whapi.options.maskHeaders = true;
		expect(await runHook('checkExists', hookOptions())).toBe(true);
		expect(ours()!.mode).toBe('body');
		expect(secretSentTo(whapi, productionUrl)).toBe(secret);
		expect(saved().secret).toBe(digestOf(secret));
		expectNoPlainSecret(staticData, whapi);
	});
});

describe('Failing closed', () => {
	it('a published trigger whose entry is gone from Whapi and from static data answers 401', async () => {
		const response = await sendEvent('anything');
		expect(response.response.statusCode).toBe(401);
		expect(response.result?.workflowData).toBeUndefined();
	});
});

describe('Re-reading the secret from Whapi', () => {
	const settingsReads = () => whapi.calls.filter((c) => c.method === 'GET' && c.path === '/settings').length;

	it('a call to the root path answers 401 without asking Whapi', async () => {
		await activateWebhook(hookOptions());
		const secret = ours()!.headers![SECRET_HEADER];
		const readsBefore = settingsReads();
		staticData = {};
		const call = await runWebhook({
			...hookOptions(),
			mode: 'webhook',
			request: { method: 'POST', path: '/', headers: { [SECRET_HEADER]: secret }, body: {} },
		});
		expect(call.response.statusCode).toBe(401);
		expect(settingsReads()).toBe(readsBefore);
	});

	it('finds our entry when n8n sits behind a path prefix that its proxy strips, and with trailing slashes on the call', async () => {
		const behindProxy = { ...hookOptions(), webhookUrl: 'https://example.com/n8n/' };
		await activateWebhook(behindProxy);
		const entry = whapi.webhooks.find((w) => w.url.startsWith('https://example.com/n8n/webhook/'))!;
		const path = new URL(entry.url).pathname.replace(/^\/n8n/, '');
		const call = (requestPath: string) =>
			runWebhook({
				...behindProxy,
				// Static data as it is now: each call below starts without the secret's digest.
				staticData,
				mode: 'webhook',
				request: { method: 'POST', path: requestPath, headers: { [SECRET_HEADER]: entry.headers![SECRET_HEADER] }, body: {} },
			});
		staticData = {};
		expect((await call(path)).response.statusCode).toBe(200);
		staticData = {};
		expect((await call(`${path}//`)).response.statusCode).toBe(200);
	});

	it('skips entries whose URL is not a URL, and finds ours after them', async () => {
		whapi.webhooks = [{ url: 'not a url', mode: 'body', events: [{ type: 'groups', method: 'put' }], headers: { [SECRET_HEADER]: 'x'.repeat(64) } }, ...FOREIGN];
		await activateWebhook(hookOptions());
		const secret = ours()!.headers![SECRET_HEADER];
		// An empty slot in the list, as a hand-edited setting might leave.
		whapi.webhooks.unshift(null as unknown as WebhookEntry);
		staticData = {};
		expect((await sendEvent(secret)).response.statusCode).toBe(200);
	});

	it('forged calls while static data lacks the secret cost at most one GET /settings a minute', async () => {
		await activateWebhook(hookOptions());
		const secret = ours()!.headers![SECRET_HEADER];
		const readsBefore = settingsReads();
		const start = Date.now();
		const clock = jest.spyOn(Date, 'now').mockReturnValue(start);
		try {
			staticData = {};
			for (let i = 0; i < 5; i++) expect((await sendEvent(`forged-${i}`)).response.statusCode).toBe(401);
			expect(settingsReads()).toBe(readsBefore + 1);
			// The one read found the secret: the authentic call needs no other.
			staticData = {};
			expect((await sendEvent(secret)).response.statusCode).toBe(200);
			expect(settingsReads()).toBe(readsBefore + 1);
			clock.mockReturnValue(start + 59_999);
			staticData = {};
			expect((await sendEvent('forged-again')).response.statusCode).toBe(401);
			expect(settingsReads()).toBe(readsBefore + 1);
			clock.mockReturnValue(start + 60_000);
			staticData = {};
			expect((await sendEvent('forged-a-minute-later')).response.statusCode).toBe(401);
			expect(settingsReads()).toBe(readsBefore + 2);
		} finally {
			clock.mockRestore();
		}
	});
});

describe('Registration errors are surfaced, never swallowed', () => {
	it('a wrong token fails the activation naming the token', async () => {
		await expect(activateWebhook(hookOptions('trigger', {}, { whapiApi: { token: 'nope', baseUrl: whapi.baseUrl } }))).rejects.toThrow(
			/does not know this channel token/,
		);
		expect(JSON.stringify(whapi.webhooks)).toBe(JSON.stringify(FOREIGN));
	});

	it('a logged-out channel fails the activation saying so', async () => {
		whapi.setLoggedOut(true);
		await expect(activateWebhook(hookOptions())).rejects.toThrow(/logged out/);
	});

	it('a webhook URL Whapi cannot reach fails before any call, saying how to set n8n\'s webhook URL', async () => {
		const options = { ...hookOptions('trigger', {}, { whapiApi: { token: 'x', baseUrl: 'https://gate.whapi.cloud' } }), webhookUrl: 'http://localhost:5678/' };
		const error = await runHook('create', options).catch((e: Error & { description?: string }) => e);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(/Cannot register the webhook with Whapi: the webhook URL http:\/\/localhost:5678\/webhook\/.* private network/);
		expect((error as { description?: string }).description).toMatch(/WEBHOOK_URL/);
	});

	it('without a webhook URL from n8n, the activation fails saying so, before any call', async () => {
		const node = fakeNode('whapiJoinRequestsTrigger', TRIGGER_NAME);
		const context = {
			getNode: () => node,
			getNodeParameter: (_name: string, fallback: unknown) => fallback,
			getNodeWebhookUrl: () => undefined,
			getCredentials: async () => credentialsFor(whapi).whapiApi,
		} as unknown as IHookFunctions;
		await expect(create.call(context)).rejects.toMatchObject({ name: 'NodeOperationError', message: 'n8n did not give this trigger a webhook URL' });
		expect(whapi.calls).toHaveLength(0);
	});

	it('a PATCH Whapi rejects fails the activation', async () => {
		whapi.failNext(1, { status: 400, method: 'PATCH', message: 'Wrong settings format' });
		await expect(activateWebhook(hookOptions())).rejects.toThrow(/Wrong settings format/);
	});

	it('a PATCH Whapi answers but does not keep fails the activation, saying so, after reading back each write', async () => {
		whapi.failNext(3, { noEffect: true, method: 'PATCH', path: '/settings' });
		await expect(activateWebhook(hookOptions())).rejects.toThrow(/Whapi did not keep the change to the channel's webhooks/);
		expect(ours()).toBeUndefined();
		expect(patches()).toHaveLength(3);
	});
});

describe('Manual mode (Register Webhook off)', () => {
	it('touches nothing at Whapi on publish and unpublish', async () => {
		expect(await activateWebhook(hookOptions('trigger', { registerWebhook: false }))).toEqual({ existed: true, created: false });
		// n8n calls create only when checkExists said no; called anyway, it succeeds doing nothing.
		expect(await runHook('create', hookOptions('trigger', { registerWebhook: false }))).toBe(true);
		await deactivateWebhook(hookOptions('trigger', { registerWebhook: false }));
		expect(whapi.calls).toHaveLength(0);
	});
});
