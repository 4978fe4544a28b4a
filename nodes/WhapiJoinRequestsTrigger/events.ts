/**
 * Reading a `groups.put` webhook body into one item per applicant. Pure and defensive: the body
 * comes from the network, so anything that is not a well-formed participants event yields no
 * item rather than an error or a half-filled one. Nothing is cut: the call is answered 200, so
 * Whapi never delivers a left-out applicant again; n8n's own body size limit bounds the work.
 */

import { isGroupId, readDeliveredChatId, type ApplicantIdentity } from '../shared/identifiers';
import { asRecord } from '../shared/records';

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
	/** The applicants already emitted, per group and action (a group ID holds no space). */
	const seen = new Map<string, Set<string>>();
	const events: ParticipantEvent[] = [];
	for (const raw of root.groups_participants) {
		const entry = asRecord(raw);
		const groupId = entry?.group_id;
		const action = entry?.action;
		if (!isGroupId(groupId)) continue;
		if (typeof action !== 'string' || !filter.actions.has(action)) continue;
		if (filter.groups.size > 0 && !filter.groups.has(groupId)) continue;
		if (!Array.isArray(entry?.participants)) continue;
		const scope = `${groupId} ${action}`;
		const emitted = seen.get(scope) ?? new Set<string>();
		seen.set(scope, emitted);
		for (const participant of entry.participants) {
			const identity = readDeliveredChatId(participant);
			if (identity === undefined) continue;
			// `15550100000` and `15550100000@s.whatsapp.net` are one applicant; an @lid is its own key.
			const key = identity.phone ?? identity.applicant;
			if (emitted.has(key)) continue;
			emitted.add(key);
			const { applicant, phone, lid } = identity;
			events.push({ groupId, applicant, phone, lid, action, channelId, receivedAt });
		}
	}
	return events;
}
