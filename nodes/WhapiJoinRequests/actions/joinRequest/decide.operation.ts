/** Decide: accept or reject from one true/false value per item, such as an allowlist lookup. */

import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WhapiTransport } from '../../../shared/transport';
import type { ItemOptions } from '../options';
import { decide, decisionFields } from './decision';

export const description: INodeProperties[] = [
	...decisionFields('decide'),
	{
		displayName: 'Approve',
		name: 'approve',
		type: 'boolean',
		default: false,
		description: 'Whether to accept the applicant; when false they are rejected',
		hint: 'Usually an expression, such as {{ $json.found }} from an allowlist lookup. Off rejects.',
		displayOptions: { show: { resource: ['joinRequest'], operation: ['decide'] } },
	},
];

export async function execute(this: IExecuteFunctions, transport: WhapiTransport, itemIndex: number, options: ItemOptions): Promise<INodeExecutionData[]> {
	// Approve is read per item by the decision path, after the Group and Applicant it applies to.
	return await decide.call(this, transport, itemIndex, undefined, options);
}
