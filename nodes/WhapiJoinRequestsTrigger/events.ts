/**
 * Reading a `groups.put` webhook body into one item per applicant. Pure and defensive: the body
 * comes from the network, so anything that is not a well-formed participants event yields no
 * item rather than an error or a half-filled one.
 */

import { describeApplicant, isChatId, isGroupId, type ApplicantIdentity } from '../shared/identifiers';
import { asRecord } from '../shared/records';

/** Bounds the work one call can cause; WhatsApp groups hold at most 1,024 members. */
const MAX_ENTRIES = 100;
const MAX_PARTICIPANTS = 1024;


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

/** The envelope is `{type, event}` in delivered payloads and `{type, method}` in Whapi's spec. */
function isGroupsPut(body: Record<string, unknown>): boolean {
	const envelope = asRecord(body.event);
	if (envelope === undefined) return body.event === undefined;
	const method = envelope.event ?? envelope.method;
	return envelope.type === 'groups' && (method === 'put' || method === undefined);
}

export function participantEvents(body: unknown, filter: EventFilter, receivedAt: string): ParticipantEvent[] {
	const root = asRecord(body);
	if (!root || !Array.isArray(root.groups_participants) || !isGroupsPut(root)) return [];
	const channelId = typeof root.channel_id === 'string' ? root.channel_id : null;
	const seen = new Set<string>();
	const events: ParticipantEvent[] = [];
	for (const raw of root.groups_participants.slice(0, MAX_ENTRIES)) {
		const entry = asRecord(raw);
		const groupId = entry?.group_id;
		const action = entry?.action;
		if (!isGroupId(groupId)) continue;
		if (typeof action !== 'string' || !filter.actions.has(action)) continue;
		if (filter.groups.size > 0 && !filter.groups.has(groupId)) continue;
		if (!Array.isArray(entry?.participants)) continue;
		for (const participant of entry.participants.slice(0, MAX_PARTICIPANTS)) {
			if (!isChatId(participant)) continue;
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
