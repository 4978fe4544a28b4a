/**
 * The node's own output, read before n8n-core sees it: n8n-core fills `pairedItem` in by index
 * when inputs and outputs line up one to one, which would hide an item the node left unpaired.
 * The context is a minimal stand-in for n8n's execute functions; Whapi's answers are scripted.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { router } from '../../../../nodes/WhapiJoinRequests/actions/router';

const GROUP = '120363000000000001@g.us';

interface Script {
	/** The parameters of each item. */
	items: IDataObject[];
	continueOnFail?: boolean;
	/** Whapi's answer to each request, in order. */
	answer: (options: IHttpRequestOptions) => { statusCode: number; body: unknown };
}

async function run({ items, continueOnFail = false, answer }: Script) {
	const sent: IHttpRequestOptions[] = [];
	const context = {
		getInputData: () => items.map((json) => ({ json })),
		getNodeParameter: (name: string, itemIndex: number, fallback: unknown) =>
			({ resource: 'joinRequest', groupId: GROUP, options: {}, ...items[itemIndex] })[name] ?? fallback,
		getNode: () => ({ id: '1', name: 'Whapi', type: 'whapiJoinRequests', typeVersion: 1, position: [0, 0], parameters: {} }),
		continueOnFail: () => continueOnFail,
		getCredentials: async () => ({ token: 'tok', baseUrl: 'http://127.0.0.1:1' }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				sent.push(options);
				return { headers: {}, ...answer(options) };
			},
		},
	} as unknown as IExecuteFunctions;
	const [output] = await router.call(context);
	return { output, sent };
}

const done = (options: IHttpRequestOptions) => ({
	statusCode: 200,
	body: [{ chatId: (options.body as IDataObject).application, success: true }],
});

describe('pairing, as the node outputs it', () => {
	it('each decision is paired with its own input item', async () => {
		const { output } = await run({
			items: ['15550100001', '15550100002', '15550100003'].map((applicant) => ({ operation: 'accept', applicant })),
			answer: done,
		});
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('a Continue On Fail error item is paired with the item that failed', async () => {
		const { output } = await run({
			items: [{ operation: 'accept', applicant: '15550100001' }, { operation: 'accept', applicant: 'not a phone' }],
			continueOnFail: true,
			answer: done,
		});
		expect(output[1]).toEqual({ json: { error: expect.stringMatching(/^Invalid Applicant in item 1/) }, pairedItem: { item: 1 } });
	});
});

describe('Decide: Approve given as the text "true" or "false"', () => {
	it('"true" accepts with a POST and "false" rejects with a DELETE', async () => {
		const { output, sent } = await run({
			items: [
				{ operation: 'decide', applicant: '15550100001', approve: 'true' },
				{ operation: 'decide', applicant: '15550100002', approve: 'false' },
			],
			answer: done,
		});
		expect(sent.map((options) => options.method)).toEqual(['POST', 'DELETE']);
		expect(output.map((item) => item.json.decision)).toEqual(['accepted', 'rejected']);
	});
});

describe('a refused decision, checked against a queue that lists the applicant in another form', () => {
	it('bare digits in the queue are the same applicant: still pending, so the refusal is an error', async () => {
		const answer = (options: IHttpRequestOptions) =>
			options.method === 'GET'
				? { statusCode: 200, body: { applications: [{ chatId: '15550100001' }], total: 1 } }
				: { statusCode: 200, body: [{ chatId: '15550100001@s.whatsapp.net', success: false, error: 'try later' }] };
		await expect(run({ items: [{ operation: 'accept', applicant: '15550100001' }], answer })).rejects.toThrow(
			'Whapi did not carry out the request: try later',
		);
	});
});
