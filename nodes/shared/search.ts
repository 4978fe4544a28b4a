/** The group pickers' methods, shared by the action node (resource locator) and the trigger (multi-select). */

import type { ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { fetchGroups, toListSearchResult, toOptions } from './groups';
import { CREDENTIAL_TYPE, WhapiTransport } from './transport';

/**
 * n8n's editor may ask for the list before it has attached the credential to a new node; an
 * empty list then, instead of an error, lets its reload after the credential show the groups.
 */
function hasCredential(context: ILoadOptionsFunctions): boolean {
	return context.getNode().credentials?.[CREDENTIAL_TYPE] !== undefined;
}

export async function searchGroups(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	if (!hasCredential(this)) return { results: [] };
	return toListSearchResult(await fetchGroups(await WhapiTransport.connect(this)), filter);
}

export async function getGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	if (!hasCredential(this)) return [];
	return toOptions(await fetchGroups(await WhapiTransport.connect(this)));
}
