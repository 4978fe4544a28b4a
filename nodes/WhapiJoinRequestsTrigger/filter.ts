/**
 * Which events a trigger watches, from its Group Names or IDs and Events parameters. Group IDs
 * are read as the action node reads them (`120363…` is `120363…@g.us`); an invalid one fails the
 * activation, naming it, instead of silently dropping every event.
 */

import { NodeOperationError, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';

import { normalizeGroupId } from '../shared/identifiers';
import type { EventFilter } from './events';

/**
 * `groups` may come from an expression: accept a list, or one comma-separated string. Anything
 * else in it (a number, null) is read as text, so that activation refuses it as a group ID rather
 * than the trigger dropping it and watching every group.
 */
function asStrings(value: unknown): string[] {
	const list: unknown[] = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
	return list.map((v) => String(v).trim()).filter(Boolean);
}

/** Refuses, at activation, a watched group that is not a group ID. */
export function checkWatchedGroups(context: IHookFunctions): void {
	for (const value of asStrings(context.getNodeParameter('groups', []))) {
		try {
			normalizeGroupId(value);
		} catch (error) {
			throw new NodeOperationError(context.getNode(), `Group Names or IDs: ${(error as Error).message}`, {
				description: 'Pick the groups from the list, or give IDs such as 120363012345678901@g.us (the @g.us may be left out).',
			});
		}
	}
}

export function readFilter(context: IWebhookFunctions): EventFilter {
	// Activation refused invalid IDs; one that an expression yields only now matches nothing.
	const groups = asStrings(context.getNodeParameter('groups', [])).map((value) => {
		try {
			return normalizeGroupId(value);
		} catch {
			return value;
		}
	});
	return { actions: new Set(asStrings(context.getNodeParameter('actions', ['request']))), groups: new Set(groups) };
}
