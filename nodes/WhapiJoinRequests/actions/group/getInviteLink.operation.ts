/** Get Invite Link: the group's current `https://chat.whatsapp.com/<code>` link. */

import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WhapiTransport } from '../../../shared/transport';
import { readGroupId } from '../inputs';
import { groupTargetField } from './fields';
import { readCurrentInvite } from './currentInvite';

export const description: INodeProperties[] = [
	{ ...groupTargetField, displayOptions: { show: { resource: ['group'], operation: ['getInviteLink'] } } },
];

export async function execute(this: IExecuteFunctions, transport: WhapiTransport, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = readGroupId(this, itemIndex);
	const json = await readCurrentInvite(this, transport, groupId, itemIndex);
	return [{ json, pairedItem: { item: itemIndex } }];
}
