/**
 * Whether a call to the trigger's webhook comes from Whapi: the one place that decides it. A
 * registered trigger expects the secret it put in its own entry; with Register Webhook off, the
 * Secret parameter, when set. The node answers 401 to a call this refuses and starts nothing.
 */

import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { WhapiTransport } from '../shared/transport';
import { readList, secretKey } from './lifecycle';
import { SECRET_HEADER, entrySecret, secretMatches } from './webhookEntry';

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
 * is read back once from our Whapi entry, recognised by the path this call came in on.
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
	const entry = (await readList(transport)).find((candidate) => pathOf(candidate.url).endsWith(path));
	const secret = entry ? entrySecret(entry) : undefined;
	if (secret === undefined) return null;
	staticData[key] = secret;
	return secret;
}

function pathOf(url: unknown): string {
	try {
		return new URL(String(url)).pathname.replace(/\/+$/, '');
	} catch {
		return '';
	}
}
