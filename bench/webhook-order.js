'use strict';
// Whether a webhook call's answer time depends on the node it reaches or on its place in the
// stream. Ours and the bare gate trigger (test/e2e/bare-triggers.js: the same answers with the
// least work) are published in one n8n 2.40.7, several copies each, and called one at a time in
// rounds, each round starting one place later, every call without the secret (a 401, no
// execution). Prints the median answer time per node and per place in the round.
//
//   node bench/webhook-order.js [--copies 3] [--rounds 150]
const { startBench, publish } = require('./n8n/setup');
const flows = require('./n8n/flows');
const { bareGateWorkflow } = require('../test/e2e/bare-triggers');
const { options, write } = require('./n8n/report');

const opts = options({ copies: 3, rounds: 150 });
const WARM_UP_ROUNDS = 10;

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

async function main() {
	const bench = await startBench();
	try {
		const targets = [];
		for (let copy = 0; copy < opts.copies; copy++) {
			targets.push({ node: 'ours', ...(await publish(bench, flows.ours(bench.whapiCredential, { name: `ours ${copy}` }))) });
			targets.push({ node: 'bare gate', ...(await publish(bench, bareGateWorkflow())) });
		}
		const byNode = {};
		const byPlace = targets.map(() => []);
		const body = JSON.stringify({ hello: 'world' });
		for (let round = 0; round < opts.rounds; round++) {
			const shift = round % targets.length;
			const order = targets.slice(shift).concat(targets.slice(0, shift));
			for (const [place, target] of order.entries()) {
				const t0 = performance.now();
				const answer = await fetch(target.url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
				await answer.text();
				const ms = performance.now() - t0;
				if (answer.status !== 401) throw new Error(`${target.node} answered ${answer.status} to a call without the secret`);
				if (round < WARM_UP_ROUNDS) continue;
				(byNode[target.node] ??= []).push(ms);
				byPlace[place].push(ms);
			}
		}
		const results = {
			byNode: Object.fromEntries(Object.entries(byNode).map(([node, list]) => [node, { calls: list.length, p50: median(list) }])),
			byPlace: byPlace.map((list, place) => ({ place: place + 1, calls: list.length, p50: median(list) })),
		};
		for (const [node, r] of Object.entries(results.byNode)) console.log(`${node.padEnd(10)} p50 ${r.p50.toFixed(1)} ms over ${r.calls} calls`);
		for (const r of results.byPlace) console.log(`place ${r.place} in the round: p50 ${r.p50.toFixed(1)} ms`);
		write(opts.out ?? 'webhook-order', { options: opts, results });
	} finally {
		await bench.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
