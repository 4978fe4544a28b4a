import { sleep, type ICredentialDataDecryptedObject, type IExecuteFunctions, type IHttpRequestOptions } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY } from '../../../nodes/shared/retry';
import { WhapiTransport } from '../../../nodes/shared/transport';
import { RETRY_BASE_DELAY_MS } from '../timing';

// The wait before a retry is observed as the delay the transport asks for, never by the clock.
jest.mock('n8n-workflow', () => ({ ...jest.requireActual('n8n-workflow'), sleep: jest.fn(async () => undefined) }));
// The size of the back-off is checked here, on that fake clock: n8n's, not the unit tests' short one.
beforeAll(() => {
	DEFAULT_RETRY_POLICY.baseDelayMs = RETRY_BASE_DELAY_MS;
});

/** The base URL the transport settles on for a credential's stored fields. */
async function baseUrlOf(credentials: ICredentialDataDecryptedObject): Promise<string> {
	const context = { getCredentials: async () => credentials } as unknown as IExecuteFunctions;
	return (await WhapiTransport.connect(context)).baseUrl;
}

describe('WhapiTransport.connect: base URL', () => {
	it('defaults to https://gate.whapi.cloud (CONTRACT.md)', async () => {
		await expect(baseUrlOf({})).resolves.toBe('https://gate.whapi.cloud');
		await expect(baseUrlOf({ baseUrl: '' })).resolves.toBe('https://gate.whapi.cloud');
		await expect(baseUrlOf({ baseUrl: '   ' })).resolves.toBe('https://gate.whapi.cloud');
		await expect(baseUrlOf({ baseUrl: 42 as unknown as string })).resolves.toBe('https://gate.whapi.cloud');
	});
	it('tolerates trailing slashes and surrounding whitespace', async () => {
		await expect(baseUrlOf({ baseUrl: 'https://gate.whapi.cloud/' })).resolves.toBe('https://gate.whapi.cloud');
		await expect(baseUrlOf({ baseUrl: 'http://127.0.0.1:8080///' })).resolves.toBe('http://127.0.0.1:8080');
		await expect(baseUrlOf({ baseUrl: ' https://proxy.example.com/whapi/ ' })).resolves.toBe('https://proxy.example.com/whapi');
	});
	it('keeps a path prefix', async () => {
		await expect(baseUrlOf({ baseUrl: 'https://proxy.example.com/whapi' })).resolves.toBe('https://proxy.example.com/whapi');
	});
});

/** A context whose HTTP helper answers from a script and records each request's options. */
function scripted(answers: Array<{ statusCode: number; body?: unknown; headers?: Record<string, string> }>) {
	const sent: IHttpRequestOptions[] = [];
	const context = {
		getCredentials: async () => ({ token: 'tok', baseUrl: 'http://127.0.0.1:1' }),
		getNode: () => ({ id: '1', name: 'Whapi', type: 'whapiJoinRequests', typeVersion: 1, position: [0, 0], parameters: {} }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				sent.push(options);
				const answer = answers.shift();
				if (answer === undefined) throw new Error('no scripted answer left');
				return { headers: {}, body: {}, ...answer };
			},
		},
	} as unknown as IExecuteFunctions;
	return { context, sent };
}

// A fake clock that the mocked sleep moves on, so that waits which check the time (the shared
// pause after a 429) end as they would in real time.
let clock = 1_700_000_000_000;
const slept = jest.mocked(sleep);
beforeEach(() => {
	slept.mockReset();
	slept.mockImplementation(async (ms?: number) => {
		clock += ms ?? 0;
	});
	jest.spyOn(Date, 'now').mockImplementation(() => clock);
});
afterEach(() => jest.restoreAllMocks());

describe('WhapiTransport.send: waiting before a retry', () => {
	it("waits Whapi's Retry-After (20 s), far beyond any back-off of the first retry (at most 500 ms)", async () => {
		const { context } = scripted([{ statusCode: 429, headers: { 'retry-after': '20' } }, { statusCode: 200, body: { ok: 1 } }]);
		const transport = await WhapiTransport.connect(context);
		await expect(transport.request({ method: 'GET', path: '/groups' })).resolves.toEqual({ ok: 1 });
		expect(slept.mock.calls).toEqual([[20_000]]);
	});

	it('429 without Retry-After: the back-off of the first retry, 250 to 500 ms', async () => {
		const { context } = scripted([{ statusCode: 429 }, { statusCode: 200, body: {} }]);
		const transport = await WhapiTransport.connect(context);
		await transport.request({ method: 'GET', path: '/groups' });
		expect(slept).toHaveBeenCalledTimes(1);
		const [[delay]] = slept.mock.calls as number[][];
		expect(delay).toBeGreaterThanOrEqual(250);
		expect(delay).toBeLessThanOrEqual(500);
	});
});

describe('WhapiTransport.send: how often it tries', () => {
	it('by default three retries after the first attempt, then the last error', async () => {
		const { context, sent } = scripted(Array.from({ length: 5 }, () => ({ statusCode: 503 })));
		await expect((await WhapiTransport.connect(context)).request({ method: 'GET', path: '/groups' })).rejects.toMatchObject({ httpCode: '503' });
		expect(sent).toHaveLength(4);
	});
});

describe('WhapiTransport.send: every request has a time limit', () => {
	it('so that a Whapi that never answers cannot hold the execution forever', async () => {
		const { context, sent } = scripted([{ statusCode: 200, body: {} }]);
		await (await WhapiTransport.connect(context)).request({ method: 'GET', path: '/health' });
		expect(sent[0].timeout).toBeGreaterThan(0);
		expect(sent[0].timeout).toBeLessThanOrEqual(60_000);
	});
});

describe('WhapiTransport.request: success:false in an HTTP 200', () => {
	it('is an error carrying Whapi\'s text and the item, on any call', async () => {
		const { context } = scripted([{ statusCode: 200, body: { success: false, error: 'Group is archived' } }]);
		const transport = await WhapiTransport.connect(context);
		await expect(transport.request({ method: 'PATCH', path: '/groups/1@g.us', itemIndex: 2 })).rejects.toMatchObject({
			message: 'Whapi did not carry out the request: Group is archived',
			context: { itemIndex: 2 },
		});
	});
});

describe('WhapiTransport.stopAfter: an item failed the execution', () => {
	it('sends no call of a later item, on any variant, and still sends the calls of that item and earlier ones', async () => {
		const { context, sent } = scripted([{ statusCode: 200 }, { statusCode: 200 }]);
		const transport = await WhapiTransport.connect(context);
		transport.stopAfter(3);
		for (const variant of [transport, transport.withMaxRetries(0)]) {
			await expect(variant.request({ method: 'POST', path: '/groups/1@g.us/applications', itemIndex: 4 })).rejects.toMatchObject({
				name: 'NodeOperationError',
				message: 'Not sent: an earlier item failed, so item 4 was stopped',
				context: { itemIndex: 4 },
			});
		}
		expect(sent).toHaveLength(0);
		await transport.request({ method: 'POST', path: '/groups/1@g.us/applications', itemIndex: 3 });
		await transport.request({ method: 'POST', path: '/groups/1@g.us/applications', itemIndex: 0 });
		expect(sent).toHaveLength(2);
	});
});
