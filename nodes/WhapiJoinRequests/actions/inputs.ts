/** Reads and validates the per-item identifiers before any call, naming the item and the field on failure. */

import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { normalizeApplicant, normalizeGroupId } from '../../shared/identifiers';

function validated(context: IExecuteFunctions, itemIndex: number, field: string, parse: () => string): string {
	try {
		return parse();
	} catch (error) {
		// Identifier errors and expression errors alike: both are fixed in this field.
		throw new NodeOperationError(context.getNode(), `Invalid ${field} in item ${itemIndex}: ${(error as Error).message}`, {
			itemIndex,
			description: `Fix the ${field} field of this item; nothing was sent to Whapi for it.`,
		});
	}
}

export function readGroupId(context: IExecuteFunctions, itemIndex: number): string {
	return validated(context, itemIndex, 'Group', () =>
		normalizeGroupId(context.getNodeParameter('groupId', itemIndex, '', { extractValue: true })),
	);
}

export function readApplicant(context: IExecuteFunctions, itemIndex: number): string {
	return validated(context, itemIndex, 'Applicant', () => normalizeApplicant(context.getNodeParameter('applicant', itemIndex, '')));
}
