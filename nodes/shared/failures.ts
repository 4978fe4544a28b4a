/**
 * The NodeApiErrors of failed Whapi calls: what Whapi answered or why it could not be reached,
 * what to fix, the item index, and the applicant a failed decision leaves waiting. Errors of
 * calls that may have taken effect although no answer said so are marked (`outcomeUnknown`),
 * so that a decision can ask the queue before it reports a failure.
 */

import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { describeWhapiError, findRefusal } from './errors';
import type { WhapiAnswer, WhapiCall } from './transport';

const unknownOutcomes = new WeakSet<object>();

/**
 * Whether a call that ended in this error may still have taken effect: its connection dropped
 * or timed out after the request went out, or an earlier attempt's answer was lost.
 */
export function outcomeUnknown(error: unknown): boolean {
	return typeof error === 'object' && error !== null && unknownOutcomes.has(error);
}

/** The error for a failed answer: Whapi's code and message, and what the user should fix. */
export function answerFailure(node: INode, call: WhapiCall, answer: WhapiAnswer): NodeApiError {
	const refusal = answer.status < 300 ? findRefusal(answer.body) : undefined;
	const described =
		refusal !== undefined
			? {
					message: `Whapi did not carry out the request: ${refusal}`,
					description: 'Whapi answered HTTP 200 with success: false. Check the Group and Applicant of this item.',
				}
			: describeWhapiError(answer.status, answer.body, { groupId: call.groupId });
	const response: JsonObject = answer.body && typeof answer.body === 'object' ? { response: answer.body as JsonObject } : {};
	return new NodeApiError(node, response, {
		message: withApplicant(described.message, call),
		description: described.description,
		httpCode: String(answer.status),
		itemIndex: call.itemIndex,
	});
}

export interface Unreachable {
	baseUrl: string;
	defaultBaseUrl: string;
	/** The network error code (ECONNRESET, ETIMEDOUT, …), when there is one. */
	code: string | undefined;
	error: unknown;
	outcomeUnknown: boolean;
}

/** The error when Whapi gave no answer at all, after the retries. */
export function unreachableFailure(node: INode, call: WhapiCall, what: Unreachable): NodeApiError {
	// The request's own error is not passed on whole: its config holds the Authorization header.
	const reason = what.code ?? (what.error instanceof Error ? what.error.message : 'unknown error');
	const failure = new NodeApiError(
		node,
		{ code: what.code ?? 'UNKNOWN' },
		{
			message: withApplicant(`Could not reach Whapi at ${what.baseUrl} (${reason})`, call),
			// n8n replaces the message of a dropped connection with its own words: the description
			// keeps the applicant too.
			description: withApplicant(
				`Check the Base URL in the Whapi API credential (normally ${what.defaultBaseUrl}) and that this n8n can reach it.`,
				call,
			),
			itemIndex: call.itemIndex,
		},
	);
	if (what.outcomeUnknown) unknownOutcomes.add(failure);
	return failure;
}

/** Names the applicant of a failed decision, so that a failed execution says whom to decide again. */
function withApplicant(message: string, call: WhapiCall): string {
	return call.applicant === undefined ? message : `${message} (applicant ${call.applicant})`;
}
