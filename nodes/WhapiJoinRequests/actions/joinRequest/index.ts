/** The Join Request resource: its operation selector, its fields, and one module per operation. */

import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../descriptions';
import * as accept from './accept.operation';
import * as decide from './decide.operation';
import * as list from './list.operation';
import * as reject from './reject.operation';

export const operations = { accept, decide, list, reject };

export const description: INodeProperties[] = [
	operationField(
		'joinRequest',
		[
			{
				name: 'Accept',
				value: 'accept',
				description: 'Let an applicant into the group',
				action: 'Accept join request',
			},
			{
				name: 'Decide',
				value: 'decide',
				description: 'Accept or reject an applicant from one true/false value, such as an allowlist check',
				action: 'Decide on join request',
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
				action: 'Reject join request',
			},
		],
		// List changes nothing: a node dropped in unconfigured never accepts or rejects anyone.
		'list',
	),
	...list.description,
	...accept.description,
	...reject.description,
	...decide.description,
];
