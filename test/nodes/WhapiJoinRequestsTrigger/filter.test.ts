import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { checkWatchedGroups, readFilter } from '../../../nodes/WhapiJoinRequestsTrigger/filter';
import { fakeNode } from '../fake-node';
import { GROUP, OTHER_GROUP, TRIGGER_NAME } from '../fixtures';

/** A hand-made context whose parameters are `parameters`; absent ones take n8n's fallback. */
function context(parameters: Record<string, unknown>): IHookFunctions & IWebhookFunctions {
	const node = fakeNode('whapiJoinRequestsTrigger', TRIGGER_NAME);
	return {
		getNode: () => node,
		getNodeParameter: (name: string, fallback: unknown) => (name in parameters ? parameters[name] : fallback),
	} as unknown as IHookFunctions & IWebhookFunctions;
}

describe('readFilter', () => {
	it('reads an Events expression "request, add" as those two events, without the spaces', () => {
		expect(readFilter(context({ actions: 'request, add' })).actions).toEqual(new Set(['request', 'add']));
	});

	it('skips the empty item a trailing comma leaves in a Group Names or IDs expression', () => {
		expect(readFilter(context({ groups: `${GROUP}, ` })).groups).toEqual(new Set([GROUP]));
	});

	it('reads an item of the groups list that is not text as its text, so that it matches no group rather than all', () => {
		expect(readFilter(context({ groups: [42, null, OTHER_GROUP] })).groups).toEqual(new Set(['42', 'null', OTHER_GROUP]));
	});
});

describe('checkWatchedGroups', () => {
	it('refuses a watched group that is not a group ID with a message naming it and a description saying what to give', () => {
		let thrown: unknown;
		try {
			checkWatchedGroups(context({ groups: [GROUP, 'team-chat'] }));
		} catch (error) {
			thrown = error;
		}
		const { message, description } = thrown as { message: string; description: string };
		expect({ message, description }).toEqual({
			message:
				'Group Names or IDs: "team-chat" is not a WhatsApp group ID. A group ID is 10 to 31 digits or dashes followed by @g.us, such as 120363012345678901@g.us.',
			description: 'Pick the groups from the list, or give IDs such as 120363012345678901@g.us (the @g.us may be left out).',
		});
	});

	it.each([
		['a number', 42, '"42" is not a WhatsApp group ID'],
		['null', null, '"null" is not a WhatsApp group ID'],
	])('refuses %s among the watched groups instead of dropping it and watching every group', (_label, item, says) => {
		expect(() => checkWatchedGroups(context({ groups: [GROUP, item] }))).toThrow(says);
	});
});
