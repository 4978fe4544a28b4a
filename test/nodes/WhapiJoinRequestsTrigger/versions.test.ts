/**
 * The trigger's versions: 1 (saved workflows, the contract's version) and 1.1 (what a node added
 * from n8n's panel gets) are the same node. 1.1 exists because n8n's webhook phase evaluates an
 * expression of its own (`$parameter["options"]["binaryData"]`, its Webhook node's version 1
 * option) for every start node at version 1; at 1.1, with webhook fields that are plain values,
 * n8n's lazy expression engine answers a join request without an isolate of its own
 * (bench/README.md: `npm run bench:isolates`).
 */
import type { IDataObject } from 'n8n-workflow';

import { SECRET_HEADER } from '../../../nodes/WhapiJoinRequestsTrigger/webhookEntry';
import { nodeWebhookUrl, runWebhook } from '../../harness';
import { GROUP, OTHER_GROUP, credentialTypes, credentialsFor, publishedTrigger, triggerNode, triggerType } from '../fixtures';

const N8N_URL = 'https://n8n.example.com/';
const versions = ([] as number[]).concat(triggerType.description.version);

describe('Versions', () => {
	it('keeps version 1 for saved workflows and gives new nodes a later one', () => {
		expect(versions).toContain(1);
		expect(triggerType.description.defaultVersion).toBe(Math.max(...versions));
		expect(triggerType.description.defaultVersion).toBeGreaterThan(1);
	});

	it('declares its webhook with plain values only, which n8n resolves without its expression engine', () => {
		const fields = (triggerType.description.webhooks ?? []).flatMap((webhook) => Object.values(webhook));
		expect(fields.length).toBeGreaterThan(0);
		for (const value of fields) {
			expect(typeof value === 'string' && value.startsWith('=')).toBe(false);
		}
	});

	it('gives no parameter or option an expression by default, so webhook() evaluates none of its own', () => {
		const expressions: string[] = [];
		JSON.stringify(triggerType.description.properties, (_key, value: unknown) => {
			if (typeof value === 'string' && value.startsWith('=')) expressions.push(value);
			return value;
		});
		expect(expressions).toEqual([]);
	});

	it('has no parameter or option shown for one version only', () => {
		const byVersion = JSON.stringify(triggerType.description.properties).match(/"@version"/g);
		expect(byVersion).toBeNull();
	});

	describe('both versions answer a join request alike', () => {
		let channel: Awaited<ReturnType<typeof publishedTrigger>>;
		beforeAll(async () => (channel = await publishedTrigger(N8N_URL)));
		afterAll(async () => await channel.whapi.close());

		async function deliver(typeVersion: number, headers: Record<string, string>) {
			const node = { ...triggerNode({ groups: [GROUP] }), typeVersion };
			const path = new URL(nodeWebhookUrl({ node, nodeType: triggerType, webhookUrl: N8N_URL })!).pathname;
			const body = {
				groups_participants: [
					{ group_id: GROUP, participants: ['15550100001', '4915112345678@s.whatsapp.net'], action: 'request' },
					{ group_id: OTHER_GROUP, participants: ['15550100003'], action: 'request' },
				],
				event: { type: 'groups', event: 'put' },
				channel_id: 'MANTIS-M72HC',
			};
			const outcome = await runWebhook({
				node,
				nodeType: triggerType,
				staticData: channel.staticData,
				credentials: credentialsFor(channel.whapi),
				credentialTypes,
				webhookUrl: N8N_URL,
				request: { method: 'POST', path, headers, body },
			});
			const items: IDataObject[] = (outcome.result?.workflowData?.[0] ?? []).map(({ json }) => ({ ...json, receivedAt: typeof json.receivedAt }));
			return { status: outcome.response.statusCode, items };
		}

		it.each(versions.filter((v) => v !== 1))('version %s gives the items and answers version 1 gives', async (version) => {
			const authentic = { [SECRET_HEADER]: channel.secret };
			const expected = await deliver(1, authentic);
			expect(expected.items.map((item) => item.applicant)).toEqual(['15550100001', '4915112345678@s.whatsapp.net']);
			expect(await deliver(version, authentic)).toEqual(expected);

			const refused = await deliver(1, { [SECRET_HEADER]: 'wrong' });
			expect(refused).toEqual({ status: 401, items: [] });
			expect(await deliver(version, { [SECRET_HEADER]: 'wrong' })).toEqual(refused);
		});
	});
});
