'use strict';
// The fault campaign's scenarios. Each injects one kind of trouble into a real n8n running the
// Data Table allowlist template, then reads the outcome from the Whapi stand-in's queue and
// ledger, and returns {id, title, injected, expected, figures, checks, naive?}: `checks` are
// [name, expected, actual] triples, and the scenario passes when every actual equals its expected.

const crypto = require('node:crypto');

const { startWhapiStandIn } = require('../whapi-stand-in');
const { TRIGGER_TYPE } = require('../e2e/template-setup');
const { until, sleep } = require('../e2e/until');
const { unfinished } = require('../e2e/n8n');
const {
	chat,
	phones,
	groupOf,
	executionsAfter,
	lastExecutionId,
	settled,
	withData,
	readExecution,
	sweepOnce,
	account,
	emitRequests,
} = require('./world');

// 20 % of calls fail: each weight is percentage points of all calls of the kinds faulted.
// 5 of the 20 take effect and then lose their answer. A hang outlasts the node's 30 s timeout.
const HANG_MS = 35000;
const TRANSIENT_MIX = [
	{ weight: 3, status: 429, retryAfter: 1, label: '429 Retry-After: 1' },
	{ weight: 3, status: 500, label: '500' },
	{ weight: 3, status: 503, label: '503' },
	{ weight: 3, reset: true, label: 'connection reset' },
	{ weight: 3, hang: true, hangMs: HANG_MS, label: 'hang past the client timeout' },
	{ weight: 2, lostAnswer: 502, label: 'took effect, answer lost: 502' },
	{ weight: 2, lostAnswer: 'reset', label: 'took effect, answer lost: reset' },
	{ weight: 1, lostAnswer: 'hang', hangMs: HANG_MS, label: 'took effect, answer lost: hang' },
];
const FAULTED_KINDS = { decision: 0.2, list: 0.2 };
const ALL_KINDS = ['decision', 'list', 'settings', 'groups', 'health', 'messages', 'other'];

const secondsSince = (t) => Number(((Date.now() - t) / 1000).toFixed(1));

/** Reads the trigger workflow's executions after `afterId`, with what each reported. */
async function reported(world, workflowId, afterId, count, timeoutMs) {
	const summaries = await settled(world.n8n, workflowId, afterId, count, timeoutMs);
	return (await withData(world.n8n, summaries)).map(readExecution);
}

/** Applicants (chat IDs) whose decision took effect before `time`. */
function decidedBefore(whapi, groupId, time) {
	return new Set(whapi.applied.filter((a) => a.groupId === groupId && a.at < time).map((a) => a.applicant));
}

/** What n8n said about applicants the ledger shows decided before `time`. */
function misreports(executions, decided) {
	const ofDecided = (e) => e.applicants.some((a) => decided.has(chat(a.replace(/@.*$/, ''))));
	return {
		failedButDecided: executions.filter((e) => e.status !== 'success' && ofDecided(e)).length,
		notPendingButDecidedByItself: executions.filter((e) => e.status === 'success' && e.statuses.includes('not_pending') && ofDecided(e)).length,
	};
}

async function transientFaults(world, { count, sweep = true, naive = false }) {
	const whapi = naive ? world.naiveWhapi : world.whapi;
	const workflowId = naive ? world.naiveId : world.triggerId;
	const groupId = groupOf(1, naive ? 'naive' : 'ours');
	whapi.addGroup({ id: groupId, name: 'Scenario 1' });
	const list = phones(1, count);
	const afterId = await lastExecutionId(world.n8n, workflowId);
	const started = Date.now();
	whapi.randomFaults({ seed: 'scenario-1', rates: FAULTED_KINDS, mix: TRANSIENT_MIX });
	const faultsBefore = whapi.faultCounts;
	await emitRequests(whapi, groupId, list);
	await whapi.deliveriesDrained(600000);
	const executions = await reported(world, workflowId, afterId, count, 900000);
	const liveEnd = Date.now();
	const live = account(whapi, groupId, list);
	let sweepStatus;
	if (sweep) sweepStatus = (await sweepOnce(world, [groupId], 180000)).status;
	whapi.randomFaults(null);
	const decided = decidedBefore(whapi, groupId, liveEnd);
	const after = account(whapi, groupId, list);
	const figures = {
		requests: count,
		decidedLive: live.decided,
		decidedAfterSweep: sweep ? after.decided : undefined,
		leftPending: after.pending,
		decidedTwice: after.decidedTwice,
		wrongWay: after.wrongWay,
		failedExecutions: executions.filter((e) => e.status !== 'success').length,
		...misreports(executions, decided),
		sweep: sweepStatus,
		faults: diffCounts(whapi.faultCounts, faultsBefore),
		seconds: secondsSince(started),
	};
	const checks = naive
		? []
		: [
				['decided after one sweep', count, figures.decidedAfterSweep],
				['decided the wrong way', 0, figures.wrongWay],
				['decided twice', 0, figures.decidedTwice],
				['failed items that were in fact decided', 0, figures.failedButDecided],
				['items reported not_pending that their own execution decided', 0, figures.notPendingButDecidedByItself],
			];
	return { figures, checks };
}

