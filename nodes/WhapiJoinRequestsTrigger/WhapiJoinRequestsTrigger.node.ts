import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { resolvePhoneNumbersOption } from '../shared/lidPhones';
import { getGroups } from '../shared/methods/loadOptions';
import { authorizeCall } from './authorization';
import { participantEvents } from './events';
import { readFilter } from './filter';
import { checkExists, create, remove } from './lifecycle';
import { withResolvedPhones } from './lidPhones';
import { SECRET_HEADER } from './webhookEntry';

export class WhapiJoinRequestsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Whapi Join Requests Trigger',
		name: 'whapiJoinRequestsTrigger',
		group: ['trigger'],
		icon: { light: 'file:whapi.svg', dark: 'file:whapi.dark.svg' },
		// 1.1 is version 1 unchanged. n8n evaluates an expression of its Webhook node's version 1
		// (`options.binaryData`) in the webhook phase of every start node at version 1, so only a
		// later version lets n8n's lazy expression engine answer a join request without an extra
		// isolate. Saved workflows keep version 1.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{ $parameter["registerWebhook"] === false ? "Webhook: set up in Whapi" : "Webhook: registered on publish" }}',
		description: 'Starts the workflow when someone asks to join a WhatsApp group, through Whapi.Cloud',
		defaults: { name: 'Whapi Join Requests Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'whapiApi', required: true }],
		triggerPanel: {
			header: 'Ask to join one of the watched groups',
			executionsHelp: {
				inactive:
					'<b>While building your workflow</b>, click "Listen for test event", then ask to join the group from another phone (or its invite link). The request arrives here.<br /><br /><b>Once you are happy with it</b>, publish the workflow. Every join request then starts it, and the trigger keeps the channel\'s other webhooks as they are.',
				active:
					'<b>While building your workflow</b>, click "Listen for test event", then ask to join the group from another phone. The request arrives here.<br /><br /><b>Your workflow is published</b>, so every join request starts it.',
			},
			activationHint: 'Publish the workflow to decide every join request as it arrives.',
		},
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName: 'Register Webhook',
				name: 'registerWebhook',
				type: 'boolean',
				default: true,
				description:
					'Whether to add this trigger\'s webhook to the channel\'s settings when the workflow is published (activated, in n8n 1.x) and remove it when unpublished. The channel\'s other webhooks are kept.',
			},
			{
				displayName: `In the Whapi panel, add a webhook: this node's Production URL, mode <b>body</b>, event <b>groups → PUT</b>, and the header <code>${SECRET_HEADER}</code> holding the Secret below. To try it with "Listen for test event", add the Test URL the same way.`,
				name: 'manualNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registerWebhook: [false] } },
			},
			{
				displayName: 'Secret',
				name: 'secret',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				displayOptions: { show: { registerWebhook: [false] } },
				description: `The value Whapi must send in the ${SECRET_HEADER} header`,
				hint: 'Leave empty to accept calls without a secret: then anyone who knows the URL can start this workflow',
			},
			{
				displayName: 'Group Names or IDs',
				name: 'groups',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getGroups' },
				default: [],
				description:
					'Groups to watch; leave empty to watch every group. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Events',
				name: 'actions',
				type: 'multiOptions',
				options: [
					{ name: 'Admin Demoted', value: 'demote' },
					{ name: 'Member Added', value: 'add' },
					{ name: 'Member Promoted to Admin', value: 'promote' },
					{ name: 'Member Removed', value: 'remove' },
					{ name: 'Request Rejected', value: 'rejected_request' },
					{ name: 'Request to Join', value: 'request' },
					{ name: 'Request Withdrawn', value: 'revoke_request' },
				],
				default: ['request'],
				description: 'Which participant changes start the workflow',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [resolvePhoneNumbersOption],
			},
		],
	};

	methods = { loadOptions: { getGroups } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await remove.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		if (!(await authorizeCall.call(this))) {
			this.getResponseObject().status(401).json({ message: 'Unauthorized' });
			return { noWebhookResponse: true };
		}
		const events = participantEvents(this.getBodyData(), readFilter(this), new Date().toISOString());
		if (events.length === 0) return {};
		const items = await withResolvedPhones.call(this, events);
		return { workflowData: [this.helpers.returnJsonArray(items as unknown as IDataObject[])] };
	}
}
