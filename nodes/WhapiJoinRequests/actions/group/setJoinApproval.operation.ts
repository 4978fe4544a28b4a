/**
 * Set Join Approval: WhatsApp's "Approve new participants" switch, which decides whether join
 * requests queue up at all. Whapi sets it with `PATCH /groups/{GroupID}`
 * `{"setting":"approve_participants","policy":…}` (spec 1.8.7, UpdateGroupSettingRequest). There a
 * policy says who may do what the setting names: `admins` means only admins let new participants
 * in, so everyone joining by link waits for an admin (approval required); `anyone` means no one
 * needs to, so people join directly (no approval, no queue). Hence true → `admins`, false → `anyone`.
 */

import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WhapiTransport } from '../../../shared/transport';
import { readBoolean, readGroupId } from '../inputs';
import { groupTargetField } from './fields';

const fields: INodeProperties[] = [
	groupTargetField,
	{
		displayName: 'Join Approval Required',
		name: 'joinApprovalRequired',
		type: 'boolean',
		// On by default: a node added unconfigured must never open a moderated group to everyone.
		default: true,
		description:
			'Whether new members must wait for an admin to approve their request ("Approve new participants" in WhatsApp). Off lets anyone with the invite link join directly.',
	},
];

export const description = fields.map((field) => ({
	...field,
	displayOptions: { show: { resource: ['group'], operation: ['setJoinApproval'] } },
}));

export async function execute(this: IExecuteFunctions, transport: WhapiTransport, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = readGroupId(this, itemIndex);
	const joinApprovalRequired = readBoolean(
		this,
		itemIndex,
		'Join Approval Required',
		this.getNodeParameter('joinApprovalRequired', itemIndex, true),
	);
	await transport.request({
		method: 'PATCH',
		path: `/groups/${groupId}`,
		body: { setting: 'approve_participants', policy: joinApprovalRequired ? 'admins' : 'anyone' },
		groupId,
		itemIndex,
	});
	return [{ json: { groupId, joinApprovalRequired }, pairedItem: { item: itemIndex } }];
}
