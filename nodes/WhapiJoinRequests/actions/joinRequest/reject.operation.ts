/** Reject: turn the applicant away. */

import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OperationOptions } from '../router';
import type { WhapiTransport } from '../../../shared/transport';
import { decide, decisionFields } from './decision';

export const description = decisionFields('reject');

export async function execute(this: IExecuteFunctions, transport: WhapiTransport, itemIndex: number, options: OperationOptions): Promise<INodeExecutionData[]> {
	return await decide.call(this, transport, itemIndex, false, options);
}
