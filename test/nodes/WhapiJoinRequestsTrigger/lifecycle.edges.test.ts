/**
 * Edges of the webhook lifecycle that lifecycle.test.ts leaves open: what each hook returns to
 * n8n, what static data counts as a secret, and when static data is left unchanged.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { storedSecret } from '../../../nodes/WhapiJoinRequestsTrigger/lifecycle';
import { activateWebhook, runHook } from '../../harness';
import type { WhapiStandIn } from '../../whapi-stand-in';
import { credentialTypes, credentialsFor, startChannel, triggerNode, triggerType } from '../fixtures';

const N8N_URL = 'https://n8n.example.com/';

let whapi: WhapiStandIn;
let staticData: IDataObject;
beforeEach(async () => {
	whapi = await startChannel();
	staticData = {};
});
afterEach(async () => {
	await whapi.close();
});

function hookOptions(parameters: INodeParameters = {}) {
	return { node: triggerNode(parameters), nodeType: triggerType, staticData, credentials: credentialsFor(whapi), credentialTypes, webhookUrl: N8N_URL };
}

/** The flag n8n sets on the workflow's static data when a hook wrote to it, and then saves it for. */
const staticDataChanged = () => (staticData as { __dataChanged?: boolean }).__dataChanged;

describe('storedSecret', () => {
	it('an empty string in static data is no secret', () => {
		expect(storedSecret({ secret: '' }, 'secret')).toBeUndefined();
	});
});

describe('What the hooks return to n8n', () => {
	it('create returns true once it has registered our entry', async () => {
		expect(await runHook('create', hookOptions())).toBe(true);
	});

	it('delete with Register Webhook off returns true', async () => {
		expect(await runHook('delete', hookOptions({ registerWebhook: false }))).toBe(true);
	});
});

describe('Static data n8n need not save', () => {
	it('checkExists on a registered entry whose digest static data already holds leaves static data unchanged', async () => {
		await activateWebhook(hookOptions());
		await runHook('checkExists', hookOptions());
		expect(staticDataChanged()).toBe(false);
	});
});
