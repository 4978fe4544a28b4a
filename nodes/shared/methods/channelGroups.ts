/** Every page of the channel's `GET /groups`, for the group pickers of both nodes. */

import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { CREDENTIAL_TYPE, MAX_PAGE_SIZE, WhapiTransport } from '../transport';
import { orderGroups, summarizeGroups, type GroupSummary, type GroupsAnswer } from './groups';

async function fetchGroups(transport: WhapiTransport): Promise<GroupSummary[]> {
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

/**
 * The channel's groups, admin groups first. n8n's editor may ask before it has attached the
 * credential to a new node; an empty list then, instead of an error, lets its reload after the
 * credential show the groups.
 */
export async function channelGroups(context: ILoadOptionsFunctions, filter?: string): Promise<GroupSummary[]> {
	if (context.getNode().credentials?.[CREDENTIAL_TYPE] === undefined) return [];
	return orderGroups(await fetchGroups(await WhapiTransport.connect(context)), filter);
}
