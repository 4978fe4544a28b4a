import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type ILoadOptionsFunctions,
	type INodeExecutionData,
	type INodeListSearchResult,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import {
	ITEMS_SOURCE_TYPE,
	MANUAL_TRIGGER_TYPE,
	PACKAGE_NAME,
	activateWebhook,
	createNodeTypes,
	credentialsHelper,
	deactivateWebhook,
	listSearch,
	loadOptions,
	nodeWebhookUrl,
	runHook,
	runWebhook,
	runWorkflow,
	type WorkflowInput,
} from './index';

// ------------------------------------------------------------------------------------------------
// A local HTTP server standing in for an API
// ------------------------------------------------------------------------------------------------

interface Seen {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: unknown;
}

let server: Server;
let apiUrl: string;
const seen: Seen[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			const body = text && req.headers['content-type']?.includes('json') ? JSON.parse(text) : text;
			seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
			const send = (status: number, payload: unknown) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(payload));
			};
			const path = new URL(req.url!, 'http://x').pathname;
			if (path === '/echo') return send(200, { echo: body, auth: req.headers.authorization ?? null });
			if (path === '/unauthorized') return send(401, { error: 'bad token' });
			if (path === '/groups') {
				return send(200, {
					groups: [
						{ id: '120363000000000001@g.us', name: 'Hiking club' },
						{ id: '120363000000000002@g.us', name: 'Chess club' },
						{ id: '120363000000000003@g.us', name: 'Book club' },
					],
				});
			}
			if (path === '/settings') return send(200, { ok: true });
			send(404, { error: 'not found' });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
	seen.length = 0;
});

// ------------------------------------------------------------------------------------------------
// Inline test credential and nodes
// ------------------------------------------------------------------------------------------------

class TestApi implements ICredentialType {
	name = 'testApi';
	displayName = 'Test API';
	properties: ICredentialType['properties'] = [
		{ displayName: 'Token', name: 'token', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'https://api.invalid' },
		{ displayName: 'Region', name: 'region', type: 'string', default: 'eu' },
	];
	authenticate: ICredentialType['authenticate'] = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.token}}' },
			qs: { region: '={{$credentials.region}}' },
		},
	};
}

class FunctionAuthApi implements ICredentialType {
	name = 'functionAuthApi';
	displayName = 'Function Auth API';
	properties: ICredentialType['properties'] = [
		{ displayName: 'Key', name: 'key', type: 'string', default: '' },
	];
	authenticate: ICredentialType['authenticate'] = async (credentials, requestOptions) => ({
		...requestOptions,
		headers: { ...(requestOptions.headers ?? {}), 'x-api-key': String(credentials.key) },
	});
}

const credentialTypes = { testApi: new TestApi(), functionAuthApi: new FunctionAuthApi() };

function baseDescription(name: string, extra: Partial<INodeTypeDescription> = {}): INodeTypeDescription {
	return {
		displayName: name,
		name,
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
		...extra,
	};
}

/**
 * Calls the API once per item with httpRequestWithAuthentication. With `decryptOnce` it reads the
 * credential once and hands it to every call through `credentialsDecrypted`.
 */
