/**
 * The one door to Whapi. Every call of both nodes goes through `WhapiTransport`: it holds the
 * credential decrypted once per execution, builds the URL, authenticates through n8n's
 * credential, retries transient failures, and turns failed answers into NodeApiErrors that
 * carry the item index and say what to fix. Nothing else in the package builds a Whapi URL.
 */

import { createHash } from 'crypto';

import {
	NodeApiError,
	sleep,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IN8nHttpFullResponse,
	type IWebhookFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { RequestGate, type GateLimits } from './gate';
import { describeWhapiError, findRefusal } from './errors';
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

/** Errors of calls that may have been carried out although no answer said so. */
const unknownOutcomes = new WeakSet<object>();

/**
 * Whether a call that ended in this error may still have taken effect: its connection dropped
 * or timed out after the request went out, or an earlier attempt's answer was lost.
 */
export function outcomeUnknown(error: unknown): boolean {
	return typeof error === 'object' && error !== null && unknownOutcomes.has(error);
}
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
		const token = typeof this.credentials.token === 'string' ? this.credentials.token : '';
		return `${this.baseUrl} ${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;
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

	/** A successful answer's body; anything else becomes a NodeApiError that says what to fix. */
	async request<T = unknown>(call: WhapiCall): Promise<T> {
		const answer = await this.send(call);
		const refusal = answer.status < 300 ? findRefusal(answer.body) : undefined;
		if (answer.status >= 300 || refusal !== undefined) throw this.failure(call, answer);
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
				)) as IN8nHttpFullResponse;
			} catch (error) {
				const code = networkErrorCode(error);
				if (attempt < this.policy.maxRetries && isTransientNetworkCode(code)) {
					afterLostAnswer = true;
					await sleep(retryDelay(attempt, this.policy, Math.random()));
					continue;
				}
				const failure = this.unreachable(call, code, error);
				if (afterLostAnswer || isTransientNetworkCode(code)) unknownOutcomes.add(failure);
				throw failure;
			}
			if (attempt < this.policy.maxRetries && isTransientStatus(response.statusCode)) {
				afterLostAnswer ||= mayHaveTakenEffect(response.statusCode);
				const retryAfter = parseRetryAfter(response.headers?.['retry-after']);
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
		const refusal = answer.status < 300 ? findRefusal(answer.body) : undefined;
		const described =
			refusal !== undefined
				? {
						message: `Whapi did not carry out the request: ${refusal}`,
						description: 'Whapi answered HTTP 200 with success: false. Check the Group and Applicant of this item.',
					}
				: describeWhapiError(answer.status, answer.body, { groupId: call.groupId });
		const response: JsonObject =
			answer.body && typeof answer.body === 'object' ? { response: answer.body as JsonObject } : {};
		return new NodeApiError(this.context.getNode(), response, {
			message: withApplicant(described.message, call),
			description: described.description,
			httpCode: String(answer.status),
			itemIndex: call.itemIndex,
		});
	}

	private unreachable(call: WhapiCall, code: string | undefined, error: unknown): NodeApiError {
		// The request's own error is not passed on whole: its config holds the Authorization header.
		const reason = code ?? (error instanceof Error ? error.message : 'unknown error');
		return new NodeApiError(
			this.context.getNode(),
			{ code: code ?? 'UNKNOWN' },
			{
				message: withApplicant(`Could not reach Whapi at ${this.baseUrl} (${reason})`, call),
				// n8n replaces the message of a dropped connection with its own words: the description
				// keeps the applicant too.
				description: withApplicant(
					`Check the Base URL in the Whapi API credential (normally ${DEFAULT_BASE_URL}) and that this n8n can reach it.`,
					call,
				),
				itemIndex: call.itemIndex,
			},
		);
	}
}

/** Names the applicant of a failed decision, so that a failed execution says whom to decide again. */
function withApplicant(message: string, call: WhapiCall): string {
	return call.applicant === undefined ? message : `${message} (applicant ${call.applicant})`;
}
