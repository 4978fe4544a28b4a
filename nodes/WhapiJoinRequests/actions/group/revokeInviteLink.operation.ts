/**
 * Revoke Invite Link: the current link stops working and WhatsApp makes a new one, which is the
 * output. The spec's answer to the revocation is only `{"success":true}`, so unless it carries the
 * new code, the link is read again. Revoking twice (a retry, a re-run) only rotates once more.
 */

import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WhapiTransport } from '../../../shared/transport';
import { readGroupId } from '../inputs';
import { groupTargetField } from './fields';
import { readCurrentInvite } from './currentInvite';
import { inviteOutput, readInviteCode } from './invite';

export const description: INodeProperties[] = [
	{ ...groupTargetField, displayOptions: { show: { resource: ['group'], operation: ['revokeInviteLink'] } } },
];

export async function execute(this: IExecuteFunctions, transport: WhapiTransport, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = readGroupId(this, itemIndex);
	const answer = await transport.request({ method: 'DELETE', path: `/groups/${groupId}/invite`, groupId, itemIndex });
	const carried = readInviteCode(answer);
	const json = carried ? inviteOutput(groupId, carried) : await readCurrentInvite(this, transport, groupId, itemIndex);
	return [{ json, pairedItem: { item: itemIndex } }];
}