class HttpTester implements INodeType {
	description = baseDescription('httpTester', {
		credentials: [{ name: 'testApi', required: true }],
		properties: [
			{ displayName: 'Path', name: 'path', type: 'string', default: '/echo' },
			{ displayName: 'Decrypt Once', name: 'decryptOnce', type: 'boolean', default: true },
		],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const decryptOnce = this.getNodeParameter('decryptOnce', 0) as boolean;
		const credentials = decryptOnce ? await this.getCredentials('testApi') : undefined;
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const baseUrl = String(credentials?.baseUrl ?? (await this.getCredentials('testApi')).baseUrl);
			try {
				const answer = (await this.helpers.httpRequestWithAuthentication.call(
					this,
					'testApi',
					{
						method: 'POST',
						url: `${baseUrl}${this.getNodeParameter('path', i) as string}`,
						body: { index: i, ...items[i].json },
						json: true,
					},
					credentials
						? { credentialsDecrypted: { id: 'x', name: 'x', type: 'testApi', data: credentials } }
						: undefined,
				)) as IDataObject;
				out.push({ json: answer, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [out];
	}
}

/** Fails items whose json has `fail: true`, with per-item Continue On Fail like n8n's own nodes. */
class Failer implements INodeType {
	description = baseDescription('failer');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				if (items[i].json.fail === true) {
					throw new NodeOperationError(this.getNode(), `Item ${i} is bad`, { itemIndex: i });
				}
				out.push({ json: { ok: items[i].json.n }, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [out];
	}
}

/** Throws for the whole batch, ignoring continueOnFail: n8n itself then passes the input through. */
class Thrower implements INodeType {
	description = baseDescription('thrower');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		throw new NodeOperationError(this.getNode(), 'Everything is bad', { itemIndex: 1 });
	}
}

/** A webhook trigger whose registration lives in static data. */
class HookTrigger implements INodeType {
	description = baseDescription('hookTrigger', {
		group: ['trigger'],
		inputs: [],
		credentials: [{ name: 'testApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [{ displayName: 'Label', name: 'label', type: 'string', default: 'plain' }],
	});

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				return data.secret !== undefined && data.url === this.getNodeWebhookUrl('default');
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const url = this.getNodeWebhookUrl('default')!;
				const { baseUrl } = await this.getCredentials('testApi');
				await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
					method: 'PATCH',
					url: `${String(baseUrl)}/settings`,
					body: { webhooks: [{ url, label: this.getNodeParameter('label') }] },
					json: true,
				});
				const data = this.getWorkflowStaticData('node');
				data.secret = 's3cret';
				data.url = url;
				data.nested = { registeredAt: 'now' };
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				delete data.secret;
				delete data.url;
				delete data.nested;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const data = this.getWorkflowStaticData('node');
		const headers = this.getHeaderData();
		if (headers['x-secret'] !== data.secret) {
			this.getResponseObject().status(401).send('bad secret');
			return { noWebhookResponse: true };
		}
		const body = this.getBodyData();
		data.lastEvent = String(body.event ?? '');
		if (body.ignore === true) return {};
		return {
			workflowData: [
				[{ json: { event: body.event ?? null, label: this.getNodeParameter('label') as string, query: this.getQueryData() as IDataObject } }],
			],
		};
	}
}

/** A node with a searchable list and a load-options method, both calling the API. */
class Lister implements INodeType {
	description = baseDescription('lister', {
		credentials: [{ name: 'testApi', required: true }],
		properties: [
			{ displayName: 'Prefix', name: 'prefix', type: 'string', default: '' },
		],
	});

	methods = {
		listSearch: {
			async searchGroups(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
				const { baseUrl } = await this.getCredentials('testApi');
				const answer = (await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
					url: `${String(baseUrl)}/groups`,
					json: true,
				})) as { groups: Array<{ id: string; name: string }> };
				const prefix = this.getNodeParameter('prefix', '') as string;
				return {
					results: answer.groups
						.filter((g) => !filter || g.name.toLowerCase().includes(filter.toLowerCase()))
						.map((g) => ({ name: `${prefix}${g.name}`, value: g.id })),
				};
			},
		},
		loadOptions: {
			async getGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const { baseUrl } = await this.getCredentials('testApi');
				const answer = (await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
					url: `${String(baseUrl)}/groups`,
					json: true,
				})) as { groups: Array<{ id: string; name: string }> };
				return answer.groups.map((g) => ({ name: g.name, value: g.id }));
			},
		},
	};
}

const HTTP_TYPE = `${PACKAGE_NAME}.httpTester`;
const nodeTypes = () =>
	createNodeTypes({
		httpTester: new HttpTester(),
		'test.failer': new Failer(),
		'test.thrower': new Thrower(),
		[`${PACKAGE_NAME}.hookTrigger`]: new HookTrigger(),
	});

function testCredentials(): Record<string, ICredentialDataDecryptedObject> {
	return { testApi: { token: 'tok-123', baseUrl: apiUrl } };
}

/** Manual trigger → items source → node under test. */
function pipeline(
	items: IDataObject[],
	node: { type: string; parameters?: IDataObject; onError?: 'continueRegularOutput' | 'stopWorkflow' },
): WorkflowInput {
	return {
		nodes: [
			{ name: 'Start', type: MANUAL_TRIGGER_TYPE, typeVersion: 1, parameters: {} },
			{ name: 'Items', type: ITEMS_SOURCE_TYPE, typeVersion: 1, parameters: { items: JSON.stringify(items) } },
			{
				name: 'Under Test',
				type: node.type,
				typeVersion: 1,
				parameters: (node.parameters ?? {}) as never,
				...(node.onError ? { onError: node.onError } : {}),
			},
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Under Test', type: 'main', index: 0 }]] },
		},
	};
}

