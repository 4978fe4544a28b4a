/** Reading a group's current invite link from Whapi, for Get Invite Link and after a revocation. */

import { NodeApiError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import type { WhapiTransport } from '../../../shared/transport';
import { inviteOutput, readInviteCode, type InviteOutput } from './invite';

export async function readCurrentInvite(
	context: IExecuteFunctions,
	transport: WhapiTransport,
	groupId: string,
	itemIndex: number,
): Promise<InviteOutput> {
	const body = await transport.request({ method: 'GET', path: `/groups/${groupId}/invite`, groupId, itemIndex });
	const code = readInviteCode(body);
	if (code === undefined) {
		const response: JsonObject = body && typeof body === 'object' ? { response: body as JsonObject } : {};
		throw new NodeApiError(context.getNode(), response, {
			message: `Whapi answered without an invite code for group ${groupId}`,
			description: 'Whapi normally answers {"invite_code": "…"}. Run the node again; if this persists, check the channel in the Whapi panel.',
			itemIndex,
		});
	}
	return inviteOutput(groupId, code);
}
