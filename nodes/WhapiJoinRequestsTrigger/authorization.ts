/**
 * Whether a call to the trigger's webhook comes from Whapi: the one place that decides it. A
 * registered trigger expects the secret it put in its own entry, checked against the digest
 * static data keeps of it; with Register Webhook off, the Secret parameter, when set. The node
 * answers 401 to a call this refuses and starts nothing.
 */

import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { WhapiTransport } from '../shared/transport';
import { secretKey, storedSecret } from './lifecycle';
import { SECRET_HEADER, entrySecret, isDigest, matchesStored, secretDigest, secretMatches } from './webhookEntry';
import { peekList } from './webhookList';

/** How long one read of Whapi's entry answers for a trigger, so forged calls cannot cost a call each. */
const REHYDRATE_INTERVAL_MS = 60_000;

/** Per trigger (channel, mode and path): when Whapi was last asked, and the digest of the secret it showed. */
const lastReads = new Map<string, { at: number; digest: string | null }>();

export async function authorizeCall(this: IWebhookFunctions): Promise<boolean> {
	const received = this.getHeaderData()[SECRET_HEADER.toLowerCase()];
	if (!(this.getNodeParameter('registerWebhook', true) as boolean)) {
		const secret = (this.getNodeParameter('secret', '') as string).trim();
		return secret === '' || secretMatches(secret, received);
	}
	const staticData: IDataObject = this.getWorkflowStaticData('node');
	const key = secretKey(this);
	let stored = storedSecret(staticData, key);
	if (stored === undefined) {
		const digest = await rehydratedDigest(this, key);
		if (digest === null) return false;
		staticData[key] = digest;
		stored = digest;
	}
	if (!matchesStored(stored, received)) return false;
	// A plain secret kept by an earlier build leaves static data once a call has proved it right.
	if (!isDigest(stored)) staticData[key] = secretDigest(stored);
	return true;
}

/**
 * The digest of the secret a call must carry when static data has none: n8n ran `create` in
 * another process or context than this call (seen with test webhooks), so it is read back from
 * our Whapi entry, recognised by the path this call came in on, at most once a minute per
 * trigger; null when unknown, which fails closed. A call answered 401 does not get it kept:
 * n8n does not save static data then.
 */
async function rehydratedDigest(context: IWebhookFunctions, key: 'secret' | 'testSecret'): Promise<string | null> {
	const path = context.getRequestObject().path.replace(/\/+$/, '');
	if (path === '') return null;
	const transport = await WhapiTransport.connect(context);
	const trigger = `${transport.channel} ${key} ${path}`;
	const now = Date.now();
	let last = lastReads.get(trigger);
	if (last === undefined || now - last.at >= REHYDRATE_INTERVAL_MS) {
		const entry = (await peekList(transport))?.find((candidate) => pathOf(candidate?.url)?.endsWith(path));
		const secret = entry && entrySecret(entry);
		last = { at: now, digest: secret ? secretDigest(secret) : null };
		lastReads.set(trigger, last);
	}
	return last.digest;
}

/** The URL's path (n8n's webhook URLs end without a slash); undefined when it is not a URL. */
function pathOf(url: unknown): string | undefined {
	return URL.canParse(String(url)) ? new URL(String(url)).pathname : undefined;
}
