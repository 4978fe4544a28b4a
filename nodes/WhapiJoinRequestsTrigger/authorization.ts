/**
 * Whether a call to the trigger's webhook comes from Whapi: the one place that decides it. A
 * registered trigger expects the secret it put in its own entry; with Register Webhook off, the
 * Secret parameter, when set. The node answers 401 to a call this refuses and starts nothing.
 */

import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { WhapiTransport } from '../shared/transport';
import { secretKey } from './lifecycle';
import { SECRET_HEADER, entrySecret, secretMatches } from './webhookEntry';
import { peekList } from './webhookList';

/** How long one read of Whapi's entry answers for a trigger, so forged calls cannot cost a call each. */
const REHYDRATE_INTERVAL_MS = 60_000;

/** Per trigger (channel, mode and path): when Whapi was last asked, and the secret it showed. */
const lastReads = new Map<string, { at: number; secret: string | null }>();

export async function authorizeCall(this: IWebhookFunctions): Promise<boolean> {
	const registered = this.getNodeParameter('registerWebhook', true) as boolean;
	const secret = await expectedSecret(this, registered);
	if (secret === undefined) return true;
	return secret !== null && secretMatches(secret, this.getHeaderData()[SECRET_HEADER.toLowerCase()]);
}

/**
 * The secret a call must carry: undefined when none is required (manual mode without one),
 * null when one is required but unknown, which fails closed. Static data normally has it; when
 * n8n ran `create` in another process or context than this call (seen with test webhooks), it
 * is read back from our Whapi entry, recognised by the path this call came in on, at most once
 * a minute per trigger: n8n does not keep static data written by a call answered 401.
 */
async function expectedSecret(context: IWebhookFunctions, registered: boolean): Promise<string | null | undefined> {
	if (!registered) {
		const secret = (context.getNodeParameter('secret', '') as string).trim();
		return secret === '' ? undefined : secret;
	}
	const staticData: IDataObject = context.getWorkflowStaticData('node');
	const key = secretKey(context);
	const known = staticData[key];
	if (typeof known === 'string' && known !== '') return known;
	const path = (context.getRequestObject().path ?? '').replace(/\/+$/, '');
	if (path === '') return null;
	const transport = await WhapiTransport.connect(context);
	const trigger = `${transport.channel} ${key} ${path}`;
	const now = Date.now();
	let last = lastReads.get(trigger);
	if (last === undefined || now - last.at >= REHYDRATE_INTERVAL_MS) {
		const entry = (await peekList(transport))?.find((candidate) => pathOf(candidate?.url).endsWith(path));
		last = { at: now, secret: (entry && entrySecret(entry)) ?? null };
		lastReads.set(trigger, last);
	}
	if (last.secret !== null) staticData[key] = last.secret;
	return last.secret;
}

function pathOf(url: unknown): string {
	try {
		return new URL(String(url)).pathname.replace(/\/+$/, '');
	} catch {
		return '';
	}
}
