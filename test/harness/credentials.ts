import './env';

import {
	ICredentials,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	isExpression,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentialsEncrypted,
	type ICredentialsExpressionResolveValues,
	type IExecuteData,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IRequestOptionsSimplified,
	type IWorkflowDataProxyAdditionalKeys,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

/** One `getDecrypted` call, as the harness saw it. */
export interface DecryptCall {
	type: string;
	nodeName?: string;
	mode: WorkflowExecuteMode;
	raw: boolean;
}

/** A credential that exists only in memory. `getData` returns a copy. */
class InMemoryCredentials extends ICredentials {
	constructor(
		details: INodeCredentialsDetails,
		type: string,
		private readonly store: Map<string, ICredentialDataDecryptedObject>,
	) {
		super(details, type);
	}

	async getData(): Promise<ICredentialDataDecryptedObject> {
		return structuredClone(this.store.get(this.type) ?? {});
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: JSON.stringify(this.store.get(this.type) ?? {}) };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.store.set(this.type, structuredClone(data));
	}

	async updateData(toUpdate: Partial<ICredentialDataDecryptedObject>, toDelete: string[] = []): Promise<void> {
		const current = { ...(this.store.get(this.type) ?? {}), ...toUpdate } as ICredentialDataDecryptedObject;
		for (const key of toDelete) delete current[key];
		this.store.set(this.type, current);
	}
}

/** Minimal node types for the one-node workflow used to resolve `={{$credentials.x}}` outside a run. */
const mockNodeTypes: INodeTypes = {
	getByName: () => mockNodeType,
	getByNameAndVersion: () => mockNodeType,
	getKnownTypes: () => ({}),
};
const mockNodeType: INodeType = {
	description: {
		displayName: 'Mock',
		name: 'mock',
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name: 'Mock' },
		inputs: [],
		outputs: [],
		properties: [],
	},
};
const mockNode: INode = {
	id: 'harness-mock-node',
	name: 'Harness Mock Node',
	type: 'mock',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/**
 * A credentials helper modelled on n8n's CLI `CredentialsHelper` (packages/cli/src/credentials-helper.ts):
 * - `getDecrypted` returns the test credential of that type, with the credential type's defaults
 *   filled in (as `applyDefaultsAndOverwrites` does) and counts the call;
 * - `authenticate` applies a declarative `generic` authenticate (headers / qs / body / auth, keys
 *   and values resolved as n8n expressions with `$credentials`) or calls a function `authenticate`;
 * - `preAuthentication` follows n8n's rule (only for a type with a hidden `expirable` property),
 *   and returns undefined otherwise. Being defined, it makes n8n-core retry a request once on 401,
 *   exactly as in a real n8n.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	/** Number of `getDecrypted` calls since creation or the last `resetCounts()`. */
	decryptCount = 0;
	readonly decryptCalls: DecryptCall[] = [];
	/** Number of `authenticate` calls (one per HTTP attempt, a 401 retry included). */
	authenticateCount = 0;

	private readonly store = new Map<string, ICredentialDataDecryptedObject>();

	constructor(
		credentials: Record<string, ICredentialDataDecryptedObject>,
		readonly credentialTypes: Record<string, ICredentialType>,
	) {
		super();
		for (const [type, data] of Object.entries(credentials)) this.store.set(type, structuredClone(data));
	}

	resetCounts(): void {
		this.decryptCount = 0;
		this.decryptCalls.length = 0;
		this.authenticateCount = 0;
	}

	/** The stored (raw) test credential of a type, e.g. after a preAuthentication refresh. */
	getStored(type: string): ICredentialDataDecryptedObject | undefined {
		return this.store.get(type);
	}

	hasCredential(type: string): boolean {
		return this.store.has(type);
	}

	private getType(typeName: string): ICredentialType {
		const type = this.credentialTypes[typeName];
		if (!type) throw new Error(`Harness: unknown credential type "${typeName}" (pass it in credentialTypes)`);
		return type;
	}

	getParentTypes(typeName: string): string[] {
		const type = this.credentialTypes[typeName];
		if (!type?.extends) return [];
		const parents: string[] = [];
		for (const parent of type.extends) parents.push(parent, ...this.getParentTypes(parent));
		return parents;
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		this.authenticateCount++;
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const credentialType = this.getType(typeName);
		const { authenticate } = credentialType;
		if (!authenticate) return requestOptions;

		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}

		if (authenticate.type === 'generic') {
			const wf = workflow ?? new Workflow({ nodes: [mockNode], connections: {}, active: false, nodeTypes: mockNodeTypes });
			const n = node ?? mockNode;
			if (requestOptions.headers === undefined) requestOptions.headers = {};
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
					const keyResolved = resolveValue(key, { $credentials: credentials }, wf, n);
					const valueResolved = resolveValue(value, { $credentials: credentials }, wf, n);
					const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
					if (!target[outerKey]) target[outerKey] = {};
					target[outerKey][keyResolved] = valueResolved;
				}
			}
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.getType(typeName);
		const expirable = credentialType.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (expirable?.name === undefined) return undefined;
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = (await credentialType.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		this.store.set(typeName, { ...(this.store.get(typeName) ?? {}), ...output });
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.getType(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		return (output as ICredentialDataDecryptedObject | undefined) ?? undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		return new InMemoryCredentials(nodeCredentials, type, this.store);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		this.decryptCount++;
		this.decryptCalls.push({
			type,
			nodeName: expressionResolveValues?.node.name ?? executeData?.node.name,
			mode,
			raw: raw === true,
		});
		const stored = this.store.get(type);
		if (stored === undefined) {
			throw new Error(`Harness: no test credential of type "${type}"`);
		}
		const data = structuredClone(stored);
		if (raw === true) return data;
		// As n8n does: fill in the defaults of the credential type's properties.
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			data as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (data.oauthTokenData !== undefined) withDefaults.oauthTokenData = data.oauthTokenData;
		return withDefaults;
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.set(type, structuredClone(data));
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.set(type, { ...(this.store.get(type) ?? {}), oauthTokenData: data.oauthTokenData });
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.getType(type);
		if (credentialType.extends === undefined) return credentialType.properties;
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}
}

/** Resolves `={{$credentials.x}}`-style values the way n8n's CLI does (`getSimpleParameterValue`). */
function resolveValue(
	parameterValue: string,
	additionalKeys: IWorkflowDataProxyAdditionalKeys,
	workflow: Workflow,
	node: INode,
): string {
	if (!isExpression(parameterValue)) return parameterValue;
	const returnValue = workflow.expression.getSimpleParameterValue(
		node,
		parameterValue,
		'internal',
		additionalKeys,
		undefined,
		'',
	);
	if (!returnValue) return '';
	return String(returnValue);
}

/**
 * Builds the harness credentials helper.
 * @param credentials test credential data by credential type name (`{ whapiApi: { token, baseUrl } }`)
 * @param credentialTypes credential type instances by name (`{ whapiApi: new WhapiApi() }`)
 */
export function credentialsHelper(
	credentials: Record<string, ICredentialDataDecryptedObject>,
	credentialTypes: Record<string, ICredentialType>,
): TestCredentialsHelper {
	return new TestCredentialsHelper(credentials, credentialTypes);
}
