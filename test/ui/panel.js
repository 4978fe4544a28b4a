'use strict';
// What n8n's node panel should show for our package, worked out from the node descriptions n8n
// serves (/types/nodes.json) with the editor's own rules (n8n 2.40.7): a trigger merges into the
// app whose name is its own without "Trigger"; its events come from the property displayed as
// "Events" (an option's `action`, else "On <name in lower case>"); the app's actions come from
// each resource's `operation` options (`action`, else "<Resource> <Operation>").
const assert = require('node:assert/strict');

const PACKAGE_NAME = 'n8n-nodes-whapi-join-requests';
const ACTION_TYPE = `${PACKAGE_NAME}.whapiJoinRequests`;
const TRIGGER_TYPE = `${PACKAGE_NAME}.whapiJoinRequestsTrigger`;

// The public interface (CONTRACT.md): which values the panel must offer.
const CONTRACT = {
	events: ['request', 'revoke_request', 'rejected_request', 'add', 'remove', 'promote', 'demote'],
	operations: {
		joinRequest: ['list', 'accept', 'reject', 'decide'],
		group: ['setJoinApproval', 'getInviteLink', 'revokeInviteLink'],
	},
};

// n8n adds a "Custom API Call" operation to nodes it can call with their credential; the panel hides it.
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

const startCase = (s) => s.replace(/(^|\s)\S/g, (c) => c.toUpperCase());

function describeType(nodeTypes, name) {
	const type = nodeTypes.find((t) => t.name === name);
	assert.ok(type, `n8n did not load ${name}`);
	return type;
}

/** The trigger's events as the panel lists them, checked against the contract's values. */
function triggerEvents(trigger) {
	const property = trigger.properties.find((p) => ['event', 'events', 'trigger on'].includes(p.displayName?.toLowerCase()));
	assert.ok(property?.options, 'the trigger has no property displayed as "Events": the panel would show no events');
	assert.deepEqual(property.options.map((o) => o.value).sort(), [...CONTRACT.events].sort(), 'the trigger\'s event values');
	return property.options.map((o) => o.action ?? `On ${o.name.toLowerCase()}`);
}

/** The action node's operations as the panel lists them, per resource, checked against the contract. */
function appActions(app) {
	const resource = app.properties.find((p) => p.name === 'resource');
	const names = [];
	for (const r of resource.options.filter((o) => o.value !== CUSTOM_API_CALL)) {
		const operation = app.properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(r.value),
		);
		assert.ok(operation?.options, `resource ${r.value} has no operation list`);
		const expected = CONTRACT.operations[r.value];
		assert.ok(expected, `resource ${r.value} is not in the contract`);
		const options = operation.options.filter((o) => o.value !== CUSTOM_API_CALL);
		assert.deepEqual(options.map((o) => o.value).sort(), [...expected].sort(), `operations of ${r.value}`);
		names.push(...options.map((o) => o.action ?? `${r.name} ${startCase(o.name)}`));
	}
	assert.ok(resource.options.some((r) => r.value === 'joinRequest'), 'the joinRequest resource');
	return names;
}

/** {entry, events, actions}: the one panel entry's name and what its actions list must hold. */
function expectedPanel(nodeTypes) {
	const app = describeType(nodeTypes, ACTION_TYPE);
	const trigger = describeType(nodeTypes, TRIGGER_TYPE);
	assert.equal(trigger.name.replace('Trigger', ''), app.name, 'the trigger merges into the action node\'s entry');
	return { entry: app.displayName, events: triggerEvents(trigger), actions: appActions(app) };
}

module.exports = { expectedPanel, ACTION_TYPE, TRIGGER_TYPE, PACKAGE_NAME };
