/**
 * Runs the chosen operation of the chosen resource for every input item: owns the item loop,
 * Continue On Fail and the pairing of each output item with the input item it came from. A new
 * resource is one more entry in `resources`, with an `<operation>.operation.ts` per operation.
 */

import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { WhapiTransport } from '../../shared/transport';
import * as group from './group';
import * as joinRequest from './joinRequest';
import { forEachItem } from './items';
import { optionsReader, readLimits, type ItemOptions } from './options';

type Operation = (
	this: IExecuteFunctions,
	transport: WhapiTransport,
	itemIndex: number,
	options: ItemOptions,
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
	let transport: WhapiTransport;
	try {
		transport = await WhapiTransport.connect(this, undefined, readLimits(this));
	} catch (error) {
		// Without the credential no item can be served: under Continue On Fail each fails alone.
		if (!this.continueOnFail()) throw asNodeError(this, error, 0);
		const message = (error as Error).message;
		return [items.map((_, itemIndex) => ({ json: { error: message }, pairedItem: { item: itemIndex } }))];
	}

	const readOptions = optionsReader(this);
	const perItem = await forEachItem(items.length, transport.concurrency, async (itemIndex) => {
		try {
			const options = readOptions(itemIndex);
			return await run.call(this, transport.withMaxRetries(options.maxRetries), itemIndex, options);
		} catch (error) {
			if (!this.continueOnFail()) {
				// Items read ahead must not call Whapi once this one has failed the execution.
				transport.stopAfter(itemIndex);
				throw asNodeError(this, error, itemIndex);
			}
			return [{ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } }];
		}
	});
	return [perItem.flat()];
}

/** Errors from this package already carry the item; anything else gets it attached. */
function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}
