import { sleep, type IExecuteFunctions, type IHttpRequestOptions } from 'n8n-workflow';

import { outcomeUnknown } from '../../../nodes/shared/failures';
import { WhapiTransport } from '../../../nodes/shared/transport';

// Waits are observed as the delays the transport asks for; each test says whether they end.
jest.mock('n8n-workflow', () => ({ ...jest.requireActual('n8n-workflow'), sleep: jest.fn(async () => undefined) }));
const slept = jest.mocked(sleep);
beforeEach(() => slept.mockReset());
afterEach(() => jest.restoreAllMocks());

type Answer = { statusCode: number; body?: unknown } | Error;

/** A context whose HTTP helper answers each path from its own script, in order. */
function answering(script: Record<string, Answer[]>) {
	const calls: string[] = [];
	const context = {
		getCredentials: async () => ({ token: 'tok', baseUrl: 'http://127.0.0.1:1' }),
		getNode: () => ({ id: '1', name: 'Whapi', type: 'whapiJoinRequests', typeVersion: 1, position: [0, 0], parameters: {} }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				const path = new URL(options.url).pathname;
				calls.push(path);
				const answer = script[path]?.shift();
				if (answer === undefined) throw new Error(`nothing scripted for ${path}`);
				if (answer instanceof Error) throw answer;
				return { headers: {}, body: {}, ...answer };
			},
		},
	} as unknown as IExecuteFunctions;
	return { context, calls };
}

const networkError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });

describe('WhapiTransport.withMaxRetries', () => {
	it('is the transport itself for its own Max Retries, and one transport per other value', async () => {
		const transport = await WhapiTransport.connect(answering({}).context, 3);
		const five = transport.withMaxRetries(5);
		expect(transport.withMaxRetries(3)).toBe(transport);
		expect(five).not.toBe(transport);
		expect(transport.withMaxRetries(5)).toBe(five);
	});
});

describe('WhapiTransport.request: only a 2xx is a success', () => {
	it('a 300 with an empty body is an error, not an answer', async () => {
		const transport = await WhapiTransport.connect(answering({ '/groups': [{ statusCode: 300 }] }).context);
		await expect(transport.request({ method: 'GET', path: '/groups' })).rejects.toMatchObject({ httpCode: '300' });
	});
});

describe('WhapiTransport.send: whether a call may have taken effect', () => {
	it('a 200 at the first attempt leaves no doubt', async () => {
		const transport = await WhapiTransport.connect(answering({ '/groups': [{ statusCode: 200 }] }).context);
		await expect(transport.send({ method: 'GET', path: '/groups' })).resolves.toMatchObject({ status: 200, afterLostAnswer: false });
	});

	it('a refused connection is not retried and leaves no doubt: nothing reached Whapi', async () => {
		const { context, calls } = answering({ '/groups': [networkError('ECONNREFUSED')] });
		const failure = await (await WhapiTransport.connect(context)).send({ method: 'GET', path: '/groups' }).catch((error: unknown) => error);
		expect(calls).toHaveLength(1);
		expect(outcomeUnknown(failure)).toBe(false);
	});

	it('a reset connection may have been carried out, even with no retry left', async () => {
		const { context } = answering({ '/groups': [networkError('ECONNRESET')] });
		const failure = await (await WhapiTransport.connect(context, 0)).send({ method: 'GET', path: '/groups' }).catch((error: unknown) => error);
		expect(outcomeUnknown(failure)).toBe(true);
	});
});

describe('WhapiTransport.send: a 500 makes only its own call wait', () => {
	it('another call of the execution goes on while it waits to retry (a 429 would hold both)', async () => {
		// In this test a wait never ends and the clock stands still: whatever waits stays waiting,
		// however slowly the test runs.
		slept.mockImplementation(() => new Promise<void>(() => undefined));
		jest.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
		const { context } = answering({ '/a': [{ statusCode: 500 }], '/b': [{ statusCode: 200, body: { b: 1 } }] });
		const transport = await WhapiTransport.connect(context, 3, { concurrency: 2 });
		void transport.request({ method: 'GET', path: '/a' });
		for (let turn = 0; turn < 50 && slept.mock.calls.length === 0; turn++) await new Promise((resolve) => setImmediate(resolve));
		expect(slept).toHaveBeenCalledTimes(1);
		const other = transport.request({ method: 'GET', path: '/b' });
		const giveUp = new Promise((resolve) => setTimeout(resolve, 500, 'still waiting'));
		await expect(Promise.race([other, giveUp])).resolves.toEqual({ b: 1 });
		expect(slept).toHaveBeenCalledTimes(1);
	});
});
