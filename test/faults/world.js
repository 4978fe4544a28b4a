'use strict';
// The fault campaign's world: one real n8n 2.40.7 with the packed package, Whapi stand-ins (one
// channel per flow under test, so their webhook entries never see each other's events), the
// credentials, the Data Table allowlist, and the workflows: the Data Table allowlist template
// (trigger → allowlist → Decide), the backlog sweep template started by a webhook instead of its
// schedule (so a test runs it exactly once), and the naive flow (./naive.js).
//
// Figures always come from the stand-in's ledger of decisions that took effect (`tally`) and its
// queue (`pending`): an execution can be lost, Whapi's queue cannot. Executions are read only to
// see what n8n reported (failed items, `not_pending` statuses, error messages).

const crypto = require('node:crypto');

const { startN8n, nodeOutput, unfinished } = require('../e2e/n8n');
const { startWhapiStandIn } = require('../whapi-stand-in');
const { until, sleep } = require('../e2e/until');
const { readTemplate, setUpTemplate, createAllowlist } = require('../e2e/template-setup');
const { naiveFlow } = require('./naive');

const VERSION = '2.40.7';
const ADMIN_PHONE = '15550909999';

const chat = (phone) => `${phone}@s.whatsapp.net`;
const nodeNamed = (workflow, name) => workflow.nodes.find((n) => n.name === name);

/** Phones of one scenario: `1555<scenario><6 digits>`; the even ones are on the allowlist. */
function phones(scenario, count) {
	return Array.from({ length: count }, (_, i) => `1555${scenario}${String(i).padStart(6, '0')}`);
}
const allowed = (phone) => Number(phone.slice(-6)) % 2 === 0;

/** A group ID per scenario and flow. */
const groupOf = (scenario, flow = 'ours') => `1203639${flow === 'ours' ? 0 : 1}${String(scenario).padStart(2, '0')}00000001@g.us`;

/**
 * Retries a set-up call once when n8n closed the kept-alive connection just as it was reused (seen
 * on a loaded machine after a slow answer): the request never reached n8n.
 */
async function retryingOnClosedSocket(call) {
	try {
		return await call();
	} catch (error) {
		if (error?.cause?.code !== 'UND_ERR_SOCKET') throw error;
		return call();
	}
}

async function startWorld({ tarball, deliveryScale, log }) {
	const token = () => crypto.randomBytes(16).toString('hex');
	// Whapi's delivery timeout is unpublished: 30 s, and 8 deliveries in flight per channel.
	const delivery = { scale: deliveryScale, timeoutMs: 30000, concurrency: 8 };
	const whapi = await startWhapiStandIn({ token: token(), delivery });
	const naiveWhapi = await startWhapiStandIn({ token: token(), delivery });
	try {
		return await populate({ whapi, naiveWhapi, tarball, log });
	} catch (error) {
		await whapi.close();
		await naiveWhapi.close();
		throw error;
	}
}

