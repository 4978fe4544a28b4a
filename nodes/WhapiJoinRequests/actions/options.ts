/**
 * The Options collection: its fields and how they are read. Every option is read for each item,
 * so an expression may give each item its own value, and a value out of range is an error that
 * names the item and the option.
 */

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { GateLimits } from '../../shared/gate';

import { resolvePhoneNumbersOption } from '../../shared/lidPhones';
import { normalizeCountryCode } from '../../shared/phones';
import { DEFAULT_RETRY_POLICY } from '../../shared/retry';
import { readBoolean, readNumber, readWholeNumber, validated } from './inputs';

const MAX_RETRIES_CEILING = 10;
/** Conservative: see the README ("Bulk decisions") for why 5. */
const DEFAULT_PARALLEL_REQUESTS = 5;
const MAX_PARALLEL_REQUESTS = 20;
const forDecisions = { show: { '/operation': ['accept', 'reject', 'decide'] } };

export const optionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Default Country Code',
			name: 'defaultCountryCode',
			type: 'string',
			default: '',
			placeholder: '+44',
			description:
				'Country calling code for applicants written without one, such as 1 (USA, Canada) or +44 (UK): 07911 123456 then becomes +44 7911 123456, the national 0 dropped. Numbers starting with + or 00, chat IDs and digits that already form an international number are used as they are. Empty: a number without its country code is refused.',
			displayOptions: forDecisions,
		},
		{
			displayName: 'Error When Not Pending',
			name: 'failIfNotPending',
			type: 'boolean',
			default: false,
			description:
				'Whether to fail the item when the applicant is no longer waiting (already decided, or withdrew). Off: such an item succeeds with status "not_pending", so deciding twice is harmless.',
			displayOptions: forDecisions,
		},
		{
			displayName: 'Max Requests per Second',
			name: 'maxRequestsPerSecond',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0, numberPrecision: 2 },
			// Read once for the whole execution: it paces the calls of all items together.
			noDataExpression: true,
			description:
				'Start at most this many calls to Whapi per second, spread evenly, for channels that want to stay well below any rate limit. 0 means no limit.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			default: 3,
			typeOptions: { minValue: 0, maxValue: MAX_RETRIES_CEILING },
			description:
				'How many times to retry a call that failed for a temporary reason (rate limit, Whapi server error, dropped connection), waiting longer each time and honouring Retry-After',
		},
		{
			displayName: 'Parallel Requests',
			name: 'parallelRequests',
			type: 'number',
			default: DEFAULT_PARALLEL_REQUESTS,
			typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_REQUESTS },
			// Read once for the whole execution: the calls of all items share one limit.
			noDataExpression: true,
			description:
				"How many calls to Whapi may be in flight at once, across all items (and List's pages). 1 handles one item after another. Output order never changes.",
		},
		{ ...resolvePhoneNumbersOption, displayOptions: { show: { '/resource': ['joinRequest'], '/operation': ['list'] } } },
	],
};

export interface ItemOptions {
	maxRetries: number;
	failIfNotPending: boolean;
	/** Digits of the calling code, or '' when not set. */
	defaultCountryCode: string;
	/** List: fill `phone` for @lid applicants when Whapi knows it; on unless turned off. */
	resolvePhoneNumbers: boolean;
}

export function readOptions(context: IExecuteFunctions, itemIndex: number): ItemOptions {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		maxRetries:
			options.maxRetries === undefined
				? DEFAULT_RETRY_POLICY.maxRetries
				: readWholeNumber(context, itemIndex, 'Max Retries', options.maxRetries, { min: 0, max: MAX_RETRIES_CEILING }),
		failIfNotPending:
			options.failIfNotPending === undefined ? false : readBoolean(context, itemIndex, 'Error When Not Pending', options.failIfNotPending),
		defaultCountryCode: validated(context, itemIndex, 'Default Country Code', () => normalizeCountryCode(options.defaultCountryCode)),
		resolvePhoneNumbers:
			options.resolvePhoneNumbers === undefined ? true : readBoolean(context, itemIndex, 'Resolve Phone Numbers', options.resolvePhoneNumbers),
	};
}

/**
 * Reads the Options for each item, or once when they hold no expression: n8n would then give
 * every item the same value, and evaluating the collection again costs n8n's time per item.
 * A failed read is never kept, so each item still fails with its own index.
 */
export function optionsReader(context: IExecuteFunctions): (itemIndex: number) => ItemOptions {
	if (holdsExpression(context.getNode().parameters.options)) return (itemIndex) => readOptions(context, itemIndex);
	let shared: ItemOptions | undefined;
	return (itemIndex) => (shared ??= readOptions(context, itemIndex));
}

function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (typeof value === 'object' && value !== null) return Object.values(value).some(holdsExpression);
	return false;
}

/** Parallel Requests and Max Requests per Second, read once: they pace the whole execution. */
export function readLimits(context: IExecuteFunctions): GateLimits {
	const { parallelRequests, maxRequestsPerSecond } = context.getNodeParameter('options', 0, {}) as IDataObject;
	const concurrency =
		parallelRequests === undefined
			? DEFAULT_PARALLEL_REQUESTS
			: readWholeNumber(context, 0, 'Parallel Requests', parallelRequests, { min: 1, max: MAX_PARALLEL_REQUESTS });
	const maxPerSecond =
		maxRequestsPerSecond === undefined ? 0 : readNumber(context, 0, 'Max Requests per Second', maxRequestsPerSecond, 0);
	// 0 is no pacing: the gate's own reading of it.
	return { concurrency, maxPerSecond };
}
