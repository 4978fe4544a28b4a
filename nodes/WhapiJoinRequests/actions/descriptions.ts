/** Fields shared by several operations of the Whapi Join Requests node. */

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

export const groupField: INodeProperties = {
	displayName: 'Group',
	name: 'groupId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The WhatsApp group whose join requests to handle. Groups where the connected number is an admin come first.',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchGroups', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '120363012345678901@g.us',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^\\s*[\\d-]{10,31}(@g\\.us)?\\s*$',
						errorMessage: 'Enter a group ID: 10 to 31 digits, optionally followed by @g.us',
					},
				},
			],
		},
	],
};

export const applicantField: INodeProperties = {
	displayName: 'Applicant',
	name: 'applicant',
	type: 'string',
	default: '',
	required: true,
	placeholder: '+1 555 010 0000',
	description:
		'Who asked to join: a phone number with country code in any common format, or a chat ID such as 15550100000@s.whatsapp.net or 123456789@lid',
};

/** A resource's Operation selector; `fallback` is what a node added unconfigured does. */
export function operationField(resource: string, options: INodePropertyOptions[], fallback: string): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: fallback,
	};
}
