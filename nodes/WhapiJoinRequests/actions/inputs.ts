/**
 * Reads and validates parameters before any call, naming the item and the field on failure.
 * Expressions bypass the editor's own checks (required, min/max, types), so every value is checked here.
 */

import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { normalizeApplicant, normalizeGroupId } from '../../shared/identifiers';

export function validated<T>(context: IExecuteFunctions, itemIndex: number, field: string, parse: () => T): T {
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

export function readApplicant(context: IExecuteFunctions, itemIndex: number, defaultCountryCode: string): string {
	return validated(context, itemIndex, 'Applicant', () =>
		normalizeApplicant(context.getNodeParameter('applicant', itemIndex, ''), defaultCountryCode),
	);
}

/** A whole number from `min` to `max`. */
export function readWholeNumber(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
	{ min, max = Number.MAX_SAFE_INTEGER }: { min: number; max?: number },
): number {
	return validated(context, itemIndex, field, () => {
		if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
			const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
			throw new Error(`${JSON.stringify(value)} is not a whole number ${range}.`);
		}
		return value;
	});
}

/** true or false; the strings "true" and "false" from an expression count as well. */
export function readBoolean(context: IExecuteFunctions, itemIndex: number, field: string, value: unknown): boolean {
	return validated(context, itemIndex, field, () => {
		if (typeof value === 'boolean') return value;
		if (value === 'true' || value === 'false') return value === 'true';
		throw new Error(`${JSON.stringify(value)} is neither true nor false.`);
	});
}

/** A number (fractions allowed) of `min` or more. */
export function readNumber(context: IExecuteFunctions, itemIndex: number, field: string, value: unknown, min: number): number {
	return validated(context, itemIndex, field, () => {
		if (typeof value !== 'number' || !Number.isFinite(value) || value < min) throw new Error(`${JSON.stringify(value)} is not a number of ${min} or more.`);
		return value;
	});
}
