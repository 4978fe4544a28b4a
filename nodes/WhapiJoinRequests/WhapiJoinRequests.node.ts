import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { getGroups, searchGroups } from '../shared/search';
import { WhapiTransport } from '../shared/transport';
import { maxRetriesOption } from './descriptions';
import * as decision from './operations/decision.operation';
import * as list from './operations/list.operation';

export class WhapiJoinRequests implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Whapi Join Requests',
		name: 'whapiJoinRequests',
		icon: { light: 'file:whapi.svg', dark: 'file:whapi.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ "Join request: " + $parameter["operation"].charAt(0).toUpperCase() + $parameter["operation"].slice(1) }}',
		description: 'List, accept, reject or decide on requests to join WhatsApp groups through Whapi.Cloud',
		defaults: { name: 'Whapi Join Requests' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'whapiApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Join Request', value: 'joinRequest' }],
				default: 'joinRequest',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['joinRequest'] } },
				options: [
					{
						name: 'Accept',
						value: 'accept',
						description: 'Let an applicant into the group',
						action: 'Accept a join request',
					},
					{
						name: 'Decide',
						value: 'decide',
						description: 'Accept or reject an applicant from one true/false value, such as an allowlist check',
						action: 'Decide on a join request',
					},
					{
						name: 'List',
						value: 'list',
						description: 'List the requests waiting for approval in a group',
						action: 'List pending join requests',
					},
					{
						name: 'Reject',
						value: 'reject',
						description: 'Turn an applicant away',
						action: 'Reject a join request',
					},
				],
				// List changes nothing: a node dropped in unconfigured never accepts or rejects anyone.
				default: 'list',
			},
			...list.description,
			...decision.description,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Error When Not Pending',
						name: 'failIfNotPending',
						type: 'boolean',
						default: false,
						description:
							'Whether to fail the item when the applicant is no longer waiting (already decided, or withdrew). Off: such an item succeeds with status "not_pending", so deciding twice is harmless.',
						displayOptions: { show: { '/operation': ['accept', 'reject', 'decide'] } },
					},
					maxRetriesOption,
				],
			},
		],
	};

	methods = {
		listSearch: { searchGroups },
		loadOptions: { getGroups },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as string;
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const transport = await WhapiTransport.connect(
			this,
			typeof options.maxRetries === 'number' ? options.maxRetries : undefined,
		);
		const settings: decision.DecisionSettings = {
			fixedApproval: operation === 'accept' ? true : operation === 'reject' ? false : undefined,
			failIfNotPending: options.failIfNotPending === true,
		};

		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				output.push(
					...(operation === 'list'
						? await list.execute.call(this, transport, itemIndex)
						: await decision.execute.call(this, transport, itemIndex, settings)),
				);
			} catch (error) {
				if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
				output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
			}
		}
		return [output];
	}
}

/** Errors from this package already carry the item; anything else gets it attached. */
function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}
