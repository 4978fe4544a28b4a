import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { getGroups } from '../shared/methods/loadOptions';
import { searchGroups } from '../shared/methods/listSearch';
import * as group from './actions/group';
import * as joinRequest from './actions/joinRequest';
import { optionsField } from './actions/options';
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
			optionsField,
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
