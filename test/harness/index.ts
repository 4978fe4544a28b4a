/**
 * In-process n8n test harness: runs real workflow JSON through n8n-core's `WorkflowExecute`, and a
 * trigger's webhook lifecycle through n8n-core's real `HookContext` / `WebhookContext`, and
 * `methods.loadOptions` / `methods.listSearch` through the real `LoadOptionsContext`.
 * Nothing in IExecuteFunctions & co. is mocked: only the pieces n8n's CLI normally provides
 * (credentials store, additional data, the express req/res of the webhook server) are stood in.
 *
 * Usage (see harness.test.ts for complete examples):
 *   const nodeTypes = createNodeTypes({ whapiJoinRequests: new WhapiJoinRequests() }); // short key = `${PACKAGE_NAME}.<key>`
 *   const r = await runWorkflow({ workflow, nodeTypes, credentials: { whapiApi: { token, baseUrl } },
 *                                 credentialTypes: { whapiApi: new WhapiApi() } });
 *   r.outputOf('Accept'); r.pairedItemsOf('Accept'); r.errorOf('Accept'); r.executionError; r.decryptCount;
 *   const staticData = {};  // pass the same object to every call, as n8n's database would keep it
 *   await activateWebhook({ node, nodeType, staticData, credentials, credentialTypes, webhookUrl });
 *   const { result, response } = await runWebhook({ node, nodeType, staticData, request: { headers, body } });
 *   await runWorkflow({ workflow, nodeTypes, trigger: { node: node.name, data: result!.workflowData! } });
 *
 * Gotchas of n8n-core 2.40.3 worth knowing when writing nodes:
 * - call `this.helpers.httpRequestWithAuthentication.call(this, ...)`: without `.call(this)` n8n-core
 *   fails with "TypeError: this.getNode is not a function".
 * - errors come back as NodeApiError (message replaced by a generic one per status, httpCode a string,
 *   response body in `context.data`, the raw error in `cause`); a 401 is re-sent once.
 * - run data keeps errors as plain copies (`{...error, message, stack}`), not class instances.
 */
import './env';

