/**
 * Reading and writing the channel's webhook list, which every trigger on a channel shares.
 * Whapi's `PATCH /settings` replaces the whole list and has no compare-and-swap, so each write is
 * a read-modify-write that a concurrent writer can undo. Inside this n8n process, writes to one
 * channel therefore run one at a time (a promise chain per base URL and token hash), and after a
 * write the list is read back, and again after a short settle delay, and repaired if someone
 * undid the change: "published" means our entry is there.
 *
 * What no client can prevent: another program, or another n8n instance on the same channel,
 * writing between our read and our write or after our last check. Its list then drops our entry
 * (or ours drops its entry) until the next publish; keep one n8n instance per channel.
 */

import { NodeOperationError, sleep, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';

import type { WhapiTransport } from '../shared/transport';
import { hasMaskedHeaders, readWebhooks, type WebhookEntry } from './webhookEntry';

const WRITE_ATTEMPTS = 3;
/**
 * `settleMs`: long enough for a write that was in flight when we checked to land before we check
 * again. Tests that do not race writers shorten it.
 */
export const listTiming = { settleMs: 500 };

const channelQueues = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier task for the same channel has ended, whatever their outcome. */
async function oneAtATime<T>(channel: string, task: () => Promise<T>): Promise<T> {
	const run = (channelQueues.get(channel) ?? Promise.resolve()).then(task);
	const tail = run.catch(() => undefined);
	channelQueues.set(channel, tail);
	try {
		return await run;
	} finally {
		if (channelQueues.get(channel) === tail) channelQueues.delete(channel);
	}
}

/** The list as Whapi reads it, or undefined when its answer has none (a read that writes nothing). */
export async function peekList(transport: WhapiTransport): Promise<WebhookEntry[] | undefined> {
	return readWebhooks(await transport.request({ method: 'GET', path: '/settings' }));
}

/** The list to write back; refuses when it is absent, since writing would erase every other entry. */
export async function readList(context: IHookFunctions | IWebhookFunctions, transport: WhapiTransport): Promise<WebhookEntry[]> {
	const list = await peekList(transport);
	if (list === undefined) {
		throw new NodeOperationError(context.getNode(), 'Whapi\'s channel settings came back without a webhooks list, so nothing was written', {
			description:
				'Writing a list now could erase the channel\'s other webhooks. Try again in a moment; if it persists, turn off Register Webhook and add the webhook in the Whapi panel.',
		});
	}
	return list;
}

function refuseMasked(context: IHookFunctions, list: WebhookEntry[]): void {
	if (!list.some(hasMaskedHeaders)) return;
	throw new NodeOperationError(context.getNode(), 'Whapi shows the channel\'s webhook header values masked, so nothing was written', {
		description:
			'Writing the list back would replace the other webhooks\' header values with the mask. Turn off Register Webhook and add this trigger\'s webhook in the Whapi panel instead.',
	});
}

/**
 * Makes `holds` true of the channel's list by writing `change` of it, one writer of this process
 * at a time, and fails saying why when Whapi does not keep the change.
 */
export async function updateList(
	context: IHookFunctions,
	transport: WhapiTransport,
	change: (webhooks: WebhookEntry[]) => WebhookEntry[],
	holds: (webhooks: WebhookEntry[]) => boolean,
): Promise<void> {
	await oneAtATime(transport.channel, async () => {
		let list = await readList(context, transport);
		if (holds(list)) return;
		for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
			const next = change(list);
			refuseMasked(context, next);
			await transport.request({ method: 'PATCH', path: '/settings', body: { webhooks: next } });
			list = await readList(context, transport);
			if (!holds(list)) continue;
			await sleep(listTiming.settleMs);
			list = await readList(context, transport);
			if (holds(list)) return;
		}
		throw new NodeOperationError(context.getNode(), 'Whapi did not keep the change to the channel\'s webhooks: another program or another n8n instance is rewriting them at the same time', {
			description:
				'Whapi replaces the whole webhook list on every change and cannot refuse a stale one, so two writers undo each other. Stop the other writer (or use one n8n instance per channel) and publish again.',
		});
	});
}
