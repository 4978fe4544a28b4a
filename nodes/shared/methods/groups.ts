/**
 * What the group pickers show, read from `GET /groups` pages: the groups where the connected
 * number is an admin first (only there can it decide requests), each labelled by name. Pure.
 */

import { sameApplicant } from '../identifiers';

export interface GroupSummary {
	id: string;
	name: string;
	/** Whether the connected number is an admin; undefined when Whapi did not say who we are. */
	admin?: boolean;
}

export interface GroupsAnswer {
	groups?: Array<{ id?: unknown; name?: unknown; participants?: Array<{ id?: unknown; rank?: unknown }> }>;
	total?: number;
}

export function summarizeGroups(answer: GroupsAnswer, ownId: string | undefined): GroupSummary[] {
	const summaries: GroupSummary[] = [];
	for (const group of answer.groups ?? []) {
		if (typeof group.id !== 'string') continue;
		const own = ownId ? group.participants?.find((p) => typeof p.id === 'string' && sameApplicant(p.id, ownId)) : undefined;
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
