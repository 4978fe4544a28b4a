/**
 * The one decision path behind Accept, Reject and Decide. Deciding is idempotent: an applicant
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

import { findRefusal, isChannelNotFound } from '../../../shared/errors';
import { outcomeUnknown } from '../../../shared/failures';
import type { WhapiAnswer, WhapiCall, WhapiTransport } from '../../../shared/transport';
import { applicantField, groupField } from '../descriptions';
import { readApplicant, readGroupId } from '../inputs';
import type { ItemOptions } from '../options';
import { isPending } from './queue';

export type Decision = 'accepted' | 'rejected';

/** Group and Applicant, shown for one deciding operation. */
export function decisionFields(operation: string): INodeProperties[] {
	const displayOptions = { show: { resource: ['joinRequest'], operation: [operation] } };
	return [
		{ ...groupField, displayOptions },
		{ ...applicantField, displayOptions },
	];
}

/** Accept (`true`), Reject (`false`) or Decide (`undefined`: the item's Approve). */
export async function decide(
	this: IExecuteFunctions,
	transport: WhapiTransport,
	itemIndex: number,
	fixedApproval: boolean | undefined,
	options: ItemOptions,
): Promise<INodeExecutionData[]> {
	const groupId = readGroupId(this, itemIndex);
	const applicant = readApplicant(this, itemIndex, options.defaultCountryCode);
	const approve = fixedApproval ?? readApproval(this, itemIndex);
	const decision: Decision = approve ? 'accepted' : 'rejected';

	const call: DecisionCall = {
		method: approve ? ('POST' as const) : ('DELETE' as const),
		path: `/groups/${groupId}/applications`,
		body: { application: applicant },
		groupId,
		applicant,
		itemIndex,
	};
	const answer = await sendOrSettle(transport, call);
	let status: 'done' | 'not_pending' = 'done';
	if (answer !== 'decided' && (answer.status >= 300 || findRefusal(answer.body) !== undefined)) {
		// Whapi's wording for "not in the queue" is unverified, and an answer may have been lost
		// after the decision took effect: ask the queue itself. Only an applicant still pending
		// is a real failure.
		const mayBeDone = mayMeanNotPending(answer.status, answer.body) || answer.afterLostAnswer;
		if (!mayBeDone || (await stillPending(transport, call)) !== false) throw transport.failure(call, answer);
		// After an attempt whose answer was lost, the applicant is gone most likely because that
		// attempt decided them: this execution did, whatever the retry heard.
		if (!answer.afterLostAnswer) status = 'not_pending';
		if (status === 'not_pending' && options.failIfNotPending) {
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

type DecisionCall = WhapiCall & { groupId: string; applicant: string; itemIndex: number };

/**
 * Whapi's answer, or `decided` when no answer came back (retries ran out on dropped connections
 * or timeouts) but the applicant has left the queue: the lost attempts decided them.
 */
async function sendOrSettle(transport: WhapiTransport, call: DecisionCall): Promise<WhapiAnswer | 'decided'> {
	// The transport's own NodeApiError, naming the applicant, is what the user sees otherwise.
	let failure: unknown;
	try {
		return await transport.send(call);
	} catch (error) {
		failure = error;
	}
	if (outcomeUnknown(failure) && (await stillPending(transport, call)) === false) return 'decided';
	throw failure;
}

/** Whether the applicant still waits; `undefined` when the queue cannot be read either. */
async function stillPending(transport: WhapiTransport, call: DecisionCall): Promise<boolean | undefined> {
	try {
		return await isPending(transport, call.groupId, call.applicant, call.itemIndex);
	} catch {
		return undefined;
	}
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
