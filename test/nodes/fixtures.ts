/**
 * Shared set-up for the node tests: a Whapi stand-in with two groups, the package's node types,
 * and a builder for "Manual trigger → items → Whapi Join Requests" workflows.
 */
import { createHash } from 'crypto';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { WhapiApi } from '../../credentials/WhapiApi.credentials';
import { WhapiJoinRequests } from '../../nodes/WhapiJoinRequests/WhapiJoinRequests.node';
import { WhapiJoinRequestsTrigger } from '../../nodes/WhapiJoinRequestsTrigger/WhapiJoinRequestsTrigger.node';
import { SECRET_HEADER } from '../../nodes/WhapiJoinRequestsTrigger/webhookEntry';
import { ITEMS_SOURCE_TYPE, MANUAL_TRIGGER_TYPE, activateWebhook, createNodeTypes, nodeWebhookUrl, runWorkflow } from '../harness';
import { startWhapiStandIn, type WhapiStandIn } from '../whapi-stand-in';

export const GROUP = '120363000000000001@g.us';
export const OTHER_GROUP = '120363000000000002@g.us';
export const NOT_ADMIN_GROUP = '120363000000000003@g.us';
export const TOKEN = 'test-token-4f1c0a9e';

export const nodeTypes = createNodeTypes({
	whapiJoinRequests: new WhapiJoinRequests(),
	whapiJoinRequestsTrigger: new WhapiJoinRequestsTrigger(),
});
export const credentialTypes = { whapiApi: new WhapiApi() };

export async function startChannel(): Promise<WhapiStandIn> {
	const whapi = await startWhapiStandIn({ token: TOKEN });
	whapi.addGroup({ id: GROUP, name: 'Cohort A', admin: true });
	whapi.addGroup({ id: OTHER_GROUP, name: 'Beta testers', admin: true });
	whapi.addGroup({ id: NOT_ADMIN_GROUP, name: 'Alumni', admin: false });
	return whapi;
}

export function credentialsFor(whapi: WhapiStandIn, token = TOKEN) {
	return { whapiApi: { token, baseUrl: `${whapi.baseUrl}/` } };
}

export const NODE_NAME = 'Whapi';

/** Runs Manual trigger → the given items → one Whapi Join Requests node with `parameters`. */
export async function runJoinRequests(
	whapi: WhapiStandIn,
	parameters: INodeParameters,
	items: IDataObject[] = [{}],
	options: { continueOnFail?: boolean; token?: string } = {},
) {
	return await runWorkflow({
		workflow: {
			nodes: [
				{ id: 't', name: 'Start', type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: 'i',
					name: 'Items',
					type: ITEMS_SOURCE_TYPE,
					typeVersion: 1,
					position: [200, 0],
					parameters: { items: JSON.stringify(items) },
				},
				{
					id: 'w',
					name: NODE_NAME,
					type: 'n8n-nodes-whapi-join-requests.whapiJoinRequests',
					typeVersion: 1,
					position: [400, 0],
					parameters,
					...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
				},
			],
			connections: {
				Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
				Items: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] },
			},
		},
		nodeTypes,
		credentials: credentialsFor(whapi, options.token),
		credentialTypes,
	});
}

/** The resource locator value of a group picked "From List". */
export const fromList = (value: string) => ({ __rl: true, mode: 'list', value });
export const byId = (value: string) => ({ __rl: true, mode: 'id', value });

export const TRIGGER_NAME = 'Join Request';
export const triggerType = new WhapiJoinRequestsTrigger();

/** The trigger node as saved in a workflow; `webhookId` makes its URL stable. */
export function triggerNode(parameters: INodeParameters = {}) {
	return {
		id: 'trigger',
		name: TRIGGER_NAME,
		type: 'n8n-nodes-whapi-join-requests.whapiJoinRequestsTrigger',
		typeVersion: 1,
		position: [0, 0] as [number, number],
		webhookId: '6f3c2a10-8d4e-4b7a-9c21-5e0f7d9a1b23',
		parameters,
	};
}

/**
 * A channel whose trigger (as `triggerNode()` saves it) was published at `webhookUrl`: the
 * stand-in, the workflow's static data, and the secret Whapi now sends.
 */
export async function publishedTrigger(webhookUrl: string) {
	const whapi = await startChannel();
	const staticData: IDataObject = {};
	const node = triggerNode();
	await activateWebhook({ node, nodeType: triggerType, staticData, credentials: credentialsFor(whapi), credentialTypes, webhookUrl });
	const secret = secretSentTo(whapi, nodeWebhookUrl({ node, nodeType: triggerType, webhookUrl })!);
	return { whapi, staticData, secret };
}

/** The secret Whapi sends to `url`: the header of its entry there, as Whapi holds it (never masked). */
export function secretSentTo(whapi: WhapiStandIn, url: string): string {
	const secret = whapi.webhooks.find((w) => w.url === url)?.headers?.[SECRET_HEADER];
	if (typeof secret !== 'string') throw new Error(`the stand-in has no entry with a secret at ${url}`);
	return secret;
}

/** What static data should keep of a secret: its SHA-256 digest, computed here apart from the node's code. */
export const digestOf = (secret: string) => `sha256:${createHash('sha256').update(secret).digest('hex')}`;

/** Every secret header value Whapi was ever given: what it holds now and what every PATCH carried. */
function secretsGiven(whapi: WhapiStandIn): string[] {
	const lists = [whapi.webhooks, ...whapi.calls.filter((c) => c.method === 'PATCH').map((c) => (c.body as { webhooks?: unknown })?.webhooks)];
	const values = lists.flatMap((list) =>
		(Array.isArray(list) ? list : []).flatMap((entry: { headers?: Record<string, unknown> }) =>
			Object.entries(entry?.headers ?? {})
				.filter(([name, value]) => /secret/i.test(name) && typeof value === 'string')
				.map(([, value]) => value as string),
		),
	);
	return [...new Set(values)].filter((value) => value.length >= 16);
}

/** Static data may hold digests, never one of the secrets Whapi was given, in any form JSON gives it. */
export function expectNoPlainSecret(staticData: IDataObject, whapi: WhapiStandIn): void {
	const text = JSON.stringify(staticData);
	expect(secretsGiven(whapi).filter((secret) => text.includes(secret))).toEqual([]);
}
