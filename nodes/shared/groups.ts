/**
 * The channel's groups, for the group pickers of both nodes: every page of `GET /groups`, with
 * the groups where the connected number is an admin first (only there can it decide requests).
 */

import type { INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { MAX_PAGE_SIZE, sameApplicant } from './applications';
import type { WhapiTransport } from './transport';

export interface GroupSummary {
	id: string;
	name: string;
	/** Whether the connected number is an admin; undefined when Whapi did not say who we are. */
	admin?: boolean;
}

interface GroupsAnswer {
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

function label(group: GroupSummary): string {
	return group.admin === false ? `${group.name} (channel is not an admin: cannot decide)` : group.name;
}

export async function fetchGroups(transport: WhapiTransport): Promise<GroupSummary[]> {
	const health = await transport.request<{ user?: { id?: unknown } }>({
		method: 'GET',
		path: '/health',
		qs: { wakeup: false },
	});
	const ownId = typeof health?.user?.id === 'string' ? health.user.id : undefined;
	const groups: GroupSummary[] = [];
	for (let offset = 0; ; ) {
		const answer = await transport.request<GroupsAnswer>({
			method: 'GET',
			path: '/groups',
			qs: { count: MAX_PAGE_SIZE, offset },
		});
		const page = summarizeGroups(answer, ownId);
		groups.push(...page);
		offset += answer.groups?.length ?? 0;
		const total = typeof answer.total === 'number' ? answer.total : undefined;
		if (!answer.groups?.length || (total !== undefined ? offset >= total : answer.groups.length < MAX_PAGE_SIZE)) {
			return groups;
		}
	}
}

export function toListSearchResult(groups: GroupSummary[], filter?: string): INodeListSearchResult {
	return { results: orderGroups(groups, filter).map((g) => ({ name: label(g), value: g.id })) };
}

export function toOptions(groups: GroupSummary[]): INodePropertyOptions[] {
	return orderGroups(groups).map((g) => ({ name: label(g), value: g.id, description: g.id }));
}
