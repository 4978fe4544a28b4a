/** Fields shared by several operations of the Whapi Join Requests node. */

import type { INodeProperties } from 'n8n-workflow';

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

export const maxRetriesOption: INodeProperties = {
	displayName: 'Max Retries',
	name: 'maxRetries',
	type: 'number',
	default: 3,
	typeOptions: { minValue: 0, maxValue: 10 },
	description:
		'How many times to retry a call that failed for a temporary reason (rate limit, Whapi server error, dropped connection), waiting longer each time and honouring Retry-After',
};

/** Conservative: see the README ("Bulk decisions") for why 5. */
export const DEFAULT_PARALLEL_REQUESTS = 5;
export const MAX_PARALLEL_REQUESTS = 20;

export const parallelRequestsOption: INodeProperties = {
	displayName: 'Parallel Requests',
	name: 'parallelRequests',
	type: 'number',
	default: DEFAULT_PARALLEL_REQUESTS,
	typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_REQUESTS },
	description:
		'How many calls to Whapi may be in flight at once, across all items (and List\'s pages). 1 handles one item after another. Output order never changes.',
};

export const maxRequestsPerSecondOption: INodeProperties = {
	displayName: 'Max Requests per Second',
	name: 'maxRequestsPerSecond',
	type: 'number',
	default: 0,
	typeOptions: { minValue: 0, numberPrecision: 2 },
	description: 'Start at most this many calls to Whapi per second, spread evenly, for channels that want to stay well below any rate limit. 0 means no limit.',
};
