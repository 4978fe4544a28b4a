/**
 * The credential test, run the way n8n runs it: its declarative request executes as the routing
 * of a one-property node through n8n-core (RoutingNode, via WorkflowExecute), then each
 * `responseSuccessBody` rule is checked against the answer in order. The real n8n versions run
 * the same test in the end-to-end suite.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IAuthenticateRuleResponseSuccessBody, IDataObject, IHttpRequestOptions, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { WhapiApi } from '../../credentials/WhapiApi.credentials';
import { DEFAULT_BASE_URL } from '../../nodes/shared/transport';
import { MANUAL_TRIGGER_TYPE, runWorkflow } from '../harness';
import { startWhapiStandIn, type WhapiStandIn } from '../whapi-stand-in';

const credentialType = new WhapiApi();

class CredentialTestNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Credential Test',
		name: 'credentialTest',
		group: ['transform'],
		version: 1,
		description: 'Runs the Whapi API credential test request',
		defaults: { name: 'Credential Test' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'whapiApi', required: true }],
		properties: [{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: credentialType.test.request } }],
	};
}

function get(data: unknown, key: string): unknown {
	return key.split('.').reduce<unknown>((value, part) => (value && typeof value === 'object' ? (value as IDataObject)[part] : undefined), data);
}

async function testCredential(baseUrl: string, token: string): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const run = await runWorkflow({
		workflow: {
			nodes: [
				{ id: 's', name: 'Start', type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
				{ id: 'c', name: 'Test', type: 'test.credentialTest', typeVersion: 1, position: [200, 0], parameters: {} },
			],
			connections: { Start: { main: [[{ node: 'Test', type: 'main', index: 0 }]] } },
		},
		nodeTypes: { 'test.credentialTest': new CredentialTestNode() },
		credentials: { whapiApi: { token, baseUrl } },
		credentialTypes: { whapiApi: credentialType },
	});
	if (run.executionError) return { status: 'Error', message: run.executionError.message };
	const [answer] = run.outputOf('Test');
	for (const rule of (credentialType.test.rules ?? []) as IAuthenticateRuleResponseSuccessBody[]) {
		if (get(answer, rule.properties.key) === rule.properties.value) return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

let whapi: WhapiStandIn;
beforeEach(async () => {
	whapi = await startWhapiStandIn({ token: 'good-token' });
});
afterEach(async () => {
	await whapi.close();
});

it('passes with the right token, a trailing slash in the Base URL tolerated, without waking the channel', async () => {
	expect(await testCredential(`${whapi.baseUrl}/`, 'good-token')).toEqual({ status: 'OK', message: 'Connection successful!' });
	expect(whapi.calls).toHaveLength(1);
	expect(whapi.calls[0]).toMatchObject({ method: 'GET', path: '/health', query: { wakeup: 'false' } });
	expect(whapi.calls[0].headers.authorization).toBe('Bearer good-token');
});

it('names the token when Whapi answers "Channel not found"', async () => {
	const result = await testCredential(whapi.baseUrl, 'bad-token');
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/does not know this token/);
});

it('says the session is logged out, not that the token is wrong', async () => {
	whapi.setLoggedOut(true);
	const result = await testCredential(whapi.baseUrl, 'good-token');
	expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/token is right.*logged out/) });
});

it('says the Base URL is wrong when something else answers there', async () => {
	const other = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"hello":"world"}'));
	await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
	try {
		const result = await testCredential(`http://127.0.0.1:${(other.address() as AddressInfo).port}`, 'good-token');
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/not like the Whapi API: check the Base URL/) });
	} finally {
		await new Promise((resolve) => other.close(resolve));
	}
});

it('fails with a connection error when nothing answers at the Base URL', async () => {
	const result = await testCredential('http://127.0.0.1:9', 'good-token');
	expect(result.status).toBe('Error');
	expect(whapi.calls).toHaveLength(0);
});

it('defaults to the same base URL as the transport', () => {
	expect(credentialType.properties.find((property) => property.name === 'baseUrl')?.default).toBe(DEFAULT_BASE_URL);
	expect(credentialType.test.request.baseURL).toContain(`"${DEFAULT_BASE_URL}"`);
});

describe('authenticate', () => {
	it('adds the Bearer token and keeps the request as it was, without changing the caller\'s object', async () => {
		const authenticate = credentialType.authenticate as (c: IDataObject, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>;
		const request: IHttpRequestOptions = { url: 'https://gate.whapi.cloud/health', method: 'GET', headers: { Accept: 'application/json' } };
		const authenticated = await authenticate({ token: 'abc' }, request);
		expect(authenticated).toEqual({ ...request, headers: { Accept: 'application/json', Authorization: 'Bearer abc' } });
		expect(request.headers).toEqual({ Accept: 'application/json' });
	});

	it('without a token sends an empty Bearer, which Whapi refuses with 401, never a made-up value', async () => {
		const authenticate = credentialType.authenticate as (c: IDataObject, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>;
		const authenticated = await authenticate({}, { url: 'https://gate.whapi.cloud/health' });
		expect(authenticated.headers).toEqual({ Authorization: 'Bearer ' });
	});
});
