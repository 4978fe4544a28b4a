/**
 * The action node's own cost per item in a backlog drain, inside n8n-core: 1,000 input items
 * through Decide (Applicant `{{ $json.applicant }}`, Approve `{{ $json.approve }}`, default
 * options) against the stand-in with no latency, beside a baseline node with the same
 * description that reads the same two expressions per item and makes one bare authenticated
 * call per item (with the same number in flight). Both are timed by n8n's own execution time
 * of the node, in the same run, alternately; the ratio ours/baseline is what to read.
 * Usage: npm run bench:drain-in-process [-- --rounds 7 --items 1000]
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { WhapiApi } from '../credentials/WhapiApi.credentials';
import { WhapiJoinRequests } from '../nodes/WhapiJoinRequests/WhapiJoinRequests.node';
import { ITEMS_SOURCE_TYPE, MANUAL_TRIGGER_TYPE, createNodeTypes, runWorkflow } from '../test/harness';
import { startWhapiStandIn } from '../test/whapi-stand-in';

const GROUP = '120363000000000001@g.us';

function option(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? Number(process.argv[index + 1]) : fallback;
}
const ROUNDS = option('rounds', 7);
const ITEMS = option('items', 1000);

/** Same description as ours; per item: the two expressions, one bare call, nothing else. */
class BaselineDrain extends WhapiJoinRequests {
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const credentials = await this.getCredentials('whapiApi');
		const { parallelRequests = 5 } = this.getNodeParameter('options', 0, {}) as IDataObject;
		const out = new Array<INodeExecutionData>(items.length);
		let next = 0;
		const worker = async () => {
			while (next < items.length) {
				const itemIndex = next++;
				const applicant = this.getNodeParameter('applicant', itemIndex) as string;
				const approve = this.getNodeParameter('approve', itemIndex) as boolean;
				const body = await this.helpers.httpRequestWithAuthentication.call(this, 'whapiApi', {
					method: approve ? 'POST' : 'DELETE',
					url: `${credentials.baseUrl}/groups/${GROUP}/applications`,
					body: { application: applicant },
					json: true,
				});
				out[itemIndex] = { json: { body } as IDataObject, pairedItem: { item: itemIndex } };
			}
		};
		await Promise.all(Array.from({ length: parallelRequests as number }, worker));
		return [out];
	}
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
	const whapi = await startWhapiStandIn({ token: 'bench-token' });
	try {
		whapi.addGroup({ id: GROUP, name: 'Bench', admin: true });
		const credentials = { whapiApi: { token: whapi.token, baseUrl: whapi.baseUrl } };
		const credentialTypes = { whapiApi: new WhapiApi() };
		const nodeTypes = createNodeTypes({ whapiJoinRequests: new WhapiJoinRequests(), baselineDrain: new BaselineDrain() });
		const phones = Array.from({ length: ITEMS }, (_, i) => `1555${String(10000000 + i).slice(1)}`);
		const items = JSON.stringify(phones.map((phone, i) => ({ applicant: `${phone}@s.whatsapp.net`, approve: i % 2 === 0 })));

		const workflowWith = (type: string, parallelRequests: number) => ({
			nodes: [
				{ id: 's', name: 'Start', type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0] as [number, number], parameters: {} },
				{ id: 'i', name: 'Items', type: ITEMS_SOURCE_TYPE, typeVersion: 1, position: [200, 0] as [number, number], parameters: { items } },
				{
					id: 'n',
					name: 'Node',
					type,
					typeVersion: 1,
					position: [400, 0] as [number, number],
					parameters: {
						operation: 'decide',
						groupId: { __rl: true, mode: 'id', value: GROUP },
						applicant: '={{ $json.applicant }}',
						approve: '={{ $json.approve }}',
						...(parallelRequests === 5 ? {} : { options: { parallelRequests } }),
					},
				},
			],
			connections: {
				Start: { main: [[{ node: 'Items', type: 'main' as const, index: 0 }]] },
				Items: { main: [[{ node: 'Node', type: 'main' as const, index: 0 }]] },
			},
		});

		/** ms per item of the node's own execution time, as n8n records it. */
		const perItem = async (type: string, parallelRequests: number) => {
			for (const phone of phones) whapi.addPending(GROUP, phone);
			const before = whapi.calls.length;
			const run = await runWorkflow({ workflow: workflowWith(type, parallelRequests), nodeTypes, credentials, credentialTypes });
			if (run.executionError) throw run.executionError;
			const output = run.itemsOf('Node');
			if (output.length !== ITEMS || whapi.calls.length - before !== ITEMS) {
				throw new Error(`${type}: ${output.length} items out, ${whapi.calls.length - before} calls for ${ITEMS} items`);
			}
			whapi.calls.length = 0;
			return run.taskOf('Node')!.executionTime / ITEMS;
		};

		for (const parallel of [1, 5]) {
			const ours: number[] = [];
			const base: number[] = [];
			const ratios: number[] = [];
			await perItem('n8n-nodes-whapi-join-requests.whapiJoinRequests', parallel);
			await perItem('n8n-nodes-whapi-join-requests.baselineDrain', parallel);
			for (let round = 0; round < ROUNDS; round++) {
				const a = await perItem('n8n-nodes-whapi-join-requests.whapiJoinRequests', parallel);
				const b = await perItem('n8n-nodes-whapi-join-requests.baselineDrain', parallel);
				ours.push(a);
				base.push(b);
				ratios.push(a / b);
			}
			console.log(`\nDecide over ${ITEMS} items, Parallel Requests ${parallel}, stand-in latency 0 (median of ${ROUNDS} rounds)`);
			console.log(`  ours      ${median(ours).toFixed(3)} ms/item (min ${Math.min(...ours).toFixed(3)}, max ${Math.max(...ours).toFixed(3)})`);
			console.log(`  baseline  ${median(base).toFixed(3)} ms/item (min ${Math.min(...base).toFixed(3)}, max ${Math.max(...base).toFixed(3)})`);
			console.log(`  ratio     ${median(ratios).toFixed(2)} (ours/baseline; min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)})`);
		}
	} finally {
		await whapi.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
