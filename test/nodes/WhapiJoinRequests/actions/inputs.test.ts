import type { IExecuteFunctions } from 'n8n-workflow';

import { readBoolean, readNumber } from '../../../../nodes/WhapiJoinRequests/actions/inputs';
import { fakeNode } from '../../fake-node';

const node = fakeNode();
const context = { getNode: () => node } as unknown as IExecuteFunctions;

describe('readBoolean', () => {
	it('takes booleans, and the texts "true" and "false" both ways', () => {
		expect([true, false, 'true', 'false'].map((value) => readBoolean(context, 0, 'Return All', value))).toEqual([true, false, true, false]);
	});

	it.each([['TRUE'], ['yes'], [''], [1], [null]])('refuses %p, naming the field and the item', (value) => {
		expect(() => readBoolean(context, 2, 'Return All', value)).toThrow(`Invalid Return All in item 2: ${JSON.stringify(value)} is neither true nor false.`);
	});
});

describe('readNumber', () => {
	it('takes the minimum itself, and fractions above it', () => {
		expect([0, 0.5, 12].map((value) => readNumber(context, 0, 'Max Requests per Second', value, 0))).toEqual([0, 0.5, 12]);
	});

	it.each([[-0.01], ['3'], [Number.POSITIVE_INFINITY], [Number.NaN]])('refuses %p, naming the field, the item and the minimum', (value) => {
		expect(() => readNumber(context, 1, 'Max Requests per Second', value, 0)).toThrow(
			`Invalid Max Requests per Second in item 1: ${JSON.stringify(value)} is not a number of 0 or more.`,
		);
	});
});
