/**
 * The webhook lifecycle, told as a story: `checkExists` finds our entry by URL, re-hydrates the
 * digest of its secret into static data and repairs drift; `create` adds our entry with a fresh
 * secret; `delete` removes only our entries. Every other entry of the channel is written back
 * untouched (webhookList.ts says how, and what no client can prevent). Static data keeps only a
 * digest of each secret (webhookEntry.ts says why), the production and the test one apart, so
 * "Listen for test event" never disturbs a published workflow; wherever Whapi shows the header
 * masked, that digest is all that tells a right call from a forged one.
 */

import { NodeOperationError, type IDataObject, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';

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
	isDigest,
	isOurs,
	newSecret,
	secretDigest,
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

/** What static data keeps for this mode: a digest, or a plain secret from an earlier build. */
export function storedSecret(staticData: IDataObject, key: 'secret' | 'testSecret'): string | undefined {
	const stored = staticData[key];
	return typeof stored === 'string' && stored !== '' ? stored : undefined;
}

/** Our entry is in the list, right, alone, and carries this secret or a masked one (undefined: a masked one). */
function registered(list: WebhookEntry[], url: string, secret: string | undefined): boolean {
	const entry = findEntry(list, url);
	if (entry === undefined || entryDrifted(entry) || hasStaleEntry(list, url)) return false;
	return secret === undefined ? secretIsMasked(entry) : carriesSecret(entry, secret);
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
	const key = secretKey(this);
	const stored = storedSecret(staticData, key);
	const masked = secretIsMasked(entry);
	// A masked header says nothing; a plain secret an earlier build kept can still be written back.
	const known = entrySecret(entry) ?? (masked && stored !== undefined && !isDigest(stored) ? stored : undefined);
	if (known !== undefined) {
		if (!registered(list, url, known)) await putEntry(this, transport, url, known);
		const digest = secretDigest(known);
		if (stored !== digest) staticData[key] = digest;
		return true;
	}
	if (masked && stored !== undefined && registered(list, url, undefined)) return true;
	// The old secret cannot be written back (static data has only its digest; Whapi shows a mask or
	// nothing), so the entry gets a new one. Safe because the secret lives in the entry: Whapi sends
	// each delivery with the entry's headers and retries, with back-off, every one not answered 200,
	// so an event sent with the old secret during the switch is answered 401 and comes again with
	// the new one. Unverified: whether a retry takes the headers the entry has then or those of its
	// first attempt; if the latter, that event never gets through, and its applicant stays in
	// Whapi's pending queue until the backlog sweep decides them.
	const secret = newSecret();
	await putEntry(this, transport, url, secret);
	staticData[key] = secretDigest(secret);
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
	this.getWorkflowStaticData('node')[secretKey(this)] = secretDigest(secret);
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
