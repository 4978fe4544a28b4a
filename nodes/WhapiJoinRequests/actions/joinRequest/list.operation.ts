/** List: the pending join requests of a group, one output item per applicant. */

import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { phoneResolverFor } from '../../../shared/lidPhones';
import type { WhapiTransport } from '../../../shared/transport';
import type { ItemOptions } from '../options';
import { groupField } from '../descriptions';
import { readBoolean, readGroupId, readWholeNumber } from '../inputs';
import { readPending } from './queue';

const showForList = { show: { resource: ['joinRequest'], operation: ['list'] } };

export const description: INodeProperties[] = [
	{ ...groupField, displayOptions: showForList },
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: showForList,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		description: 'Max number of results to return',
		displayOptions: { show: { ...showForList.show, returnAll: [false] } },
	},
];

export async function execute(
	this: IExecuteFunctions,
	transport: WhapiTransport,
	itemIndex: number,
	options: ItemOptions,
): Promise<INodeExecutionData[]> {
	const groupId = readGroupId(this, itemIndex);
	const returnAll = readBoolean(this, itemIndex, 'Return All', this.getNodeParameter('returnAll', itemIndex, false));
	const wanted = returnAll ? undefined : readWholeNumber(this, itemIndex, 'Limit', this.getNodeParameter('limit', itemIndex, 50), { min: 1 });
	const pending = await readPending(transport, groupId, itemIndex, wanted);
	const requests = options.resolvePhoneNumbers ? await phoneResolverFor(transport).fill(pending, itemIndex) : pending;
	return requests.map((request) => ({ json: { ...request } as IDataObject, pairedItem: { item: itemIndex } }));
}
