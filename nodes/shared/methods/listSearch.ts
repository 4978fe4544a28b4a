/** The resource locator's "From List" mode of the action node's Group: searchable by name or ID. */

import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { channelGroups } from './channelGroups';
import { label } from './groups';

export async function searchGroups(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return { results: (await channelGroups(this, filter)).map((group) => ({ name: label(group), value: group.id })) };
}