function diffCounts(now, before) {
	return Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => v > 0));
}

async function whapiDown(world, { count, downMs }) {
	const { whapi, n8n } = world;
	const groupId = groupOf(2);
	whapi.addGroup({ id: groupId, name: 'Scenario 2' });
	const list = phones(2, count);
	const afterId = await lastExecutionId(n8n, world.triggerId);
	const started = Date.now();
	const rates = Object.fromEntries(ALL_KINDS.map((k) => [k, 1]));
	whapi.randomFaults({ seed: 'scenario-2', rates, mix: [{ weight: 2, status: 503 }, { weight: 1, status: 502 }, { weight: 1, reset: true }] });
	await emitRequests(whapi, groupId, list);
	await whapi.deliveriesDrained(60000);
	const executions = await reported(world, world.triggerId, afterId, count, downMs + 60000);
	const failedWhileDown = Date.now() - started;
	await sleep(Math.max(0, downMs - failedWhileDown));
	const decidedWhileDown = account(whapi, groupId, list).decided;
	whapi.randomFaults(null);
	const sweep = await sweepOnce(world, [groupId]);
	const after = account(whapi, groupId, list);
	const failed = executions.filter((e) => e.status !== 'success');
	const figures = {
		requests: count,
		downSeconds: Number((Math.max(downMs, failedWhileDown) / 1000).toFixed(1)),
		allExecutionsFailedWithinSeconds: Number((failedWhileDown / 1000).toFixed(1)),
		failedExecutions: failed.length,
		failedNamingTheApplicant: failed.filter((e) => e.applicants.length > 0 && e.applicants.every((a) => e.error?.includes(a.replace(/@.*$/, '')))).length,
		decidedWhileDown,
		decidedAfterSweep: after.decided,
		lost: after.pending,
		decidedTwice: after.decidedTwice,
		wrongWay: after.wrongWay,
		sweep: sweep.status,
		sampleError: failed[0]?.error,
		seconds: secondsSince(started),
	};
	const checks = [
		['executions that failed while Whapi was down', count, figures.failedExecutions],
		['failed executions naming their applicant', count, figures.failedNamingTheApplicant],
		['decided after one sweep', count, figures.decidedAfterSweep],
		['lost', 0, figures.lost],
		['decided twice', 0, figures.decidedTwice],
		['decided the wrong way', 0, figures.wrongWay],
	];
	return { figures, checks };
}

