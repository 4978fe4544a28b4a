/**
 * Filling `phone` for applicants WhatsApp shows only as `<digits>@lid`, when Whapi knows the
 * number behind it (`GET /contacts/ids/{lid}`). Best effort by design: whether WhatsApp shared the
 * number is outside the user's control, so "unknown" in any form (404, an empty or unexpected
 * answer, a failed call) leaves `phone: null` and never fails the item. One call per distinct
 * @lid, none for other applicants, each answer kept for the rest of the execution.
 */

import type { INodeProperties } from 'n8n-workflow';

import { phoneFromLidAnswer } from './contacts';
import { isChannelNotFound } from './errors';
import { deliveredLidDigits, type ApplicantIdentity } from './identifiers';
import type { WhapiCall, WhapiTransport } from './transport';

/** A broken credential is no "unknown phone": the user has to fix it, as for any other call. */
function isAuthFailure(status: number, body: unknown): boolean {
	return status === 401 || status === 402 || isChannelNotFound(status, body);
}

export class LidPhoneResolver {
	private readonly phones = new Map<string, Promise<string | null>>();

	/**
	 * The trigger passes `failOnAuth` false, as a webhook must answer 200 whatever Whapi says, and
	 * a short `timeoutMs`, as Whapi waits for that answer.
	 */
	constructor(
		private readonly transport: WhapiTransport,
		private readonly failOnAuth = true,
		private readonly timeoutMs?: number,
	) {}

	/** The phone digits behind an @lid, or null when Whapi does not know them. */
	async phoneOf(lid: string, itemIndex?: number): Promise<string | null> {
		const key = lid.toLowerCase();
		if (deliveredLidDigits(key) === null) return null;
		let phone = this.phones.get(key);
		if (phone === undefined) {
			phone = this.lookUp(key, itemIndex);
			this.phones.set(key, phone);
		}
		return await phone;
	}

	/** The same items with `phone` filled in for each @lid applicant Whapi knows; `applicant` and `lid` stay. */
	async fill<T extends ApplicantIdentity>(items: T[], itemIndex?: number): Promise<T[]> {
		const filled: T[] = [];
		for (const item of items) {
			filled.push(item.lid === null ? item : { ...item, phone: await this.phoneOf(item.lid, itemIndex) });
		}
		return filled;
	}

	private async lookUp(lid: string, itemIndex?: number): Promise<string | null> {
		const call: WhapiCall = { method: 'GET', path: `/contacts/ids/${lid}`, itemIndex, timeoutMs: this.timeoutMs };
		let answer;
		try {
			answer = await this.transport.send(call);
		} catch {
			// Whapi unreachable even after the transport's retries: the phone stays unknown.
			return null;
		}
		if (answer.status < 300) return phoneFromLidAnswer(lid, answer.body);
		if (this.failOnAuth && isAuthFailure(answer.status, answer.body)) throw this.transport.failure(call, answer);
		return null;
	}
}

const resolvers = new WeakMap<WhapiTransport, LidPhoneResolver>();

/** One resolver per transport, hence per execution: an @lid met in several items is asked once. */
export function phoneResolverFor(transport: WhapiTransport): LidPhoneResolver {
	let resolver = resolvers.get(transport);
	if (resolver === undefined) {
		resolver = new LidPhoneResolver(transport);
		resolvers.set(transport, resolver);
	}
	return resolver;
}

/** The option both nodes offer; on by default, as a missing option means on. */
export const resolvePhoneNumbersOption: INodeProperties = {
	displayName: 'Resolve Phone Numbers',
	name: 'resolvePhoneNumbers',
	type: 'boolean',
	default: true,
	description:
		'Whether to ask Whapi for the phone number behind each applicant WhatsApp shows only as an @lid, one call per such applicant, to fill in "phone". It stays empty when WhatsApp has not shared the number.',
};