async function populate({ whapi, naiveWhapi, tarball, log }) {
	const started = Date.now();
	// Start-up takes ~10 s on an idle machine, minutes on a loaded one: wait rather than fail. On a
	// CPU-starved machine n8n's 5 s database ping times out and every webhook answers 503 until it
	// recovers (Whapi would retry): a 30 s ping keeps the campaign about our faults, not the host's.
	const n8n = await startN8n({
		version: VERSION,
		packageTarball: tarball,
		startTimeoutMs: 300000,
		env: { DB_PING_TIMEOUT_MS: '30000' },
	});
	log(`n8n ${VERSION} started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	await retryingOnClosedSocket(() => n8n.setupOwner());
	const nodeTypes = await retryingOnClosedSocket(() => n8n.nodeTypes());

	const whapiCredential = await retryingOnClosedSocket(() =>
		n8n.createCredential({ name: 'Whapi (fault campaign)', type: 'whapiApi', data: { token: whapi.token, baseUrl: whapi.baseUrl } }),
	);
	const headerCredential = await retryingOnClosedSocket(() =>
		n8n.createCredential({
			name: 'Whapi token as a header (naive flow)',
			type: 'httpHeaderAuth',
			data: { name: 'Authorization', value: `Bearer ${naiveWhapi.token}` },
		}),
	);

	const world = {
		n8n,
		whapi,
		naiveWhapi,
		nodeTypes,
		whapiCredential,
		async close() {
			await n8n.dispose().catch(() => {});
			await whapi.close();
			await naiveWhapi.close();
		},
	};

	// One allowlist for every scenario: the even phones of each.
	const everyPhone = [1, 2, 3, 4, 7].flatMap((s) => phones(s, 1000)).filter(allowed);
	world.dataTableId = await retryingOnClosedSocket(() => createAllowlist(n8n, 'whapi_fault_allowlist', everyPhone));

	const trigger = setUpTemplate(readTemplate('data-table-allowlist.json'), {
		credentials: { whapiApi: whapiCredential },
		settings: { dataTableId: world.dataTableId, adminPhone: ADMIN_PHONE, whapiBaseUrl: whapi.baseUrl },
		nodeTypes,
		name: 'Fault campaign: Data Table allowlist',
	});
	world.triggerId = (await retryingOnClosedSocket(() => n8n.createWorkflow(trigger))).id;
	await retryingOnClosedSocket(() => n8n.activate(world.triggerId));
	const triggerNode = trigger.nodes.find((n) => n.webhookId);
	world.triggerUrl = n8n.webhookUrl(`${triggerNode.webhookId}/webhook`);
	await n8n.waitForWebhook(`${triggerNode.webhookId}/webhook`);

	// The sweep, started by a POST with {groupIds} instead of every 15 minutes.
	const sweep = setUpTemplate(readTemplate('backlog-sweep.json'), {
		credentials: { whapiApi: whapiCredential },
		settings: { dataTableId: world.dataTableId },
		nodeTypes,
		name: 'Fault campaign: backlog sweep',
	});
	const sweepPath = `sweep-${crypto.randomUUID()}`;
	const schedule = nodeNamed(sweep, 'Every 15 minutes');
	Object.assign(schedule, {
		name: 'Sweep now',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: crypto.randomUUID(),
		parameters: { httpMethod: 'POST', path: sweepPath, options: {} },
	});
	sweep.connections['Sweep now'] = sweep.connections['Every 15 minutes'];
	delete sweep.connections['Every 15 minutes'];
	const groupIds = nodeNamed(sweep, 'Settings').parameters.assignments.assignments.find((a) => a.name === 'groupIds');
	groupIds.value = '={{ $json.body.groupIds }}';
	world.sweepId = (await retryingOnClosedSocket(() => n8n.createWorkflow(sweep))).id;
	await retryingOnClosedSocket(() => n8n.activate(world.sweepId));
	await n8n.waitForWebhook(sweepPath);
	world.sweepUrl = n8n.webhookUrl(sweepPath);

	// The naive flow on its own channel; its URL pasted into the channel's settings, no secret.
	const naive = naiveFlow({
		baseUrl: naiveWhapi.baseUrl,
		credential: headerCredential,
		allowlist: everyPhone,
	});
	world.naiveId = (await retryingOnClosedSocket(() => n8n.createWorkflow(naive.workflow))).id;
	await retryingOnClosedSocket(() => n8n.activate(world.naiveId));
	await n8n.waitForWebhook(naive.path);
	world.naiveUrl = n8n.webhookUrl(naive.path);
	naiveWhapi.webhooks = [{ url: world.naiveUrl, mode: 'body', events: [{ type: 'groups', method: 'put' }] }];
	return world;
}

/** Executions of a workflow, finished and not, with ids above `afterId`. */
async function executionsAfter(n8n, workflowId, afterId = 0) {
	const list = await retryingOnClosedSocket(() => n8n.listExecutions({ workflowId }));
	return list.filter((e) => Number(e.id) > afterId).sort((a, b) => Number(a.id) - Number(b.id));
}

async function lastExecutionId(n8n, workflowId) {
	const [newest] = await retryingOnClosedSocket(() => n8n.listExecutions({ workflowId, max: 1 }));
	return newest ? Number(newest.id) : 0;
}

/**
 * Waits until a workflow has at least `count` executions after `afterId` and none of them is
 * unfinished; returns their summaries.
 */
async function settled(n8n, workflowId, afterId, count, timeoutMs) {
	let seen = [];
	await until(
		`${count} finished executions of workflow ${workflowId}`,
		async () => {
			seen = await executionsAfter(n8n, workflowId, afterId);
			return seen.length >= count && !seen.some(unfinished);
		},
		timeoutMs,
	).catch((error) => {
		const unfinished = seen.filter(unfinished).length;
		throw new Error(`${error.message} (${seen.length} seen, ${unfinished} unfinished)`);
	});
	await sleep(300);
	return executionsAfter(n8n, workflowId, afterId);
}

/** Full executions (run data parsed), fetched a few at a time. */
async function withData(n8n, summaries, concurrency = 6) {
	const out = new Array(summaries.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < summaries.length) {
				const i = next++;
				out[i] = await retryingOnClosedSocket(() => n8n.execution(summaries[i].id));
			}
		}),
	);
	return out;
}

/** What one execution says: its applicants (digits or @lid, as the event gave them), decision outputs and error. */
function readExecution(execution) {
	const fromTrigger = (nodeOutput(execution, 'New join request') ?? []).map((o) => o.applicant);
	// The naive flow reads the first participant of the raw body.
	const fromWebhook = (nodeOutput(execution, 'Webhook') ?? []).map((o) => o.body?.groups_participants?.[0]?.participants?.[0]);
	const applicants = [...fromTrigger, ...fromWebhook].filter((a) => typeof a === 'string');
	const decided = ['Accept', 'Reject'].flatMap((name) => nodeOutput(execution, name) ?? []);
	const error = execution.data?.resultData?.error;
	return {
		id: execution.id,
		status: execution.status,
		applicants,
		statuses: decided.map((o) => o.status),
		error: error ? `${error.message ?? ''} ${error.description ?? ''}`.trim() : undefined,
	};
}

/** Runs the backlog sweep once over `groupIds`; resolves with its finished execution. */
async function sweepOnce(world, groupIds, timeoutMs = 120000) {
	const { n8n } = world;
	const before = await lastExecutionId(n8n, world.sweepId);
	const res = await fetch(world.sweepUrl, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ groupIds }),
	});
	await res.arrayBuffer();
	if (res.status !== 200) throw new Error(`the sweep's webhook answered ${res.status}`);
	const [summary] = await settled(n8n, world.sweepId, before, 1, timeoutMs);
	return retryingOnClosedSocket(() => n8n.execution(summary.id));
}

/**
 * The stand-in's account of a group: per applicant, decided or not, how many times, which way,
 * against the allowlist. `decidedBefore` (ms) splits the decisions by time, e.g. live vs sweep.
 */
function account(whapi, groupId, applicantPhones, { decidedBefore = Infinity } = {}) {
	const tally = whapi.tally(groupId);
	const applied = whapi.applied.filter((a) => a.groupId === groupId);
	const figures = { requests: applicantPhones.length, decided: 0, decidedTwice: 0, wrongWay: 0, pending: whapi.pending(groupId).length, decidedBeforeSplit: 0 };
	for (const phone of applicantPhones) {
		const counts = tally[chat(phone)] ?? { accepted: 0, rejected: 0 };
		const total = counts.accepted + counts.rejected;
		if (total > 0) figures.decided++;
		if (total > 1) figures.decidedTwice++;
		if (allowed(phone) ? counts.rejected > 0 : counts.accepted > 0) figures.wrongWay++;
	}
	figures.decidedBeforeSplit = new Set(applied.filter((a) => a.at < decidedBefore).map((a) => a.applicant)).size;
	return figures;
}

/** Sends one groups.put event per phone through the stand-in's delivery loop; resolves with the first attempts. */
function emitRequests(whapi, groupId, list, { copies = 1 } = {}) {
	return Promise.all(list.map((phone) => whapi.emitGroupsPut({ groupId, participants: [phone], copies })));
}

module.exports = {
	VERSION,
	chat,
	phones,
	allowed,
	groupOf,
	startWorld,
	executionsAfter,
	lastExecutionId,
	settled,
	withData,
	readExecution,
	sweepOnce,
	account,
	emitRequests,
};