async function n8nDown(world, { count, downMs }) {
	const { whapi, n8n } = world;
	const groupId = groupOf(3);
	whapi.addGroup({ id: groupId, name: 'Scenario 3' });
	const list = phones(3, count);
	const afterId = await lastExecutionId(n8n, world.triggerId);
	const started = Date.now();
	const answered = [];
	const onDelivery = (d) => {
		if (d.status !== 0) answered.push(d);
	};
	whapi.on('delivery', onDelivery);
	const attemptsBefore = whapi.deliveries.attempts;
	let restarted;
	let firsts;
	try {
		await n8n.stop();
		const stopped = Date.now();
		firsts = (await emitRequests(whapi, groupId, list)).flat();
		await sleep(Math.max(0, downMs - (Date.now() - stopped)));
		await n8n.restart();
		restarted = Date.now();
		await whapi.deliveriesDrained(600000);
	} finally {
		whapi.off('delivery', onDelivery);
	}
	// Executions come only from deliveries n8n took in; wait until the count stops growing.
	let executions = [];
	await until('executions to settle', async () => {
		const before = executions.length;
		executions = await executionsAfter(n8n, world.triggerId, afterId);
		const idle = !executions.some(unfinished);
		if (!idle || executions.length !== before) return false;
		await sleep(1000);
		return (await executionsAfter(n8n, world.triggerId, afterId)).length === executions.length;
	}, 120000);
	const beforeSweep = Date.now();
	const decidedByRedelivery = decidedBefore(whapi, groupId, beforeSweep).size;
	const sweep = await sweepOnce(world, [groupId]);
	const after = account(whapi, groupId, list);
	const swallowed = answered.filter((d) => d.status === 200 && /starting up/i.test(d.body));
	const figures = {
		requests: count,
		n8nDownSeconds: Number(((restarted - started) / 1000).toFixed(1)),
		firstDeliveriesRefused: firsts.filter((d) => d.status === 0).length,
		deliveryAttempts: whapi.deliveries.attempts - attemptsBefore,
		answered200WhileStartingUp: swallowed.length,
		executions: executions.length,
		failedExecutions: executions.filter((e) => e.status !== 'success').length,
		decidedByRedelivery,
		decidedBySweep: after.decided - decidedByRedelivery,
		decidedAfterSweep: after.decided,
		decidedTwice: after.decidedTwice,
		wrongWay: after.wrongWay,
		leftPending: after.pending,
		sweep: sweep.status,
		seconds: secondsSince(started),
	};
	const checks = [
		['decided after redelivery and one sweep', count, figures.decidedAfterSweep],
		['decided twice', 0, figures.decidedTwice],
		['decided the wrong way', 0, figures.wrongWay],
	];
	return { figures, checks };
}

async function duplicates(world, { count, naive = false }) {
	const whapi = naive ? world.naiveWhapi : world.whapi;
	const workflowId = naive ? world.naiveId : world.triggerId;
	const groupId = groupOf(4, naive ? 'naive' : 'ours');
	whapi.addGroup({ id: groupId, name: 'Scenario 4' });
	const list = phones(4, count);
	const afterId = await lastExecutionId(world.n8n, workflowId);
	const started = Date.now();
	const callsBefore = whapi.decisions.length;
	await emitRequests(whapi, groupId, list, { copies: 2 });
	await whapi.deliveriesDrained(600000);
	const executions = await reported(world, workflowId, afterId, count * 2, 600000);
	const after = account(whapi, groupId, list);
	const calls = whapi.decisions.slice(callsBefore).filter((d) => d.groupId === groupId);
	const statusesOf = new Map();
	for (const e of executions) {
		for (const a of e.applicants) statusesOf.set(a, [...(statusesOf.get(a) ?? []), ...e.statuses].sort());
	}
	const figures = {
		requests: count,
		deliveries: count * 2,
		executions: executions.length,
		failedExecutions: executions.filter((e) => e.status !== 'success').length,
		decided: after.decided,
		decidedTwice: after.decidedTwice,
		wrongWay: after.wrongWay,
		decisionCalls: calls.length,
		repeatsEndingNotPending: naive ? undefined : [...statusesOf.values()].filter((s) => s.join() === 'done,not_pending').length,
		seconds: secondsSince(started),
	};
	const checks = naive
		? []
		: [
				['decided once', count, figures.decided - figures.decidedTwice],
				['decided twice', 0, figures.decidedTwice],
				['repeats that ended not_pending', count, figures.repeatsEndingNotPending],
				['failed executions', 0, figures.failedExecutions],
			];
	return { figures, checks };
}

