/**
 * Accept, Reject and Decide: one code path with a boolean. Deciding is idempotent: an applicant
 * no longer in the queue (decided already, withdrew, or an event delivered twice) yields
 * `status: "not_pending"` instead of an error, unless the user asks for an error.
 */

import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { isChannelNotFound } from '../../shared/errors';
import { findRefusal, type WhapiTransport } from '../../shared/transport';
import { applicantField, groupField } from '../descriptions';
import { isPending } from '../queue';
import { readApplicant, readGroupId } from '../inputs';

export type Decision = 'accepted' | 'rejected';

const showFor = (operation: string[]) => ({ show: { resource: ['joinRequest'], operation } });

export const description: INodeProperties[] = [
	{ ...groupField, displayOptions: showFor(['accept', 'reject', 'decide']) },
	{ ...applicantField, displayOptions: showFor(['accept', 'reject', 'decide']) },
	{
		displayName: 'Approve',
		name: 'approve',
		type: 'boolean',
		default: false,
		description: 'Whether to accept the applicant; when false they are rejected',
		hint: 'Usually an expression, such as {{ $json.found }} from an allowlist lookup. Off rejects.',
		displayOptions: showFor(['decide']),
	},
];

export interface DecisionSettings {
	/** Fixed for Accept and Reject; undefined for Decide, which reads `approve` per item. */
	fixedApproval?: boolean;
	failIfNotPending: boolean;
}

export async function execute(
	this: IExecuteFunctions,
	transport: WhapiTransport,
	itemIndex: number,
	settings: DecisionSettings,
): Promise<INodeExecutionData[]> {
	const groupId = readGroupId(this, itemIndex);
	const applicant = readApplicant(this, itemIndex);
	const approve = settings.fixedApproval ?? readApproval(this, itemIndex);
	const decision: Decision = approve ? 'accepted' : 'rejected';

	const call = {
		method: approve ? ('POST' as const) : ('DELETE' as const),
		path: `/groups/${groupId}/applications`,
		body: { application: applicant },
		groupId,
		itemIndex,
	};
	const answer = await transport.send(call);
	let status: 'done' | 'not_pending' = 'done';
	if (answer.status >= 300 || findRefusal(answer.body) !== undefined) {
		// Whapi's wording for "not in the queue" is unverified, so ask the queue itself: only a
		// refusal for an applicant who is still pending is a real failure.
		if (!mayMeanNotPending(answer.status, answer.body) || (await isPending(transport, groupId, applicant, itemIndex))) {
			throw transport.failure(call, answer);
		}
		status = 'not_pending';
		if (settings.failIfNotPending) {
			throw new NodeOperationError(this.getNode(), `${applicant} is no longer waiting to join group ${groupId}`, {
				itemIndex,
				description:
					'The request was already accepted or rejected, or the applicant withdrew it. Turn off "Error When Not Pending" to treat this as done.',
			});
		}
	}
	const json: IDataObject = { groupId, applicant, decision, status };
	return [{ json, pairedItem: { item: itemIndex } }];
}

/** Answers that may only say "this applicant is not in the queue"; auth, admin and server errors never do. */
function mayMeanNotPending(status: number, body: unknown): boolean {
	if (status < 300) return true;
	return (status === 400 || status === 404 || status === 409) && !isChannelNotFound(status, body);
}

function readApproval(context: IExecuteFunctions, itemIndex: number): boolean {
	const value = context.getNodeParameter('approve', itemIndex, false) as unknown;
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw new NodeOperationError(context.getNode(), `Approve of item ${itemIndex} must be true or false, not ${JSON.stringify(value)}`, {
		itemIndex,
		description: 'Set Approve to an expression that yields a boolean, such as {{ $json.found === true }}.',
	});
}
