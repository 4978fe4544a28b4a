/** The trigger's multi-select of groups to watch. */

import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { channelGroups } from './channelGroups';
import { label } from './groups';

export async function getGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await channelGroups(this)).map((group) => ({ name: label(group), value: group.id, description: group.id }));
}
