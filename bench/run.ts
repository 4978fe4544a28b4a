/**
 * Benchmarks of the two paths every join request takes, each against a baseline measured in
 * the same run, in the same process, through the same n8n-core contexts:
 *
 *   1. the trigger's webhook(): ours (secret check, body parsing, filtering) against a bare
 *      trigger that returns the body as one item — the least any webhook trigger does;
 *   2. one decision: a workflow running our Decide node for one applicant against a workflow
 *      whose node makes one authenticated call to the same stand-in endpoint.
 *
 * It prints per-request medians, the ratio ours/baseline, the difference in milliseconds next
 * to n8n's own ~40 ms per execution, Whapi calls per decision, and heap growth per request.
 * Usage: npm run bench [-- --rounds 7 --requests 400]
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { WhapiApi } from '../credentials/WhapiApi.credentials';
import { SECRET_HEADER } from '../nodes/WhapiJoinRequestsTrigger/webhookEntry';
import { WhapiJoinRequests } from '../nodes/WhapiJoinRequests/WhapiJoinRequests.node';
import { WhapiJoinRequestsTrigger } from '../nodes/WhapiJoinRequestsTrigger/WhapiJoinRequestsTrigger.node';
import { activateWebhook, createNodeTypes, runWebhook, runWorkflow, MANUAL_TRIGGER_TYPE } from '../test/harness';
import { startWhapiStandIn } from '../test/whapi-stand-in';

const N8N_EXECUTION_MS = 40;
const GROUP = '120363000000000001@g.us';

function option(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? Number(process.argv[index + 1]) : fallback;
}
const ROUNDS = option('rounds', 7);
const REQUESTS = option('requests', 300);

class BaselineTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Baseline Trigger',
		name: 'baselineTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Returns the body as one item',
		defaults: { name: 'Baseline Trigger' },
		inputs: [],
		outputs: ['main'],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [],
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return { workflowData: [this.helpers.returnJsonArray(this.getBodyData())] };
	}
}

/**
 * The same node description as Whapi Join Requests (n8n's per-node cost grows with the
 * description), but its execute() makes one bare authenticated call and nothing else.
 */
class BaselineCall extends WhapiJoinRequests {
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const credentials = await this.getCredentials('whapiApi');
		const body = await this.helpers.httpRequestWithAuthentication.call(this, 'whapiApi', {
			method: 'POST',
			url: `${credentials.baseUrl}/groups/${GROUP}/applications`,
			body: { application: '15550100001@s.whatsapp.net' },
			json: true,
		});
		return [[{ json: { body } as IDataObject, pairedItem: { item: 0 } }]];
	}
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timePerRequest(fn: () => Promise<void>): Promise<number> {
	const started = process.hrtime.bigint();
	for (let i = 0; i < REQUESTS; i++) await fn();
	return Number(process.hrtime.bigint() - started) / 1e6 / REQUESTS;
}

async function heapPerRequest(fn: () => Promise<void>): Promise<number> {
	const gc = (globalThis as { gc?: () => void }).gc;
	gc?.();
	const before = process.memoryUsage().heapUsed;
	for (let i = 0; i < REQUESTS; i++) await fn();
	gc?.();
	return (process.memoryUsage().heapUsed - before) / REQUESTS;
}

/** Runs A and B alternately, ROUNDS times, and reports medians and the median of the ratios. */
async function compare(label: string, ours: () => Promise<void>, baseline: () => Promise<void>) {
	for (let i = 0; i < 50; i++) {
		await ours();
		await baseline();
	}
	const a: number[] = [];
	const b: number[] = [];
	const ratios: number[] = [];
	for (let round = 0; round < ROUNDS; round++) {
		const oursMs = await timePerRequest(ours);
		const baseMs = await timePerRequest(baseline);
		a.push(oursMs);
		b.push(baseMs);
		ratios.push(oursMs / baseMs);
	}
	const extra = median(a) - median(b);
	console.log(`\n${label}`);
	console.log(`  ours      ${median(a).toFixed(3)} ms/request (median of ${ROUNDS} rounds x ${REQUESTS})`);
	console.log(`  baseline  ${median(b).toFixed(3)} ms/request`);
	console.log(`  ratio     ${median(ratios).toFixed(2)} (ours/baseline, median; min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)})`);
	console.log(`  extra     ${extra.toFixed(3)} ms/request = ${((extra / N8N_EXECUTION_MS) * 100).toFixed(2)} % of n8n's ~${N8N_EXECUTION_MS} ms per execution`);
	const heapOurs = await heapPerRequest(ours);
	const heapBase = await heapPerRequest(baseline);
	console.log(`  heap      ${(heapOurs / 1024).toFixed(2)} KiB/request retained vs ${(heapBase / 1024).toFixed(2)} KiB baseline${(globalThis as { gc?: unknown }).gc ? '' : ' (run node with --expose-gc for exact figures)'}`);
}