import { ExecutionLifecycleHooks, HookContext, LoadOptionsContext, WebhookContext, WorkflowExecute } from 'n8n-core';
import {
	NodeHelpers,
	Workflow,
	type ExecutionError,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IConnections,
	type IDataObject,
	type IHttpRequestMethods,
	type INode,
	type INodeCredentials,
	type INodeExecutionData,
	type INodeListSearchResult,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypes,
	type IPairedItemData,
	type IPinData,
	type IRun,
	type IRunData,
	type ITaskData,
	type IVersionedNodeType,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type IWorkflowSettings,
	type WebhookSetupMethodNames,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { ITEMS_SOURCE_TYPE, ItemsSource, MANUAL_TRIGGER_TYPE, ManualTrigger } from './builtin-nodes';
import { TestCredentialsHelper, credentialsHelper } from './credentials';
import { createFakeRequest, createFakeResponse, type FakeRequestInput, type RecordedResponse } from './http-fakes';

export { TestCredentialsHelper, credentialsHelper } from './credentials';
export type { DecryptCall } from './credentials';
export { ItemsSource, ManualTrigger, ITEMS_SOURCE_TYPE, MANUAL_TRIGGER_TYPE } from './builtin-nodes';
export { createFakeRequest, createFakeResponse } from './http-fakes';
export type { FakeRequestInput, RecordedResponse } from './http-fakes';

/** npm name of this package: n8n registers its nodes as `<package>.<node name>`. */
export const PACKAGE_NAME = 'n8n-nodes-whapi-join-requests';
/** The public webhook base n8n is reached at (`N8N_WEBHOOK_URL`), used when none is given. */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:5678/';

type AnyNodeType = INodeType | IVersionedNodeType;

// ---------------------------------------------------------------------------------------------
// Node types
// ---------------------------------------------------------------------------------------------

/** The harness's INodeTypes. `register` adds more types later. */
export class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, AnyNodeType>();

	constructor(nodes: Record<string, AnyNodeType> = {}) {
		this.types.set(MANUAL_TRIGGER_TYPE, new ManualTrigger());
		this.types.set(ITEMS_SOURCE_TYPE, new ItemsSource());
		this.register(nodes);
	}

	/** Keys are full type names; a key without a dot is taken as `<PACKAGE_NAME>.<key>`. */
	register(nodes: Record<string, AnyNodeType>): this {
		for (const [name, type] of Object.entries(nodes)) {
			this.types.set(name.includes('.') ? name : `${PACKAGE_NAME}.${name}`, type);
		}
		return this;
	}

	has(nodeType: string): boolean {
		return this.types.has(nodeType);
	}

	getByName(nodeType: string): AnyNodeType {
		const type = this.types.get(nodeType);
		if (!type) throw new Error(`Harness: unknown node type "${nodeType}"`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		const known: IDataObject = {};
		for (const name of this.types.keys()) known[name] = { className: name, sourcePath: '' };
		return known;
	}
}

/**
 * INodeTypes keyed by full type name (e.g. `n8n-nodes-whapi-join-requests.whapiJoinRequests`),
 * plus the built-ins `n8n-nodes-base.manualTrigger` and `test.itemsSource`.
 */
export function createNodeTypes(nodes: Record<string, AnyNodeType> = {}): HarnessNodeTypes {
	return new HarnessNodeTypes(nodes);
}

function toNodeTypes(nodeTypes: INodeTypes | Record<string, AnyNodeType> | undefined): INodeTypes {
	if (nodeTypes === undefined) return createNodeTypes();
	if (typeof (nodeTypes as INodeTypes).getByNameAndVersion === 'function') return nodeTypes as INodeTypes;
	return createNodeTypes(nodeTypes as Record<string, AnyNodeType>);
}

// ---------------------------------------------------------------------------------------------
// Additional data
// ---------------------------------------------------------------------------------------------

let executionCounter = 0;

export interface AdditionalDataOptions {
	credentialsHelper: TestCredentialsHelper | IWorkflowExecuteAdditionalData['credentialsHelper'];
	/** The public base URL n8n is reached at, with a trailing slash (n8n's `N8N_WEBHOOK_URL`). */
	baseUrl?: string;
	executionId?: string;
	hooks?: ExecutionLifecycleHooks;
	httpRequest?: unknown;
	httpResponse?: unknown;
	currentNodeParameters?: IWorkflowExecuteAdditionalData['currentNodeParameters'];
}

/**
 * `IWorkflowExecuteAdditionalData` as n8n's CLI builds it (`WorkflowExecuteAdditionalData.getBase`):
 * every base URL is a valid URL derived from `baseUrl` the same way n8n derives them.
 */
export function createAdditionalData(options: AdditionalDataOptions): IWorkflowExecuteAdditionalData {
	const base = normaliseBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
	const unsupported = (what: string) => async () => {
		throw new Error(`Harness: ${what} is not supported in-process`);
	};
	const additionalData = {
		credentialsHelper: options.credentialsHelper,
		executeWorkflow: unsupported('executeWorkflow (sub-workflows)'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		executionId: options.executionId ?? `harness-${++executionCounter}`,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}rest`,
		instanceBaseUrl: base,
		formBaseUrl: `${base}form`,
		formWaitingBaseUrl: `${base}form-waiting`,
		formTestBaseUrl: `${base}form-test`,
		webhookBaseUrl: `${base}webhook`,
		webhookWaitingBaseUrl: `${base}webhook-waiting`,
		webhookTestBaseUrl: `${base}webhook-test`,
		mcpBaseUrl: `${base}mcp`,
		mcpTestBaseUrl: `${base}mcp-test`,
		variables: {},
		logAiEvent: () => undefined,
		startRunnerTask: unsupported('startRunnerTask (Code node task runner)'),
		hooks: options.hooks,
		httpRequest: options.httpRequest,
		httpResponse: options.httpResponse,
		currentNodeParameters: options.currentNodeParameters,
	};
	return additionalData as unknown as IWorkflowExecuteAdditionalData;
}

function normaliseBaseUrl(url: string): string {
	const parsed = new URL(url); // throws on an invalid URL, as n8n would later
	const s = parsed.toString();
	return s.endsWith('/') ? s : `${s}/`;
}

// ---------------------------------------------------------------------------------------------
// Workflow JSON helpers
// ---------------------------------------------------------------------------------------------

/** Workflow JSON as exported by n8n (only `nodes` and `connections` are required). */
export interface WorkflowInput {
	id?: string;
	name?: string;
	nodes: Array<Partial<INode> & Pick<INode, 'name' | 'type'>>;
	connections: IConnections;
	settings?: IWorkflowSettings;
	pinData?: IPinData;
	staticData?: IDataObject;
}

export type CredentialsInput =
	| { credentialsHelper: TestCredentialsHelper; credentials?: undefined; credentialTypes?: undefined }
	| {
			credentialsHelper?: undefined;
			credentials?: Record<string, ICredentialDataDecryptedObject>;
			credentialTypes?: Record<string, ICredentialType>;
	  };

function resolveHelper(input: {
	credentialsHelper?: TestCredentialsHelper;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	credentialTypes?: Record<string, ICredentialType>;
}): TestCredentialsHelper {
	return input.credentialsHelper ?? credentialsHelper(input.credentials ?? {}, input.credentialTypes ?? {});
}

function completeNode(node: WorkflowInput['nodes'][number], index: number): INode {
	return {
		id: node.id ?? `harness-node-${index}`,
		position: node.position ?? [index * 200, 0],
		typeVersion: node.typeVersion ?? 1,
		parameters: node.parameters ?? {},
		...node,
	} as INode;
}

/**
 * Gives a node the credential reference n8n would have saved (`{ id, name }`) for every credential
 * its type declares and the test supplied, unless the workflow JSON already names one.
 */
function assignCredentials(node: INode, nodeTypes: INodeTypes, helper: TestCredentialsHelper): void {
	let description;
	try {
		description = nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description;
	} catch {
		return;
	}
	for (const cred of description.credentials ?? []) {
		if (!helper.hasCredential(cred.name)) continue;
		const existing: INodeCredentials = node.credentials ?? {};
		if (existing[cred.name]) continue;
		node.credentials = { ...existing, [cred.name]: { id: `${cred.name}-test-id`, name: `Test ${cred.name}` } };
	}
}

function buildWorkflow(
	input: WorkflowInput,
	nodeTypes: INodeTypes,
	helper: TestCredentialsHelper,
	options: { autoAssignCredentials?: boolean; staticData?: IDataObject } = {},
): Workflow {
	const nodes = structuredClone(input.nodes).map(completeNode);
	if (options.autoAssignCredentials !== false) {
		for (const node of nodes) assignCredentials(node, nodeTypes, helper);
	}
	return new Workflow({
		id: input.id ?? 'harness-workflow',
		name: input.name ?? 'Harness workflow',
		nodes,
		connections: input.connections,
		active: false,
		nodeTypes,
		staticData: options.staticData ?? input.staticData,
		settings: { executionOrder: 'v1', ...(input.settings ?? {}) },
		pinData: input.pinData,
	});
}

/** n8n stores static data as JSON; after a successful call it is written back in that form. */
function persistStaticData(target: IDataObject | undefined, source: IDataObject): void {
	if (!target) return;
	const snapshot = JSON.parse(JSON.stringify(source)) as IDataObject;
	for (const key of Object.keys(target)) delete target[key];
	Object.assign(target, snapshot);
}

function restoreStaticData(target: IDataObject | undefined, snapshot: IDataObject | undefined): void {
	if (!target || !snapshot) return;
	for (const key of Object.keys(target)) delete target[key];
	Object.assign(target, snapshot);
}

// ---------------------------------------------------------------------------------------------
// runWorkflow
// ---------------------------------------------------------------------------------------------

export type RunWorkflowOptions = {
	workflow: WorkflowInput;
	nodeTypes?: INodeTypes | Record<string, AnyNodeType>;
	/** Name of the node to start from; default: the manual trigger, else n8n's own choice. */
	startNode?: string;
	/**
	 * Start from a trigger node with the data it produced (e.g. `runWebhook(...).result.workflowData`),
	 * the way n8n starts a webhook-triggered execution.
	 */
	trigger?: { node: string; data: INodeExecutionData[][] };
	pinData?: IPinData;
	/** Workflow static data; mutated in place with the values the run saved. */
	staticData?: IDataObject;
	/** Default 'manual'. */
	mode?: WorkflowExecuteMode;
	baseUrl?: string;
	/** Default true: nodes get a reference to each supplied test credential their type declares. */
	autoAssignCredentials?: boolean;
} & CredentialsInput;

export interface RunWorkflowResult {
	run: IRun;
	runData: IRunData;
	status: IRun['status'];
	/** The error that stopped the execution, if any (n8n's `resultData.error`). */
	executionError: ExecutionError | undefined;
	/** Node names in the order n8n executed them (one entry per run). */
	executedNodes: string[];
	/** `json` of the items on an output (default output 0 of run 0); `[]` if the node did not run. */
	outputOf(nodeName: string, outputIndex?: number, runIndex?: number): IDataObject[];
	/** Full items (json, binary, pairedItem, error) on an output. */
	itemsOf(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
	/** `pairedItem` of every output item, normalised to `IPairedItemData[]`. */
	pairedItemsOf(nodeName: string, outputIndex?: number, runIndex?: number): IPairedItemData[][];
	/** The error recorded on the node's task (when it failed without Continue On Fail). */
	errorOf(nodeName: string, runIndex?: number): ExecutionError | undefined;
	taskOf(nodeName: string, runIndex?: number): ITaskData | undefined;
	/** `getDecrypted` calls during this execution. */
	decryptCount: number;
	credentialsHelper: TestCredentialsHelper;
	/** Static data as n8n would have saved it after the run. */
	staticData: IDataObject;
}

/** Executes workflow JSON in-process with `new WorkflowExecute(additionalData, mode).run(...)`. */
export async function runWorkflow(options: RunWorkflowOptions): Promise<RunWorkflowResult> {
	const nodeTypes = toNodeTypes(options.nodeTypes);
	const helper = resolveHelper(options);
	const decryptsBefore = helper.decryptCount;
	const mode = options.mode ?? 'manual';
	const workflow = buildWorkflow(options.workflow, nodeTypes, helper, {
		autoAssignCredentials: options.autoAssignCredentials,
		staticData: options.staticData,
	});

	const executionId = `harness-${++executionCounter}`;
	const workflowData: IWorkflowBase = {
		id: workflow.id,
		name: workflow.name ?? 'Harness workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		settings: workflow.settings,
	};
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const executedNodes: string[] = [];
	let savedStaticData: IDataObject | undefined;
	hooks.addHandler('nodeExecuteBefore', (nodeName) => {
		executedNodes.push(nodeName);
	});
	hooks.addHandler('workflowExecuteAfter', (_run, newStaticData) => {
		savedStaticData = newStaticData;
	});

	const additionalData = createAdditionalData({
		credentialsHelper: helper,
		baseUrl: options.baseUrl,
		executionId,
		hooks,
	});

	let startNode: INode | undefined;
	const startName =
		options.trigger?.node ??
		options.startNode ??
		Object.values(workflow.nodes).find((n) => n.type === MANUAL_TRIGGER_TYPE && !n.disabled)?.name;
	if (startName !== undefined) {
		startNode = workflow.getNode(startName) ?? undefined;
		if (!startNode) throw new Error(`Harness: start node "${startName}" is not in the workflow`);
	}

	const triggerToStartFrom = options.trigger
		? {
				name: options.trigger.node,
				data: {
					startTime: Date.now(),
					executionIndex: 0,
					executionTime: 0,
					source: [],
					data: { main: options.trigger.data },
				} satisfies ITaskData,
			}
		: undefined;

	const workflowExecute = new WorkflowExecute(additionalData, mode);
	const run = await workflowExecute.run({
		workflow,
		startNode,
		pinData: options.pinData ?? options.workflow.pinData,
		triggerToStartFrom,
	});

	const finalStaticData = (savedStaticData ?? workflow.staticData) as IDataObject;
	persistStaticData(options.staticData, finalStaticData);

	const runData = run.data.resultData.runData;
	const taskOf = (nodeName: string, runIndex = 0) => runData[nodeName]?.[runIndex];
	const itemsOf = (nodeName: string, outputIndex = 0, runIndex = 0) =>
		taskOf(nodeName, runIndex)?.data?.main?.[outputIndex] ?? [];

	return {
		run,
		runData,
		status: run.status,
		executionError: run.data.resultData.error,
		executedNodes,
		taskOf,
		itemsOf,
		outputOf: (nodeName, outputIndex, runIndex) => itemsOf(nodeName, outputIndex, runIndex).map((i) => i.json),
		pairedItemsOf: (nodeName, outputIndex, runIndex) =>
			itemsOf(nodeName, outputIndex, runIndex).map((i) => normalisePairedItem(i.pairedItem)),
		errorOf: (nodeName, runIndex) => taskOf(nodeName, runIndex)?.error,
		decryptCount: helper.decryptCount - decryptsBefore,
		credentialsHelper: helper,
		staticData: JSON.parse(JSON.stringify(finalStaticData)) as IDataObject,
	};
}

function normalisePairedItem(p: INodeExecutionData['pairedItem']): IPairedItemData[] {
	if (p === undefined) return [];
	if (typeof p === 'number') return [{ item: p }];
	return Array.isArray(p) ? p : [p];
}

// ---------------------------------------------------------------------------------------------
// Webhook lifecycle: HookContext (checkExists / create / delete) and WebhookContext (webhook())
// ---------------------------------------------------------------------------------------------

type TriggerSetupOptions = {
	/** The trigger node (INode JSON, or the name of a node in `workflow`). */
	node: (Partial<INode> & Pick<INode, 'name' | 'type'>) | string;
	nodeType: AnyNodeType;
	/** The rest of the workflow, if it matters; default: a workflow holding only `node`. */
	workflow?: WorkflowInput;
	/** Other node types the workflow uses. */
	extraNodeTypes?: Record<string, AnyNodeType>;
	/**
	 * The workflow's static data. Pass the same object to every call, as n8n keeps it in its
	 * database: it is written back (as JSON) after a call that succeeds, and left as it was when
	 * the call throws.
	 */
	staticData?: IDataObject;
	/**
	 * Public base URL of n8n (`N8N_WEBHOOK_URL`), e.g. `http://127.0.0.1:5678/`. Production
	 * webhooks live under `<webhookUrl>webhook/`, test ones under `<webhookUrl>webhook-test/`.
	 */
	webhookUrl?: string;
	/** Name of the webhook description (default `'default'`). */
	webhookName?: string;
	autoAssignCredentials?: boolean;
} & CredentialsInput;

interface PreparedTrigger {
	workflow: Workflow;
	node: INode;
	nodeTypes: HarnessNodeTypes;
	helper: TestCredentialsHelper;
	webhookData: IWebhookData;
	additionalData: IWorkflowExecuteAdditionalData;
	snapshot: IDataObject | undefined;
}

function prepareTrigger(
	options: TriggerSetupOptions,
	isTest: boolean,
	extra: { httpRequest?: unknown; httpResponse?: unknown } = {},
): PreparedTrigger {
	const helper = resolveHelper(options);
	const inputNode = typeof options.node === 'string' ? undefined : options.node;
	const nodeName = typeof options.node === 'string' ? options.node : options.node.name;
	const workflowInput: WorkflowInput = options.workflow
		? { ...options.workflow, nodes: [...options.workflow.nodes] }
		: { nodes: [], connections: {} };
	if (inputNode && !workflowInput.nodes.some((n) => n.name === nodeName)) workflowInput.nodes.push(inputNode);
	const jsonNode = workflowInput.nodes.find((n) => n.name === nodeName);
	if (!jsonNode) throw new Error(`Harness: node "${nodeName}" is not in the workflow`);

	const nodeTypes = createNodeTypes(options.extraNodeTypes ?? {});
	nodeTypes.register({ [jsonNode.type]: options.nodeType });

	const snapshot = options.staticData ? (JSON.parse(JSON.stringify(options.staticData)) as IDataObject) : undefined;
	const workflow = buildWorkflow(workflowInput, nodeTypes, helper, {
		autoAssignCredentials: options.autoAssignCredentials,
		staticData: options.staticData,
	});
	const node = workflow.getNode(nodeName)!;
	const additionalData = createAdditionalData({
		credentialsHelper: helper,
		baseUrl: options.webhookUrl,
		...extra,
	});
	const webhookData = getWebhookData(workflow, node, nodeTypes, additionalData, options.webhookName ?? 'default', isTest);
	return { workflow, node, nodeTypes, helper, webhookData, additionalData, snapshot };
}

/** The `IWebhookData` n8n's WebhookService.getNodeWebhooks computes for a node's webhook. */
function getWebhookData(
	workflow: Workflow,
	node: INode,
	nodeTypes: INodeTypes,
	additionalData: IWorkflowExecuteAdditionalData,
	webhookName: string,
	isTest: boolean,
): IWebhookData {
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const description = nodeType.description.webhooks?.find((w) => w.name === webhookName);
	if (!description) {
		throw new Error(`Harness: node type "${node.type}" has no webhook named "${webhookName}"`);
	}
	let path = String(workflow.expression.getSimpleParameterValue(node, description.path, 'internal', {}) ?? '');
	if (path.startsWith('/')) path = path.slice(1);
	if (path.endsWith('/')) path = path.slice(0, -1);
	const isFullPath = workflow.expression.getSimpleParameterValue(
		node,
		description.isFullPath,
		'internal',
		{},
		undefined,
		false,
	) as boolean;
	const httpMethod = String(
		workflow.expression.getSimpleParameterValue(node, description.httpMethod, 'internal', {}, undefined, 'GET'),
	)
		.split(',')[0]
		.trim() as IHttpRequestMethods;
	return {
		httpMethod,
		node: node.name,
		path: NodeHelpers.getNodeWebhookPath(workflow.id, node, path, isFullPath),
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
		isTest,
	};
}

/**
 * The full URL n8n gives a node's webhook (`getNodeWebhookUrl`), for asserting what a hook registered.
 */
export function nodeWebhookUrl(options: {
	node: Partial<INode> & Pick<INode, 'name' | 'type'>;
	nodeType: AnyNodeType;
	webhookUrl?: string;
	webhookName?: string;
	mode?: 'trigger' | 'manual';
}): string | undefined {
	const prepared = prepareTrigger(
		{ node: options.node, nodeType: options.nodeType, webhookUrl: options.webhookUrl, webhookName: options.webhookName },
		options.mode === 'manual',
	);
	const context = new HookContext(
		prepared.workflow,
		prepared.node,
		prepared.additionalData,
		options.mode === 'manual' ? 'manual' : 'trigger',
		options.mode === 'manual' ? 'manual' : 'activate',
		prepared.webhookData,
	);
	return context.getNodeWebhookUrl((options.webhookName ?? 'default') as 'default');
}

export type RunHookOptions = TriggerSetupOptions & {
	/** 'trigger' = production activation (default); 'manual' = the editor's "listen for test event". */
	mode?: 'trigger' | 'manual';
	/** Default 'activate' in trigger mode, 'manual' in manual mode. */
	activation?: WorkflowActivateMode;
};

/**
 * Runs one of the node's `webhookMethods[webhookName][method]` through n8n-core's real HookContext,
 * as n8n's WebhookService.runWebhookMethod does. Returns what the method returned.
 */
export async function runHook(method: WebhookSetupMethodNames, options: RunHookOptions): Promise<boolean | undefined> {
	const isTest = options.mode === 'manual';
	const prepared = prepareTrigger(options, isTest);
	const nodeType = prepared.nodeTypes.getByNameAndVersion(prepared.node.type, prepared.node.typeVersion);
	const fn = nodeType.webhookMethods?.[prepared.webhookData.webhookDescription.name]?.[method];
	if (fn === undefined) return undefined;
	const context = new HookContext(
		prepared.workflow,
		prepared.node,
		prepared.additionalData,
		isTest ? 'manual' : 'trigger',
		options.activation ?? (isTest ? 'manual' : 'activate'),
		prepared.webhookData,
	);
	try {
		const result = (await fn.call(context)) as boolean | undefined;
		persistStaticData(options.staticData, prepared.workflow.staticData);
		return result;
	} catch (error) {
		restoreStaticData(options.staticData, prepared.snapshot);
		throw error;
	}
}

/** What n8n does on activation (WebhookService.createWebhookIfNotExists): checkExists, then create if false. */
export async function activateWebhook(options: RunHookOptions): Promise<{ existed: boolean; created: boolean }> {
	const existed = (await runHook('checkExists', options)) === true;
	if (existed) return { existed, created: false };
	await runHook('create', options);
	return { existed, created: true };
}

/** What n8n does on deactivation: run `delete`. */
export async function deactivateWebhook(options: RunHookOptions): Promise<boolean | undefined> {
	return await runHook('delete', options);
}

export type RunWebhookOptions = TriggerSetupOptions & {
	request: FakeRequestInput;
	/** 'webhook' = production call (default); 'manual' = test webhook. */
	mode?: 'webhook' | 'manual';
	/** Default true: a request whose method is not the webhook's gets n8n's 404, and webhook() is not called. */
	enforceMethod?: boolean;
};

export interface RunWebhookResult {
	/** What `webhook()` returned (undefined if it threw or was not called). */
	result: IWebhookResponseData | undefined;
	/** The response the caller got: what the node sent itself, or n8n's default answer. */
	response: RecordedResponse;
	/** What `webhook()` threw, if anything (n8n then answers 500). */
	error?: Error;
	request: ReturnType<typeof createFakeRequest>;
	credentialsHelper: TestCredentialsHelper;
}

/**
 * Calls the node's `webhook()` through n8n-core's real WebhookContext with an express-like req/res,
 * then answers the way n8n's webhook layer (webhook-helpers `executeWebhook`) does when the node
 * did not answer itself: `webhookResponse` if given, else `{message: 'Webhook call received'}`
 * (no workflowData) or, for the default `responseMode: onReceived`, `{message: 'Workflow was started'}`.
 */
export async function runWebhook(options: RunWebhookOptions): Promise<RunWebhookResult> {
	const isTest = options.mode === 'manual';
	const request = createFakeRequest(options.request);
	const { res, recorded } = createFakeResponse();
	const prepared = prepareTrigger(options, isTest, { httpRequest: request, httpResponse: res });
	const { workflow, node, webhookData, additionalData, helper } = prepared;
	const mode: WorkflowExecuteMode = isTest ? 'manual' : 'webhook';

	if (options.enforceMethod !== false && request.method !== webhookData.httpMethod.toUpperCase()) {
		res.status(404).json({
			code: 404,
			message: `The requested webhook "${request.method} ${webhookData.path}" is not registered.`,
		});
		return { result: undefined, response: recorded, request, credentialsHelper: helper };
	}

	const nodeType = prepared.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (nodeType.webhook === undefined) throw new Error(`Harness: node type "${node.type}" has no webhook()`);

	const description = webhookData.webhookDescription;
	const responseMode = workflow.expression.getSimpleParameterValue(
		node,
		description.responseMode,
		mode,
		{},
		undefined,
		'onReceived',
	);
	const responseCode = Number(
		workflow.expression.getSimpleParameterValue(node, description.responseCode as string, mode, {}, undefined, 200),
	);

	const context = new WebhookContext(
		workflow,
		node,
		additionalData,
		mode,
		webhookData,
		[],
		null,
	);

	let result: IWebhookResponseData;
	try {
		result = (await nodeType.webhook.call(context)) as IWebhookResponseData;
	} catch (error) {
		restoreStaticData(options.staticData, prepared.snapshot);
		if (!recorded.ended) {
			res.status(500).json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
		}
		return { result: undefined, response: recorded, error: error as Error, request, credentialsHelper: helper };
	}
	persistStaticData(options.staticData, workflow.staticData);

	if (!recorded.ended && result.noWebhookResponse !== true) {
		if (result.workflowData === undefined) {
			res.status(responseCode).send(result.webhookResponse ?? { message: 'Webhook call received' });
		} else if (responseMode === 'onReceived') {
			res.status(responseCode).send(result.webhookResponse ?? { message: 'Workflow was started' });
		}
	}
	return { result, response: recorded, request, credentialsHelper: helper };
}

// ---------------------------------------------------------------------------------------------
// loadOptions / listSearch through LoadOptionsContext
// ---------------------------------------------------------------------------------------------

export type LoadOptionsRunOptions = {
	nodeType: AnyNodeType;
	/** Full type name; default `<PACKAGE_NAME>.<description.name>`. */
	type?: string;
	typeVersion?: number;
	/** The node's current parameters, as the editor sends them. */
	parameters?: INode['parameters'];
	/** Node credentials reference; default: one for each supplied test credential the type declares. */
	nodeCredentials?: INodeCredentials;
	/** Path of the parameter being loaded, e.g. `parameters.groupId` (only `&sibling` lookups use it). */
	path?: string;
	baseUrl?: string;
} & CredentialsInput;

function prepareLoadOptions(options: LoadOptionsRunOptions) {
	const helper = resolveHelper(options);
	const baseDescription = NodeHelpers.getVersionedNodeType(options.nodeType, options.typeVersion).description;
	const type = options.type ?? `${PACKAGE_NAME}.${baseDescription.name}`;
	const nodeTypes = createNodeTypes({ [type]: options.nodeType });
	const typeVersion =
		options.typeVersion ??
		(Array.isArray(baseDescription.version)
			? Math.max(...baseDescription.version)
			: (baseDescription.version ?? 1));
	const parameters = options.parameters ?? {};
	// As n8n's DynamicNodeParametersService: a temporary one-node workflow around the node.
	const tempNode: INode = {
		id: 'harness-temp-node',
		name: 'Temp-Node',
		type,
		typeVersion,
		position: [0, 0],
		parameters,
		credentials: options.nodeCredentials,
	};
	if (!options.nodeCredentials) assignCredentials(tempNode, nodeTypes, helper);
	const workflow = new Workflow({
		nodes: [tempNode],
		connections: {},
		active: false,
		nodeTypes,
	});
	const additionalData = createAdditionalData({
		credentialsHelper: helper,
		baseUrl: options.baseUrl,
		currentNodeParameters: parameters,
	});
	const node = workflow.getNode('Temp-Node')!;
	const context = new LoadOptionsContext(workflow, node, additionalData, options.path ?? 'parameters');
	const nodeType = nodeTypes.getByNameAndVersion(type, typeVersion);
	return { context, nodeType, helper };
}

/** Runs `methods.loadOptions[method]` through n8n-core's real LoadOptionsContext. */
export async function loadOptions(
	method: string,
	options: LoadOptionsRunOptions,
): Promise<INodePropertyOptions[]> {
	const { context, nodeType } = prepareLoadOptions(options);
	const fn = nodeType.methods?.loadOptions?.[method];
	if (!fn) throw new Error(`Harness: node type has no methods.loadOptions.${method}`);
	return await fn.call(context);
}

/** Runs `methods.listSearch[method](filter, paginationToken)` through n8n-core's real LoadOptionsContext. */
export async function listSearch(
	method: string,
	options: LoadOptionsRunOptions & { filter?: string; paginationToken?: string },
): Promise<INodeListSearchResult> {
	const { context, nodeType } = prepareLoadOptions(options);
	const fn = nodeType.methods?.listSearch?.[method];
	if (!fn) throw new Error(`Harness: node type has no methods.listSearch.${method}`);
	return await fn.call(context, options.filter, options.paginationToken);
}
