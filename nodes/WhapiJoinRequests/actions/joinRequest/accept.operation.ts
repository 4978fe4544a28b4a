/** Accept: let the applicant into the group. */

import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ItemOptions } from '../options';
import type { WhapiTransport } from '../../../shared/transport';
import { decide, decisionFields } from './decision';

export const description = decisionFields('accept');

export async function execute(this: IExecuteFunctions, transport: WhapiTransport, itemIndex: number, options: ItemOptions): Promise<INodeExecutionData[]> {
	return await decide.call(this, transport, itemIndex, true, options);
}
