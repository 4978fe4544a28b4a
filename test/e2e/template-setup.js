'use strict';
// What a user does after importing a template, shared by the template tests and the demo:
// the editor gives each webhook node a webhookId, the user selects credentials, fills in the
// Settings node and, for the trigger, picks groups. Nothing else in the template changes.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const TEMPLATES_DIR = path.join(__dirname, '..', '..', 'templates');
const TRIGGER_TYPE = 'n8n-nodes-whapi-join-requests.whapiJoinRequestsTrigger';

const clone = (value) => JSON.parse(JSON.stringify(value));

function readTemplate(file) {
	return JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, file), 'utf8'));
}

/** The description n8n reported for this node's type and version, from /types/nodes.json. */
function descriptionOf(nodeTypes, node) {
	return nodeTypes.find((t) => t.name === node.type && [].concat(t.version).includes(node.typeVersion));
}

function setUpTemplate(template, { credentials = {}, settings = {}, triggerGroups, nodeTypes, name }) {
	const workflow = clone(template);
	workflow.name = name ?? `${workflow.name} (e2e ${crypto.randomUUID().slice(0, 8)})`;
	for (const node of workflow.nodes) {
		const description = descriptionOf(nodeTypes, node);
		if (description?.webhooks?.length && !node.webhookId) node.webhookId = crypto.randomUUID();
		const wanted = [
			...(description?.credentials ?? [])
				.filter((c) => !c.displayOptions || c.displayOptions.show?.authentication?.includes(node.parameters.authentication))
				.map((c) => c.name),
			...(node.parameters.authentication === 'predefinedCredentialType' ? [node.parameters.nodeCredentialType] : []),
		];
		for (const type of wanted) {
			if (!credentials[type]) continue;
			node.credentials = { ...node.credentials, [type]: { id: credentials[type].id, name: credentials[type].name } };
		}
		if (node.name === 'Settings') {
			for (const assignment of node.parameters.assignments.assignments) {
				if (assignment.name in settings) assignment.value = settings[assignment.name];
			}
		}
		if (node.type === TRIGGER_TYPE && triggerGroups) node.parameters.groups = triggerGroups;
	}
	return workflow;
}

/** A data table `name` with a string column `phone` holding `phones`, in the owner's project; its id. */
async function createAllowlist(n8n, name, phones) {
	const projectId = (await n8n.request('GET', '/rest/projects/personal')).id;
	const table = await n8n.request('POST', `/rest/projects/${projectId}/data-tables`, {
		name,
		columns: [{ name: 'phone', type: 'string' }],
	});
	await n8n.request('POST', `/rest/projects/${projectId}/data-tables/${table.id}/insert`, {
		data: phones.map((phone) => ({ phone })),
		returnType: 'count',
	});
	return table.id;
}

module.exports = { TEMPLATES_DIR, TRIGGER_TYPE, clone, readTemplate, descriptionOf, setUpTemplate, createAllowlist };
