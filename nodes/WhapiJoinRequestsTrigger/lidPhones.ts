/**
 * The trigger's side of Resolve Phone Numbers. Every join request runs webhook(), so this stays
 * off the common path: for events without an @lid applicant it reads no parameter, decrypts no
 * credential and calls nothing. For the others it makes one call per distinct @lid, without
 * retries and with a short timeout, because Whapi waits for the webhook's answer; and whatever
 * happens the applicant is still delivered, with `phone: null` if the number stays unknown.
 */

import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { LidPhoneResolver } from '../shared/lidPhones';
import { WhapiTransport } from '../shared/transport';
import type { ParticipantEvent } from './events';

const LOOKUP_TIMEOUT_MS = 5_000;

export async function withResolvedPhones(this: IWebhookFunctions, events: ParticipantEvent[]): Promise<ParticipantEvent[]> {
	// An event's applicant is a phone number or an @lid, never both (events.ts): only an @lid has a phone to look up.
	if (!events.some((event) => event.lid !== null)) return events;
	const options = this.getNodeParameter('options', {}) as IDataObject;
	// Off as the action node reads it: false, or the text "false" an expression may yield. A
	// webhook has no item to name in an error, so any other value leaves the lookup on.
	if (options.resolvePhoneNumbers === false || options.resolvePhoneNumbers === 'false') return events;
	let transport: WhapiTransport;
	try {
		transport = await WhapiTransport.connect(this, 0);
	} catch {
		return events;
	}
	return await new LidPhoneResolver(transport, false, LOOKUP_TIMEOUT_MS).fill(events);
}