// ------------------------------------------------------------------------------------------------
// Tests
// ------------------------------------------------------------------------------------------------

describe('runWorkflow', () => {
	it('runs the built-in manual trigger and items source', async () => {
		const result = await runWorkflow({
			workflow: pipeline([{ a: 1 }, { a: 2 }, 'x' as unknown as IDataObject], { type: 'test.failer' }),
			nodeTypes: nodeTypes(),
		});
		expect(result.status).toBe('success');
		expect(result.executedNodes).toEqual(['Start', 'Items', 'Under Test']);
		expect(result.outputOf('Start')).toEqual([{}]);
		expect(result.outputOf('Items')).toEqual([{ a: 1 }, { a: 2 }, { value: 'x' }]);
		expect(result.pairedItemsOf('Items')).toEqual([[{ item: 0 }], [{ item: 0 }], [{ item: 0 }]]);
	});

	it('calls httpRequestWithAuthentication per item with the declarative auth applied, decrypting once', async () => {
		const result = await runWorkflow({
			workflow: pipeline([{ name: 'a' }, { name: 'b' }, { name: 'c' }], { type: HTTP_TYPE }),
			nodeTypes: nodeTypes(),
			credentials: testCredentials(),
			credentialTypes,
		});
		expect(result.executionError).toBeUndefined();
		expect(result.outputOf('Under Test')).toEqual([
			{ echo: { index: 0, name: 'a' }, auth: 'Bearer tok-123' },
			{ echo: { index: 1, name: 'b' }, auth: 'Bearer tok-123' },
			{ echo: { index: 2, name: 'c' }, auth: 'Bearer tok-123' },
		]);
		expect(result.pairedItemsOf('Under Test')).toEqual([[{ item: 0 }], [{ item: 1 }], [{ item: 2 }]]);
		expect(seen).toHaveLength(3);
		for (const request of seen) {
			expect(request.headers.authorization).toBe('Bearer tok-123');
			// the credential's default `region` was filled in and sent through the generic `qs`
			expect(request.url).toBe('/echo?region=eu');
		}
		expect(result.decryptCount).toBe(1);
		expect(result.credentialsHelper.decryptCalls).toEqual([
			{ type: 'testApi', nodeName: 'Under Test', mode: 'manual', raw: false },
		]);
	});

	it('decrypts on every call when credentialsDecrypted is not passed', async () => {
		const result = await runWorkflow({
			workflow: pipeline([{}, {}], { type: HTTP_TYPE, parameters: { decryptOnce: false } }),
			nodeTypes: nodeTypes(),
			credentials: testCredentials(),
			credentialTypes,
		});
		expect(result.status).toBe('success');
		// getCredentials for baseUrl + one inside httpRequestWithAuthentication, per item
		expect(result.decryptCount).toBe(4);
	});

	it('applies a function authenticate', async () => {
		const helper = credentialsHelper({ functionAuthApi: { key: 'k-1' } }, credentialTypes);
		const options = await helper.authenticate({ key: 'k-1' }, 'functionAuthApi', { url: 'http://x' });
		expect(options.headers).toEqual({ 'x-api-key': 'k-1' });
		expect(await helper.getDecrypted({} as never, { id: '1', name: 'n' }, 'functionAuthApi', 'manual')).toEqual({
			key: 'k-1',
		});
		expect(helper.decryptCount).toBe(1);
	});

	it('wraps HTTP errors as NodeApiError and retries once on 401, like n8n', async () => {
		const failed = await runWorkflow({
			workflow: pipeline([{}], { type: HTTP_TYPE, parameters: { path: '/unauthorized' } }),
			nodeTypes: nodeTypes(),
			credentials: testCredentials(),
			credentialTypes,
		});
		expect(failed.status).toBe('error');
		// n8n-core stores errors in run data as plain copies ({...error, message, stack}), not instances
		const error = failed.errorOf('Under Test');
		expect(error).toMatchObject({
			name: 'NodeApiError',
			httpCode: '401',
			// NodeApiError swaps the message for a generic one per status...
			message: 'Authorization failed - please check your credentials',
			description: 'Request failed with status code 401',
			// ...and keeps the response body here
			context: { data: { error: 'bad token' } },
		});
		expect(failed.executionError).toMatchObject({ name: 'NodeApiError', httpCode: '401', message: error!.message });
		// the generic preAuthentication path re-sends a request answered 401 once
		expect(seen.map((s) => s.url)).toEqual(['/unauthorized?region=eu', '/unauthorized?region=eu']);

		const continued = await runWorkflow({
			workflow: pipeline([{}, {}], {
				type: HTTP_TYPE,
				parameters: { path: '/unauthorized' },
				onError: 'continueRegularOutput',
			}),
			nodeTypes: nodeTypes(),
			credentials: testCredentials(),
			credentialTypes,
		});
		expect(continued.status).toBe('success');
		expect(continued.outputOf('Under Test')).toHaveLength(2);
		expect(continued.outputOf('Under Test')[0].error).toEqual(expect.any(String));
	});

	it('documents what a node catches from httpRequestWithAuthentication', async () => {
		class Catcher implements INodeType {
			description = baseDescription('catcher', { credentials: [{ name: 'testApi', required: true }] });
			async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
				const out: INodeExecutionData[] = [];
				try {
					await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', { url: `${apiUrl}/missing`, json: true });
				} catch (e) {
					const error = e as NodeApiError & { cause?: { status?: number; response?: { status: number; data: unknown } } };
					out.push({
						json: {
							isNodeApiError: error instanceof NodeApiError,
							message: error.message,
							description: error.description ?? null,
							httpCode: error.httpCode,
							causeStatus: error.cause?.response?.status ?? null,
							causeData: (error.cause?.response?.data ?? null) as IDataObject,
						},
					});
				}
				try {
					// without .call(this), `this` is the helpers object: n8n-core fails with a TypeError
					await (this.helpers.httpRequestWithAuthentication as (t: string, o: object) => Promise<unknown>)(
						'testApi',
						{ url: `${apiUrl}/echo` },
					);
				} catch (e) {
					out.push({ json: { name: (e as Error).name, message: (e as Error).message } });
				}
				return [out];
			}
		}
		const result = await runWorkflow({
			workflow: {
				nodes: [
					{ name: 'Start', type: MANUAL_TRIGGER_TYPE, parameters: {} },
					{ name: 'Catcher', type: 'test.catcher', parameters: {} },
				],
				connections: { Start: { main: [[{ node: 'Catcher', type: 'main', index: 0 }]] } },
			},
			nodeTypes: createNodeTypes({ 'test.catcher': new Catcher() }),
			credentials: testCredentials(),
			credentialTypes,
		});
		expect(result.outputOf('Catcher')).toEqual([
			{
				isNodeApiError: true,
				message: 'The resource you are requesting could not be found',
				// a body like {error: {message}} would become the description; {error: 'text'} does not
				description: 'Request failed with status code 404',
				httpCode: '404',
				causeStatus: 404,
				causeData: { error: 'not found' },
			},
			{ name: 'TypeError', message: 'this.getNode is not a function' },
		]);
		expect(seen).toHaveLength(1); // a 404 is not retried
	});

	it('fails the execution on a NodeOperationError without Continue On Fail', async () => {
		const result = await runWorkflow({
			workflow: pipeline([{ n: 1 }, { n: 2, fail: true }], { type: 'test.failer' }),
			nodeTypes: nodeTypes(),
		});
		expect(result.status).toBe('error');
		const error = result.errorOf('Under Test');
		expect(error).toMatchObject({ name: 'NodeOperationError', message: 'Item 1 is bad', context: { itemIndex: 1 } });
		expect(result.executionError?.message).toBe('Item 1 is bad');
		expect(result.outputOf('Under Test')).toEqual([]);
	});

	it("honours onError: 'continueRegularOutput' (Continue On Fail)", async () => {
		const result = await runWorkflow({
			workflow: pipeline([{ n: 1 }, { n: 2, fail: true }, { n: 3 }], {
				type: 'test.failer',
				onError: 'continueRegularOutput',
			}),
			nodeTypes: nodeTypes(),
		});
		expect(result.status).toBe('success');
		expect(result.executionError).toBeUndefined();
		expect(result.outputOf('Under Test')).toEqual([{ ok: 1 }, { error: 'Item 1 is bad' }, { ok: 3 }]);
		expect(result.pairedItemsOf('Under Test')).toEqual([[{ item: 0 }], [{ item: 1 }], [{ item: 2 }]]);
	});

	it('passes the input through when a Continue On Fail node throws as a whole (n8n engine behaviour)', async () => {
		const result = await runWorkflow({
			workflow: pipeline([{ n: 1 }, { n: 2 }], { type: 'test.thrower', onError: 'continueRegularOutput' }),
			nodeTypes: nodeTypes(),
		});
		expect(result.outputOf('Under Test')).toEqual([{ n: 1 }, { n: 2 }]);
		expect(result.taskOf('Under Test')?.executionStatus).toBe('error');
		expect(result.errorOf('Under Test')).toMatchObject({ message: 'Everything is bad' });
		// n8n-core resets its error per node: the run ends 'error' only because this node ran last
		expect(result.status).toBe('error');

		const workflow = pipeline([{ n: 1 }, { n: 2 }], { type: 'test.thrower', onError: 'continueRegularOutput' });
		workflow.nodes.push({ name: 'After', type: 'test.failer', typeVersion: 1, parameters: {} });
		workflow.connections['Under Test'] = { main: [[{ node: 'After', type: 'main', index: 0 }]] };
		const continued = await runWorkflow({ workflow, nodeTypes: nodeTypes() });
		expect(continued.status).toBe('success');
		expect(continued.executionError).toBeUndefined();
		expect(continued.outputOf('After')).toEqual([{ ok: 1 }, { ok: 2 }]);
	});
});