async function concurrentPublish(world, { count }) {
	const { n8n } = world;
	const channel = await startWhapiStandIn({ token: crypto.randomBytes(16).toString('hex') });
	const started = Date.now();
	try {
		const foreign = [
			{ url: 'https://crm.example.com/whapi', mode: 'body', events: [{ type: 'messages', method: 'post' }], headers: { 'X-Crm': 'crm-secret' } },
			{ url: 'https://audit.example.com/in', mode: 'body', events: [{ type: 'groups', method: 'put' }] },
		];
		channel.webhooks = foreign;
		const credential = await n8n.createCredential({ name: 'Whapi (concurrent publish)', type: 'whapiApi', data: { token: channel.token, baseUrl: channel.baseUrl } });
		const ids = [];
		for (let i = 0; i < count; i++) {
			const workflow = {
				name: `Fault campaign: concurrent publish ${i + 1}`,
				nodes: [
					{
						parameters: { registerWebhook: true, groups: [], actions: ['request'] },
						id: crypto.randomUUID(),
						name: 'New join request',
						type: TRIGGER_TYPE,
						typeVersion: 1,
						position: [0, 0],
						webhookId: crypto.randomUUID(),
						credentials: { whapiApi: { id: credential.id, name: credential.name } },
					},
				],
				connections: {},
				settings: { executionOrder: 'v1' },
			};
			ids.push((await n8n.createWorkflow(workflow)).id);
		}
		// 150 ms of network on every settings write, as between n8n and Whapi's cloud.
		channel.failNext(Infinity, { method: 'PATCH', path: '^/settings$', delayMs: 150 });
		const ours = () => channel.webhooks.filter((e) => e.url.startsWith(n8n.baseUrl));
		const foreignIntact = () => JSON.stringify(channel.webhooks.filter((e) => !e.url.startsWith(n8n.baseUrl))) === JSON.stringify(foreign.map(withDefaults));
		const published = await Promise.allSettled(ids.map((id) => n8n.activate(id)));
		const entriesAfterPublish = ours().length;
		const foreignAfterPublish = foreignIntact();
		const unpublished = await Promise.allSettled(ids.map((id) => n8n.deactivate(id)));
		await sleep(1000);
		const figures = {
			workflows: count,
			publishedOk: published.filter((p) => p.status === 'fulfilled').length,
			publishFailures: published.filter((p) => p.status === 'rejected').map((p) => String(p.reason?.message ?? p.reason).slice(0, 200)),
			entriesAfterPublish,
			foreignIntactAfterPublish: foreignAfterPublish,
			unpublishedOk: unpublished.filter((p) => p.status === 'fulfilled').length,
			entriesAfterUnpublish: ours().length,
			foreignIntactAfterUnpublish: foreignIntact(),
			settingsWrites: channel.calls.filter((c) => c.method === 'PATCH').length,
			seconds: secondsSince(started),
		};
		const checks = [
			['workflows reported published', count, figures.publishedOk],
			['our entries after publishing at once', count, figures.entriesAfterPublish],
			['foreign entries intact after publishing', true, figures.foreignIntactAfterPublish],
			['our entries after unpublishing at once', 0, figures.entriesAfterUnpublish],
			['foreign entries intact after unpublishing', true, figures.foreignIntactAfterUnpublish],
		];
		return { figures, checks };
	} finally {
		await channel.close();
	}
}

/** How the stand-in stores an entry (the spec's defaults filled in). */
const withDefaults = (entry) => ({ mode: 'body', events: [{ type: 'messages', method: 'put' }], ...entry });

/** A forged groups.put without any secret, for a real pending applicant, to the flow's public URL. */
async function forgery(world, { naive = false }) {
	const whapi = naive ? world.naiveWhapi : world.whapi;
	const workflowId = naive ? world.naiveId : world.triggerId;
	const url = naive ? world.naiveUrl : world.triggerUrl;
	const groupId = groupOf(7, naive ? 'naive' : 'ours');
	whapi.addGroup({ id: groupId, name: 'Forgery' });
	const [victim] = phones(7, 1); // on the allowlist: a forger would have them admitted
	whapi.addPending(groupId, victim);
	const afterId = await lastExecutionId(world.n8n, workflowId);
	const callsBefore = whapi.calls.length;
	const body = { groups_participants: [{ group_id: groupId, participants: [victim], action: 'request' }], event: { type: 'groups', event: 'put' }, channel_id: whapi.channelId };
	const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
	await res.arrayBuffer();
	// Settled is a condition: a started execution shows up, finished or not; then a margin for a late one.
	await sleep(2000);
	const executions = await executionsAfter(world.n8n, workflowId, afterId);
	if (executions.length > 0) await settled(world.n8n, workflowId, afterId, executions.length, 30000);
	const figures = {
		answer: res.status,
		executionsStarted: executions.length,
		whapiCalls: whapi.calls.length - callsBefore,
		decided: account(whapi, groupId, [victim]).decided,
	};
	const checks = naive
		? []
		: [
				['answer', 401, figures.answer],
				['executions started', 0, figures.executionsStarted],
				['Whapi calls', 0, figures.whapiCalls],
				['decided', 0, figures.decided],
			];
	return { figures, checks };
}

module.exports = { transientFaults, whapiDown, n8nDown, duplicates, concurrentPublish, forgery, TRANSIENT_MIX, HANG_MS };
