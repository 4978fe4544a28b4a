/**
 * Reading a `groups.put` webhook body into one item per applicant. Pure and defensive: the body
 * comes from the network, so anything that is not a well-formed participants event yields no
 * item rather than an error or a half-filled one.
 */

import { describeApplicant, type ApplicantIdentity } from './identifiers';

export const GROUP_ACTIONS = [
	'request',
	'revoke_request',
	'rejected_request',
	'add',
	'remove',
	'promote',
	'demote',
] as const;

/** Bounds the work one call can cause; WhatsApp groups hold at most 1,024 members. */
const MAX_ENTRIES = 100;
const MAX_PARTICIPANTS = 1024;

const GROUP_ID = /^[\d-]{10,31}@g\.us$/;
const CHAT_ID = /^(\d{5,20}(@s\.whatsapp\.net|@c\.us)?|\d{5,25}@lid)$/i;

export interface ParticipantEvent extends ApplicantIdentity {
	groupId: string;
	action: string;
	channelId: string | null;
	receivedAt: string;
}

export interface EventFilter {
	actions: ReadonlySet<string>;
	/** Empty: every group. */
	groups: ReadonlySet<string>;
}

function record(value: unknown): Record<string, unknown> | undefined {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The envelope is `{type, event}` in delivered payloads and `{type, method}` in Whapi's spec. */
function isGroupsPut(body: Record<string, unknown>): boolean {
	const envelope = record(body.event);
	if (envelope === undefined) return body.event === undefined;
	const method = envelope.event ?? envelope.method;
	return envelope.type === 'groups' && (method === 'put' || method === undefined);
}

export function participantEvents(body: unknown, filter: EventFilter, receivedAt: string): ParticipantEvent[] {
	const root = record(body);
	if (!root || !Array.isArray(root.groups_participants) || !isGroupsPut(root)) return [];
	const channelId = typeof root.channel_id === 'string' ? root.channel_id : null;
	const seen = new Set<string>();
	const events: ParticipantEvent[] = [];
	for (const raw of root.groups_participants.slice(0, MAX_ENTRIES)) {
		const entry = record(raw);
		const groupId = entry?.group_id;
		const action = entry?.action;
		if (typeof groupId !== 'string' || !GROUP_ID.test(groupId)) continue;
		if (typeof action !== 'string' || !filter.actions.has(action)) continue;
		if (filter.groups.size > 0 && !filter.groups.has(groupId)) continue;
		if (!Array.isArray(entry?.participants)) continue;
		for (const participant of entry.participants.slice(0, MAX_PARTICIPANTS)) {
			if (typeof participant !== 'string' || !CHAT_ID.test(participant)) continue;
			const identity = describeApplicant(participant);
			// `15550100000` and `15550100000@s.whatsapp.net` are one applicant.
			const key = `${groupId} ${action} ${identity.phone ?? identity.lid}`;
			if (seen.has(key)) continue;
			seen.add(key);
			events.push({ groupId, ...identity, action, channelId, receivedAt });
		}
	}
	return events;
}
