/** Reject: turn the applicant away. */

import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ItemOptions } from '../options';
import type { WhapiTransport } from '../../../shared/transport';
import { decide, decisionFields } from './decision';

export const description = decisionFields('reject');

export async function execute(this: IExecuteFunctions, transport: WhapiTransport, itemIndex: number, options: ItemOptions): Promise<INodeExecutionData[]> {
	return await decide.call(this, transport, itemIndex, false, options);
}
