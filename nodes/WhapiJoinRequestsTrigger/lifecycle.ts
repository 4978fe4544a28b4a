/**
 * The webhook lifecycle, told as a story: `checkExists` finds our entry by URL, re-hydrates its
 * secret into static data and repairs drift; `create` adds our entry with a fresh secret;
 * `delete` removes only our entries. Every other entry of the channel is written back untouched
 * (webhookList.ts says how, and what no client can prevent). Static data keeps the production
 * and the test secret apart, so "Listen for test event" never disturbs a published workflow, and
 * it is the secret's source of truth wherever Whapi shows the header masked.
 */

import { NodeOperationError, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';

import { WhapiTransport } from '../shared/transport';
import { checkWatchedGroups } from './filter';
import { unreachableReason } from './reachability';
import {
	buildEntry,
	carriesSecret,
	entryDrifted,
	entrySecret,
	findEntry,
	hasStaleEntry,
	isOurs,
	newSecret,
	secretIsMasked,
	withEntry,
	withoutEntry,
	type WebhookEntry,
} from './webhookEntry';
import { readList, updateList } from './webhookList';

/** Where static data keeps the secret of this mode's entry. */
export function secretKey(context: IHookFunctions | IWebhookFunctions): 'secret' | 'testSecret' {
	return context.getMode() === 'manual' ? 'testSecret' : 'secret';
}

function webhookUrl(context: IHookFunctions | IWebhookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(context.getNode(), 'n8n did not give this trigger a webhook URL');
	return url;
}

function registerWebhook(context: IHookFunctions): boolean {
	return context.getNodeParameter('registerWebhook', true) as boolean;
}

/** Our entry is in the list with this secret (or a masked one), right, and alone. */
function registered(list: WebhookEntry[], url: string, secret: string): boolean {
	const entry = findEntry(list, url);
	return entry !== undefined && !entryDrifted(entry) && carriesSecret(entry, secret) && !hasStaleEntry(list, url);
}

/** Puts our entry with `secret` in place. A masked read-back cannot tell secrets apart, so it is written at least once. */
async function putEntry(context: IHookFunctions, transport: WhapiTransport, url: string, secret: string): Promise<void> {
	const entry = buildEntry(url, secret);
	let written = false;
	const change = (list: WebhookEntry[]) => {
		written = true;
		return withEntry(list, entry);
	};
	await updateList(context, transport, change, (list) => written && registered(list, url, secret));
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	checkWatchedGroups(this);
	if (!registerWebhook(this)) return true;
	const url = webhookUrl(this);
	const transport = await WhapiTransport.connect(this);
	const list = await readList(this, transport);
	const entry = findEntry(list, url);
	if (entry === undefined) return false;
	const staticData = this.getWorkflowStaticData('node');
	const known = staticData[secretKey(this)];
	// A masked secret says nothing: the one in static data stands, else the entry gets a new one.
	const shown = entrySecret(entry) ?? (secretIsMasked(entry) && typeof known === 'string' && known !== '' ? known : undefined);
	const secret = shown ?? newSecret();
	if (shown === undefined || !registered(list, url, secret)) await putEntry(this, transport, url, secret);
	staticData[secretKey(this)] = secret;
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
	const secret = newSecret();
	await putEntry(this, transport, url, secret);
	this.getWorkflowStaticData('node')[secretKey(this)] = secret;
	return true;
}

export async function remove(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	delete staticData[secretKey(this)];
	if (!registerWebhook(this)) return true;
	const url = webhookUrl(this);
	const transport = await WhapiTransport.connect(this);
	await updateList(this, transport, (list) => withoutEntry(list, url), (list) => !list.some((entry) => isOurs(entry, url)));
	return true;
}
