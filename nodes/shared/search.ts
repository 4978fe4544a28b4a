/** The group pickers' methods, shared by the action node (resource locator) and the trigger (multi-select). */

import type { ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { fetchGroups, toListSearchResult, toOptions } from './groups';
import { WhapiTransport } from './transport';

export async function searchGroups(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return toListSearchResult(await fetchGroups(await WhapiTransport.connect(this)), filter);
}

export async function getGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return toOptions(await fetchGroups(await WhapiTransport.connect(this)));
}
