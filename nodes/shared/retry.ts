/**
 * When to try a Whapi call again and how long to wait first. Pure: the transport supplies the
 * attempt number, the answer's status or network error code, and a random number.
 */

export interface RetryPolicy {
	/** Further attempts after the first one; 0 turns retrying off. */
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 30_000 };

const TRANSIENT_STATUSES = new Set([429, 500, 502, 503, 504]);
const TRANSIENT_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'UND_ERR_SOCKET',
]);

export function isTransientStatus(status: number): boolean {
	return TRANSIENT_STATUSES.has(status);
}

/**
 * Whether a failed attempt may still have been carried out: a server error or a gateway's 502 or
 * 504 can come after the work was done, while 429 and 503 say it was not taken on.
 */
export function mayHaveTakenEffect(status: number): boolean {
	return status === 500 || status === 502 || status === 504;
}

export function isTransientNetworkCode(code: string | undefined): boolean {
	return code !== undefined && TRANSIENT_NETWORK_CODES.has(code);
}

/** The network error code (ECONNRESET, ETIMEDOUT, …) somewhere in an error's cause chain. */
export function networkErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	if (!(error instanceof Error)) return undefined;
	if (/socket hang up/i.test(error.message)) return 'ECONNRESET';
	if (/timeout/i.test(error.message)) return 'ETIMEDOUT';
	return undefined;
}

/** Reads a Retry-After header (delay-seconds or an HTTP date) as milliseconds, if usable. */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	// Whatever else it is (an object, a boolean, null) fails both forms below.
	const trimmed = String(text).trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	// Only an HTTP date (RFC 9110 IMF-fixdate); Date.parse reads loose text as some date in 2001.
	if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(trimmed)) return undefined;
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/**
 * Delay before retry number `attempt` (0 for the first retry): Whapi's Retry-After when it gave
 * one, else exponential back-off with "equal jitter" so that many items failing together do not
 * come back in lockstep. Always capped by `maxDelayMs`.
 */
export function retryDelay(
	attempt: number,
	policy: RetryPolicy,
	random: number,
	retryAfterMs?: number,
): number {
	if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
	return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
