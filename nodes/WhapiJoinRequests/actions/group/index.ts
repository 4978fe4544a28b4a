/** The Group resource: settings of a group that shape its join requests, and its invite link. */

import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../descriptions';
import * as getInviteLink from './getInviteLink.operation';
import * as revokeInviteLink from './revokeInviteLink.operation';
import * as setJoinApproval from './setJoinApproval.operation';

export const operations = { getInviteLink, revokeInviteLink, setJoinApproval };

export const description: INodeProperties[] = [
	operationField(
		'group',
		[
			{
				name: 'Get Invite Link',
				value: 'getInviteLink',
				description: 'Get the link people use to ask to join the group',
				action: 'Get group invite link',
			},
			{
				name: 'Revoke Invite Link',
				value: 'revokeInviteLink',
				description: 'Stop the current invite link from working and get the new one',
				action: 'Revoke group invite link',
			},
			{
				name: 'Set Join Approval',
				value: 'setJoinApproval',
				description: 'Turn "Approve new participants" on or off, so join requests wait for approval or not',
				action: 'Set group join approval',
			},
		],
		// Reading the link changes nothing: a node added unconfigured alters no group.
		'getInviteLink',
	),
	...getInviteLink.description,
	...revokeInviteLink.description,
	...setJoinApproval.description,
];
