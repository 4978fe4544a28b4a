import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { resolvePhoneNumbersOption } from '../shared/lidPhones';
import { getGroups } from '../shared/methods/loadOptions';
import { searchGroups } from '../shared/methods/listSearch';
import { maxRequestsPerSecondOption, maxRetriesOption, parallelRequestsOption } from './actions/descriptions';
import * as group from './actions/group';
import * as joinRequest from './actions/joinRequest';
import { router } from './actions/router';

export class WhapiJoinRequests implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Whapi Join Requests',
		name: 'whapiJoinRequests',
		icon: { light: 'file:whapi.svg', dark: 'file:whapi.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ($parameter["resource"] === "group" ? "Group: " : "Join request: ") + $parameter["operation"].charAt(0).toUpperCase() + $parameter["operation"].slice(1).replace(/([A-Z])/g, " $1") }}',
		description:
			'List, accept, reject or decide on requests to join WhatsApp groups, switch join approval and manage invite links, through Whapi.Cloud',
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
				options: [
					{ name: 'Group', value: 'group' },
					{ name: 'Join Request', value: 'joinRequest' },
				],
				default: 'joinRequest',
			},
			...joinRequest.description,
			...group.description,
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
					maxRequestsPerSecondOption,
					maxRetriesOption,
					parallelRequestsOption,
					{ ...resolvePhoneNumbersOption, displayOptions: { show: { '/resource': ['joinRequest'], '/operation': ['list'] } } },
				],
			},
		],
	};

	methods = {
		listSearch: { searchGroups },
		loadOptions: { getGroups },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
