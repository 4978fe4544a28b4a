/**
 * What the group pickers show, read from `GET /groups` pages: the groups where the connected
 * number is an admin first (only there can it decide requests), each labelled by name. Pure.
 */

import { sameApplicant } from '../identifiers';
import { asRecord } from '../records';

export interface GroupSummary {
	id: string;
	name: string;
	/** Whether the connected number is an admin; undefined when Whapi did not say who we are. */
	admin?: boolean;
}

/** The groups of one `GET /groups` answer that can be read; anything else in it is skipped. */
export function summarizeGroups(answer: unknown, ownId: string | undefined): GroupSummary[] {
	const list = asRecord(answer)?.groups;
	if (!Array.isArray(list)) return [];
	const summaries: GroupSummary[] = [];
	for (const entry of list) {
		const group = asRecord(entry);
		if (typeof group?.id !== 'string' || group.id === '') continue;
		const participants = Array.isArray(group.participants) ? group.participants.map(asRecord) : [];
		const own = ownId ? participants.find((p) => typeof p?.id === 'string' && sameApplicant(p.id, ownId)) : undefined;
		summaries.push({
			id: group.id,
			name: typeof group.name === 'string' && group.name.trim() !== '' ? group.name : group.id,
			admin: ownId === undefined ? undefined : own?.rank === 'admin' || own?.rank === 'creator',
		});
	}
	return summaries;
}

/** Admin groups first, then by name; filtered by a case-insensitive search on name or ID. */
export function orderGroups(groups: GroupSummary[], filter?: string): GroupSummary[] {
	const needle = filter?.trim().toLowerCase();
	return groups
		.filter((g) => !needle || g.name.toLowerCase().includes(needle) || g.id.includes(needle))
		.sort((a, b) => Number(b.admin !== false) - Number(a.admin !== false) || a.name.localeCompare(b.name));
}

/** The name shown in the pickers, warning where the channel cannot decide. */
export function label(group: GroupSummary): string {
	return group.admin === false ? `${group.name} (channel is not an admin: cannot decide)` : group.name;
}