describe('webhook lifecycle', () => {
	const triggerNode = {
		name: 'Join Trigger',
		type: `${PACKAGE_NAME}.hookTrigger`,
		typeVersion: 1,
		webhookId: '0b6f3f3e-5d3a-4c39-9d1b-3f2d0b6e9a10',
		parameters: { label: 'groups' },
	};
	const common = () => ({
		node: triggerNode,
		nodeType: new HookTrigger(),
		credentials: testCredentials(),
		credentialTypes,
		webhookUrl: 'https://n8n.example.com/',
	});

	it('runs checkExists / create / delete through the real HookContext, keeping static data', async () => {
		const staticData: IDataObject = {};
		const productionUrl = `https://n8n.example.com/webhook/${triggerNode.webhookId}/webhook`;
		expect(nodeWebhookUrl(common())).toBe(productionUrl);

		expect(await runHook('checkExists', { ...common(), staticData })).toBe(false);
		expect(await runHook('create', { ...common(), staticData })).toBe(true);
		expect(staticData).toEqual({
			'node:Join Trigger': { secret: 's3cret', url: productionUrl, nested: { registeredAt: 'now' } },
		});
		// the registration call went out with the credential's auth and the node's parameter
		expect(seen).toHaveLength(1);
		expect(seen[0]).toMatchObject({
			method: 'PATCH',
			url: '/settings?region=eu',
			headers: { authorization: 'Bearer tok-123' },
			body: { webhooks: [{ url: productionUrl, label: 'groups' }] },
		});
		expect(await runHook('checkExists', { ...common(), staticData })).toBe(true);
		expect(await activateWebhook({ ...common(), staticData })).toEqual({ existed: true, created: false });

		// in manual (test) mode the URL is the webhook-test one, so checkExists is false there
		expect(await runHook('checkExists', { ...common(), staticData, mode: 'manual' })).toBe(false);

		expect(await deactivateWebhook({ ...common(), staticData })).toBe(true);
		expect(staticData).toEqual({ 'node:Join Trigger': {} });
		expect(await activateWebhook({ ...common(), staticData })).toEqual({ existed: false, created: true });
	});

	it('restores static data when a hook throws', async () => {
		const staticData: IDataObject = { 'node:Join Trigger': { secret: 'old' } };
		await expect(
			runHook('create', { ...common(), staticData, credentials: { testApi: { token: 't', baseUrl: 'http://127.0.0.1:1' } } }),
		).rejects.toThrow(NodeApiError);
		expect(staticData).toEqual({ 'node:Join Trigger': { secret: 'old' } });
	});

	it('runs webhook() through the real WebhookContext with static data and headers', async () => {
		const staticData: IDataObject = {};
		await activateWebhook({ ...common(), staticData });

		const denied = await runWebhook({
			...common(),
			staticData,
			request: { method: 'POST', headers: { 'X-Secret': 'wrong' }, body: { event: 'e1' } },
		});
		expect(denied.result).toEqual({ noWebhookResponse: true });
		expect(denied.response).toMatchObject({ statusCode: 401, body: 'bad secret', ended: true });

		const accepted = await runWebhook({
			...common(),
			staticData,
			request: { method: 'POST', headers: { 'X-Secret': 's3cret' }, body: { event: 'e2' }, query: { q: '1' } },
		});
		expect(accepted.result?.workflowData).toEqual([[{ json: { event: 'e2', label: 'groups', query: { q: '1' } } }]]);
		expect(accepted.response).toMatchObject({ statusCode: 200, body: { message: 'Workflow was started' }, ended: true });
		// what webhook() wrote to static data was kept
		expect((staticData['node:Join Trigger'] as IDataObject).lastEvent).toBe('e2');

		const ignored = await runWebhook({
			...common(),
			staticData,
			request: { method: 'POST', headers: { 'x-secret': 's3cret' }, body: { event: 'e3', ignore: true } },
		});
		expect(ignored.response).toMatchObject({ statusCode: 200, body: { message: 'Webhook call received' } });

		const wrongMethod = await runWebhook({ ...common(), staticData, request: { method: 'GET' } });
		expect(wrongMethod.result).toBeUndefined();
		expect(wrongMethod.response.statusCode).toBe(404);

		// The webhook's output starts a workflow, as n8n does for a webhook-triggered execution.
		const run = await runWorkflow({
			workflow: {
				nodes: [
					triggerNode,
					{ name: 'Under Test', type: 'test.failer', typeVersion: 1, parameters: {} },
				],
				connections: { 'Join Trigger': { main: [[{ node: 'Under Test', type: 'main', index: 0 }]] } },
			},
			nodeTypes: nodeTypes(),
			credentials: testCredentials(),
			credentialTypes,
			trigger: { node: 'Join Trigger', data: accepted.result!.workflowData! },
			mode: 'webhook',
		});
		expect(run.status).toBe('success');
		expect(run.outputOf('Join Trigger')).toEqual([{ event: 'e2', label: 'groups', query: { q: '1' } }]);
		expect(run.outputOf('Under Test')).toEqual([{}]);
	});

	it('answers 500 when webhook() throws', async () => {
		const result = await runWebhook({
			...common(),
			staticData: { 'node:Join Trigger': { secret: 's' } },
			request: { method: 'POST', headers: { 'x-secret': 's' }, body: 'not-json' as unknown as IDataObject },
			nodeType: Object.assign(new HookTrigger(), {
				webhook: async () => {
					throw new Error('boom');
				},
			}),
		});
		expect(result.error?.message).toBe('boom');
		expect(result.response.statusCode).toBe(500);
	});
});

