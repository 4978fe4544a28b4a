'use strict';
// How a negative check knows n8n is done: a condition, never a pause. A call answered 401 or 404
// started nothing (n8n answers those before any execution exists); a marker (a wanted call sent
// after every other answer arrived) must then have its execution, and no execution may be
// unfinished. Counts every execution, finished or not.

const { unfinished } = require('./n8n');
const { until } = require('./until');

/**
 * Sends `marker()` (a delivery answered 200), then waits until the workflow (every workflow
 * without `workflowId`) has at least `expected` executions, none unfinished. Returns them all,
 * oldest first: more than `expected` means something else ran.
 */
async function settle(n8n, { workflowId, marker, expected, timeoutMs = 60000 }) {
	const delivery = await marker();
	if (delivery.status !== 200) throw new Error(`the marker was answered ${delivery.status}, not 200`);
	let list = [];
	try {
		return await until(
			`${expected} finished executions`,
			async () => {
				list = await n8n.listExecutions({ workflowId });
				if (list.length < expected || list.some(unfinished)) return false;
				return list.sort((a, b) => Number(a.id) - Number(b.id));
			},
			timeoutMs,
		);
	} catch (error) {
		error.message += `; last seen: ${list.length} executions (${list.map((e) => e.status).join(', ')})`;
		throw error;
	}
}

module.exports = { settle };
