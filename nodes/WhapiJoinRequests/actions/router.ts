/**
 * Runs the chosen operation of the chosen resource for every input item: owns the item loop,
 * Continue On Fail and the pairing of each output item with the input item it came from. A new
 * resource is one more entry in `resources`, with an `<operation>.operation.ts` per operation.
 */

import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import type { GateLimits } from '../../shared/gate';
import { WhapiTransport } from '../../shared/transport';
import { DEFAULT_PARALLEL_REQUESTS, MAX_PARALLEL_REQUESTS } from './descriptions';
import * as group from './group';
import { readBoolean, readNumber, readWholeNumber } from './inputs';
import { forEachItem } from './items';
import * as joinRequest from './joinRequest';

export interface OperationOptions {
	failIfNotPending: boolean;
	/** List: fill `phone` for @lid applicants when Whapi knows it; on unless turned off. */
	resolvePhoneNumbers: boolean;
}

type Operation = (
	this: IExecuteFunctions,
	transport: WhapiTransport,
	itemIndex: number,
	options: OperationOptions,
) => Promise<INodeExecutionData[]>;

const resources: Record<string, Record<string, { execute: Operation }>> = {
	joinRequest: joinRequest.operations,
	group: group.operations,
};

function operationOf(context: IExecuteFunctions, resource: string, operation: string): Operation {
	const operations = Object.prototype.hasOwnProperty.call(resources, resource) ? resources[resource] : {};
	if (!Object.prototype.hasOwnProperty.call(operations, operation)) {
		throw new NodeOperationError(context.getNode(), `The operation "${operation}" of resource "${resource}" is not supported`, {
			description: 'Open the node and pick the resource and operation again.',
		});
	}
	return operations[operation].execute;
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0, 'joinRequest') as string;
	const run = operationOf(this, resource, this.getNodeParameter('operation', 0, '') as string);
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const maxRetries = options.maxRetries === undefined ? undefined : readWholeNumber(this, 0, 'Max Retries', options.maxRetries, { min: 0, max: 10 });
	const operationOptions: OperationOptions = {
		failIfNotPending: options.failIfNotPending === undefined ? false : readBoolean(this, 0, 'Error When Not Pending', options.failIfNotPending),
		resolvePhoneNumbers:
			options.resolvePhoneNumbers === undefined ? true : readBoolean(this, 0, 'Resolve Phone Numbers', options.resolvePhoneNumbers),
	};
	const transport = await WhapiTransport.connect(this, maxRetries, limitsOf(this, options));

	const perItem = await forEachItem(items.length, transport.concurrency, async (itemIndex) => {
		try {
			return await run.call(this, transport, itemIndex, operationOptions);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			return [{ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } }];
		}
	});
	return [perItem.flat()];
}

/** Parallel Requests and Max Requests per Second, read once: they pace the whole execution. */
function limitsOf(context: IExecuteFunctions, options: IDataObject): GateLimits {
	const { parallelRequests, maxRequestsPerSecond } = options;
	const concurrency =
		parallelRequests === undefined
			? DEFAULT_PARALLEL_REQUESTS
			: readWholeNumber(context, 0, 'Parallel Requests', parallelRequests, { min: 1, max: MAX_PARALLEL_REQUESTS });
	const maxPerSecond = maxRequestsPerSecond === undefined ? 0 : readNumber(context, 0, 'Max Requests per Second', maxRequestsPerSecond, 0);
	return { concurrency, maxPerSecond: maxPerSecond > 0 ? maxPerSecond : undefined };
}

/** Errors from this package already carry the item; anything else gets it attached. */
function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}
