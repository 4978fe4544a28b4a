/**
 * Whether Whapi's servers can deliver to the webhook URL n8n gave the trigger, checked before
 * registering so that a local n8n without a public address fails with a fix instead of
 * registering an entry Whapi can never reach. Pure.
 */

const PRIVATE_HOST = [
	/^localhost\.?$/,
	/^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./,
	/^\[?::ffff:/,
	/\.localhost$/,
	/\.local$/,
	/\.internal$/,
	/^127\./,
	/^10\./,
	/^192\.168\./,
	/^172\.(1[6-9]|2\d|3[01])\./,
	/^169\.254\./,
	/^0\.0\.0\.0$/,
	/^\[?::1\]?$/,
	/^\[?f[cd][0-9a-f]{2}:/,
	/^\[?fe80:/,
];

function isPrivateHost(hostname: string): boolean {
	const host = hostname.toLowerCase();
	return PRIVATE_HOST.some((pattern) => pattern.test(host));
}

/**
 * Why Whapi could not deliver to this URL, or undefined when it can. A loopback or private
 * address is fine only when the Whapi base URL is private too (a local gateway or test server).
 */
export function unreachableReason(webhookUrl: string, whapiBaseUrl: string): string | undefined {
	let hook: URL;
	try {
		hook = new URL(webhookUrl);
	} catch {
		return `n8n gave this trigger the webhook URL "${webhookUrl}", which is not a valid URL`;
	}
	if (hook.protocol !== 'https:' && hook.protocol !== 'http:') {
		return `the webhook URL ${webhookUrl} is not an http(s) URL`;
	}
	// A Base URL that is not a URL is not private: the activation then fails on it, naming it.
	const whapiIsPrivate = URL.canParse(whapiBaseUrl) && isPrivateHost(new URL(whapiBaseUrl).hostname);
	if (isPrivateHost(hook.hostname) && !whapiIsPrivate) {
		return `the webhook URL ${webhookUrl} points at this machine or a private network, which Whapi's servers cannot reach`;
	}
	return undefined;
}
