/**
 * The webhook lifecycle, told as a story: `checkExists` finds our entry by URL, re-hydrates its
 * secret into static data and repairs drift; `create` adds our entry with a fresh secret;
 * `delete` removes only our entry. Every other entry of the channel is written back untouched.
 * Static data keeps the production and the test secret apart, so "Listen for test event"
 * never disturbs a published workflow.
 */

import { NodeOperationError, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';

import { WhapiTransport } from '../shared/transport';
import { unreachableReason } from './reachability';
import {
	buildEntry,
	entryDrifted,
	entrySecret,
	findEntry,
	newSecret,
	readWebhooks,
	withEntry,
	withoutEntry,
	type WebhookEntry,
} from './webhookEntry';

/** Read-modify-write of the list can race with another writer; verify and try again this often. */
const WRITE_ATTEMPTS = 3;

/** Where static data keeps the secret of this mode's entry. */
export function secretKey(context: IHookFunctions | IWebhookFunctions): 'secret' | 'testSecret' {
	return context.getMode() === 'manual' ? 'testSecret' : 'secret';
}

function webhookUrl(context: IHookFunctions | IWebhookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(context.getNode(), 'n8n did not give this trigger a webhook URL');
	return url;
}

export async function readList(transport: WhapiTransport): Promise<WebhookEntry[]> {
	return readWebhooks(await transport.request({ method: 'GET', path: '/settings' }));
}

/** Writes the list changed by `change`, then reads it back until the change holds. */
async function updateList(
	context: IHookFunctions,
	transport: WhapiTransport,
	change: (webhooks: WebhookEntry[]) => WebhookEntry[],
	holds: (webhooks: WebhookEntry[]) => boolean,
	current?: WebhookEntry[],
): Promise<void> {
	let webhooks = current ?? (await readList(transport));
	for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
		if (holds(webhooks)) return;
		await transport.request({ method: 'PATCH', path: '/settings', body: { webhooks: change(webhooks) } });
		webhooks = await readList(transport);
	}
	if (!holds(webhooks)) {
		throw new NodeOperationError(context.getNode(), 'Whapi did not keep the change to the channel\'s webhooks', {
			description: 'Another program may be rewriting the channel settings at the same time. Try again.',
		});
	}
}

function registerWebhook(context: IHookFunctions): boolean {
	return context.getNodeParameter('registerWebhook', true) as boolean;
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	if (!registerWebhook(this)) return true;
	const url = webhookUrl(this);
	const transport = await WhapiTransport.connect(this);
	const webhooks = await readList(transport);
	const entry = findEntry(webhooks, url);
	if (entry === undefined) return false;
	const staticData = this.getWorkflowStaticData('node');
	if (entryDrifted(entry)) {
		const repaired = buildEntry(url, entrySecret(entry) ?? newSecret());
		await updateList(this, transport, (list) => withEntry(list, repaired), (list) => !entryDrifted(findEntry(list, url) ?? entry), webhooks);
		staticData[secretKey(this)] = entrySecret(repaired);
	} else {
		staticData[secretKey(this)] = entrySecret(entry);
	}
	return true;
}

export async function create(this: IHookFunctions): Promise<boolean> {
	if (!registerWebhook(this)) return true;
	const url = webhookUrl(this);
	const transport = await WhapiTransport.connect(this);
	const reason = unreachableReason(url, transport.baseUrl);
	if (reason !== undefined) {
		throw new NodeOperationError(this.getNode(), `Cannot register the webhook with Whapi: ${reason}`, {
			description:
				'Set n8n\'s public address with the WEBHOOK_URL environment variable (N8N_WEBHOOK_URL in n8n 2.x), for example https://n8n.example.com/, and restart n8n. Or turn off Register Webhook and point a Whapi webhook at a public URL yourself.',
		});
	}
	const entry = buildEntry(url, newSecret());
	await updateList(
		this,
		transport,
		(list) => withEntry(list, entry),
		(list) => entrySecret(findEntry(list, url) ?? { url }) === entrySecret(entry),
	);
	this.getWorkflowStaticData('node')[secretKey(this)] = entrySecret(entry);
	return true;
}

export async function remove(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	delete staticData[secretKey(this)];
	if (!registerWebhook(this)) return true;
	const url = webhookUrl(this);
	const transport = await WhapiTransport.connect(this);
	await updateList(this, transport, (list) => withoutEntry(list, url), (list) => findEntry(list, url) === undefined);
	return true;
}