async function main() {
	const whapi = await startWhapiStandIn({ token: 'bench-token' });
	try {
		await measure(whapi);
	} finally {
		await whapi.close();
	}
}

async function measure(whapi: Awaited<ReturnType<typeof startWhapiStandIn>>) {
	whapi.addGroup({ id: GROUP, name: 'Bench', admin: true });
	const credentials = { whapiApi: { token: whapi.token, baseUrl: whapi.baseUrl } };
	const credentialTypes = { whapiApi: new WhapiApi() };

	// 1. webhook()
	const trigger = new WhapiJoinRequestsTrigger();
	const node = { id: 't', name: 'Trigger', type: 'n8n-nodes-whapi-join-requests.whapiJoinRequestsTrigger', typeVersion: 1, position: [0, 0] as [number, number], webhookId: 'bench', parameters: {} };
	const baselineNode = { ...node, type: 'n8n-nodes-whapi-join-requests.baselineTrigger' };
	const staticData: IDataObject = {};
	await activateWebhook({ node, nodeType: trigger, staticData, credentials, credentialTypes, webhookUrl: 'https://n8n.example.com/' });
	const secret = whapi.webhooks[0].headers![SECRET_HEADER];
	const body = { groups_participants: [{ group_id: GROUP, participants: ['15550100001'], action: 'request' }], event: { type: 'groups', event: 'put' }, channel_id: 'BENCH' };
	const callsBefore = whapi.calls.length;
	const request = { method: 'POST', path: '/webhook/bench/webhook', headers: { [SECRET_HEADER]: secret }, body };
	const ours = async () => {
		const outcome = await runWebhook({ node, nodeType: trigger, staticData, credentials, credentialTypes, request });
		if (outcome.result?.workflowData?.[0].length !== 1) throw new Error('the trigger did not emit the applicant');
	};
	const baseline = async () => {
		await runWebhook({ node: baselineNode, nodeType: new BaselineTrigger(), staticData: {}, credentials, credentialTypes, request });
	};
	await compare("1. Trigger webhook(): one authentic request, one applicant", ours, baseline);
	console.log(`  Whapi calls made by webhook(): ${whapi.calls.length - callsBefore} (static data holds the secret)`);

	// 2. one decision
	const nodeTypes = createNodeTypes({ whapiJoinRequests: new WhapiJoinRequests(), baselineCall: new BaselineCall() });
	const start = { id: 's', name: 'Start', type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	const workflowWith = (type: string, parameters: IDataObject) => ({
		nodes: [start, { id: 'n', name: 'Node', type, typeVersion: 1, position: [200, 0] as [number, number], parameters }],
		connections: { Start: { main: [[{ node: 'Node', type: 'main' as const, index: 0 }]] } },
	});
	const parameters = { operation: 'decide', groupId: { __rl: true, mode: 'id', value: GROUP }, applicant: '+1 555 010 0001', approve: true };
	const decide = workflowWith('n8n-nodes-whapi-join-requests.whapiJoinRequests', parameters);
	const raw = workflowWith('n8n-nodes-whapi-join-requests.baselineCall', parameters);
	let decisions = 0;
	const decideOnce = async () => {
		whapi.addPending(GROUP, '15550100001');
		const before = whapi.calls.length;
		const run = await runWorkflow({ workflow: decide, nodeTypes, credentials, credentialTypes });
		if (run.executionError) throw run.executionError;
		if (whapi.calls.length - before !== 1) throw new Error(`a decision made ${whapi.calls.length - before} Whapi calls`);
		decisions++;
	};
	const rawOnce = async () => {
		whapi.addPending(GROUP, '15550100001');
		const run = await runWorkflow({ workflow: raw, nodeTypes, credentials, credentialTypes });
		if (run.executionError) throw run.executionError;
	};
	await compare('2. One decision: Decide vs the same node making one bare authenticated call', decideOnce, rawOnce);
	console.log(`  Whapi calls per decision: 1 (checked on each of ${decisions} decisions)`);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
