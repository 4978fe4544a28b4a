/** Every page of the channel's `GET /groups`, for the group pickers of both nodes. */

import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { readPages, type Page } from '../paging';
import { asRecord } from '../records';
import { CREDENTIAL_TYPE, WhapiTransport } from '../transport';
import { orderGroups, summarizeGroups, type GroupSummary } from './groups';

async function fetchGroups(transport: WhapiTransport): Promise<GroupSummary[]> {
	const health = asRecord(await transport.request({ method: 'GET', path: '/health', qs: { wakeup: false } }));
	const ownId = asRecord(health?.user)?.id;
	const fetchPage = async (offset: number, count: number): Promise<Page<GroupSummary>> => {
		const answer = asRecord(await transport.request({ method: 'GET', path: '/groups', qs: { count, offset } }));
		return {
			entries: summarizeGroups(answer, typeof ownId === 'string' ? ownId : undefined),
			received: Array.isArray(answer?.groups) ? answer.groups.length : 0,
			total: typeof answer?.total === 'number' ? answer.total : undefined,
		};
	};
	return await readPages(fetchPage, { what: "the channel's groups (enter the group ID instead)", key: (group) => group.id });
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