describe('loadOptions / listSearch', () => {
	it('runs listSearch through the real LoadOptionsContext', async () => {
		const result = await listSearch('searchGroups', {
			nodeType: new Lister(),
			credentials: testCredentials(),
			credentialTypes,
			parameters: { prefix: '# ' },
			filter: 'club',
		});
		expect(result.results.map((r) => r.name)).toEqual(['# Hiking club', '# Chess club', '# Book club']);
		const filtered = await listSearch('searchGroups', {
			nodeType: new Lister(),
			credentials: testCredentials(),
			credentialTypes,
			filter: 'chess',
		});
		expect(filtered.results).toEqual([{ name: 'Chess club', value: '120363000000000002@g.us' }]);
		expect(seen.every((s) => s.headers.authorization === 'Bearer tok-123')).toBe(true);
	});

	it('runs loadOptions through the real LoadOptionsContext', async () => {
		const helper = credentialsHelper(testCredentials(), credentialTypes);
		const options = await loadOptions('getGroups', { nodeType: new Lister(), credentialsHelper: helper });
		expect(options).toHaveLength(3);
		expect(options[0]).toEqual({ name: 'Hiking club', value: '120363000000000001@g.us' });
		// one getCredentials in the method + one inside httpRequestWithAuthentication
		expect(helper.decryptCount).toBe(2);
	});
});
