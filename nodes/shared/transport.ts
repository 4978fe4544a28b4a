/**
 * The one door to Whapi. Every call of both nodes goes through `WhapiTransport`: it holds the
 * credential decrypted once per execution, builds the URL, authenticates through n8n's
 * credential, retries transient failures, and turns failed answers into NodeApiErrors that
 * carry the item index and say what to fix. Nothing else in the package builds a Whapi URL.
 */

import { createHash } from 'crypto';

import {
	NodeOperationError,
	sleep,
	type NodeApiError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IN8nHttpFullResponse,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { CallStopped, RequestGate, type GateLimits } from './gate';
import { findRefusal } from './errors';
import { answerFailure, unreachableFailure } from './failures';
import {
	DEFAULT_RETRY_POLICY,
	isTransientNetworkCode,
	isTransientStatus,
	mayHaveTakenEffect,
	networkErrorCode,
	parseRetryAfter,
	retryDelay,
	type RetryPolicy,
} from './retry';

export const CREDENTIAL_TYPE = 'whapiApi';

export const DEFAULT_BASE_URL = 'https://gate.whapi.cloud';
const REQUEST_TIMEOUT_MS = 30_000;

export type WhapiContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

export interface WhapiCall {
	method: IHttpRequestMethods;
	/** Path below the base URL, starting with `/`. Group IDs in it are validated beforehand. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** The group the call is about, so that a 403 or 404 can name it. */
	groupId?: string;
	/** The applicant a decision is about, so that an error names who is still waiting. */
	applicant?: string;
	/** The input item the call serves, carried into every error. */
	itemIndex?: number;
	/** Shorter than the default where a caller waits on the call, such as a webhook answering Whapi. */
	timeoutMs?: number;
}

export interface WhapiAnswer {
	status: number;
	body: unknown;
	/**
	 * Whether this or an earlier attempt may have been carried out although its answer was lost
	 * (a 500, 502 or 504, a dropped connection, a timeout): the answer may then describe its effect.
	 */
	afterLostAnswer: boolean;
}

function baseUrlOf(credentials: ICredentialDataDecryptedObject): string {
	const configured = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	return (configured || DEFAULT_BASE_URL).replace(/\/+$/, '');
}

export class WhapiTransport {
	private constructor(
		private readonly context: WhapiContext,
		private readonly credentials: ICredentialDataDecryptedObject,
		readonly baseUrl: string,
		private readonly policy: RetryPolicy,
		private readonly gate: RequestGate,
	) {}

	private readonly variants = new Map<number, WhapiTransport>();

	/**
	 * Decrypts the credential once; reuse the transport for every item of the execution, so that
	 * all its calls share one gate (concurrency, pacing, and the pause after a 429).
	 */
	static async connect(context: WhapiContext, maxRetries?: number, limits: GateLimits = { concurrency: 1 }): Promise<WhapiTransport> {
		const credentials = await context.getCredentials(CREDENTIAL_TYPE);
		const policy = { ...DEFAULT_RETRY_POLICY, maxRetries: maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries };
		return new WhapiTransport(context, credentials, baseUrlOf(credentials), policy, new RequestGate(limits));
	}

	/** How many calls this transport lets run at once. */
	get concurrency(): number {
		return this.gate.limits.concurrency;
	}

	/** Names the channel (base URL and a hash of the token) without revealing the token. */
	get channel(): string {
		return `${this.baseUrl} ${createHash('sha256').update(String(this.credentials.token)).digest('hex')}`;
	}

	/**
	 * The same door with another Max Retries: options are read per item, the credential once.
	 * One object per value, so what is kept per transport (the @lid lookups) is shared by the items.
	 */
	withMaxRetries(maxRetries: number): WhapiTransport {
		if (maxRetries === this.policy.maxRetries) return this;
		let variant = this.variants.get(maxRetries);
		if (variant === undefined) {
			variant = new WhapiTransport(this.context, this.credentials, this.baseUrl, { ...this.policy, maxRetries }, this.gate);
			this.variants.set(maxRetries, variant);
		}
		return variant;
	}

	/** From now on, starts no call of an item after `itemIndex`, which failed the execution. */
	stopAfter(itemIndex: number): void {
		this.gate.stopAfter(itemIndex);
	}

	/** A successful answer's body; anything else becomes a NodeApiError that says what to fix. */
	async request<T = unknown>(call: WhapiCall): Promise<T> {
		const answer = await this.send(call);
		if (answer.status >= 300 || findRefusal(answer.body) !== undefined) throw this.failure(call, answer);
		return answer.body as T;
	}

	/**
	 * Sends a call, retrying 429/5xx answers and dropped connections with back-off, and returns
	 * whatever Whapi finally answered. Callers that give some failures a meaning of their own
	 * (an applicant no longer pending) use this and `failure()`.
	 */
	async send(call: WhapiCall): Promise<WhapiAnswer> {
		const options: IHttpRequestOptions = {
			method: call.method,
			url: `${this.baseUrl}${call.path}`,
			qs: call.qs,
			body: call.body,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: call.timeoutMs ?? REQUEST_TIMEOUT_MS,
		};
		let afterLostAnswer = false;
		for (let attempt = 0; ; attempt++) {
			let response: IN8nHttpFullResponse;
			try {
				response = (await this.gate.run(async () =>
					this.context.helpers.httpRequestWithAuthentication.call(this.context, CREDENTIAL_TYPE, options, {
						credentialsDecrypted: { id: '', name: '', type: CREDENTIAL_TYPE, data: this.credentials },
					}),
				call.itemIndex)) as IN8nHttpFullResponse;
			} catch (error) {
				if (error instanceof CallStopped) {
					throw new NodeOperationError(this.context.getNode(), error.message, { itemIndex: call.itemIndex });
				}
				const code = networkErrorCode(error);
				if (attempt < this.policy.maxRetries && isTransientNetworkCode(code)) {
					afterLostAnswer = true;
					await sleep(retryDelay(attempt, this.policy, Math.random()));
					continue;
				}
				throw unreachableFailure(this.context.getNode(), call, {
					baseUrl: this.baseUrl,
					defaultBaseUrl: DEFAULT_BASE_URL,
					code,
					error,
					outcomeUnknown: afterLostAnswer || isTransientNetworkCode(code),
				});
			}
			if (attempt < this.policy.maxRetries && isTransientStatus(response.statusCode)) {
				afterLostAnswer ||= mayHaveTakenEffect(response.statusCode);
				const retryAfter = parseRetryAfter(response.headers['retry-after']);
				const delay = retryDelay(attempt, this.policy, Math.random(), retryAfter);
				// Rate limiting concerns the channel, not this one call: every call of the execution
				// waits, and this one retries through the gate once the pause is over.
				if (response.statusCode === 429) this.gate.pause(delay);
				else await sleep(delay);
				continue;
			}
			afterLostAnswer ||= mayHaveTakenEffect(response.statusCode);
			return { status: response.statusCode, body: response.body, afterLostAnswer };
		}
	}

	/** The error for a failed answer: Whapi's code and message, and what the user should fix. */
	failure(call: WhapiCall, answer: WhapiAnswer): NodeApiError {
		return answerFailure(this.context.getNode(), call, answer);
	}
}
