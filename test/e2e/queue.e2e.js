'use strict';
// The durability promise in n8n queue mode (main + webhook processor + worker, PostgreSQL and
// Redis; ./queue-mode.js): n8n can lose an execution for good (a worker killed with SIGKILL
// takes its running executions with it), but the applicant stays pending in Whapi, and the
// backlog sweep is what decides them.
//
//   1. a join request is decided by the Data Table allowlist template through the webhook
//      processor and the worker (queue mode really at work);
//   2. the stand-in holds the next decision call; once it has arrived, the worker's process
//      group is SIGKILLed: Whapi had its 200, the applicant is still pending, nothing decided;
//   3. a fresh worker starts and the backlog sweep template runs once: the applicant is decided
//      exactly once, by the allowlist, and nobody is decided twice;
//   4. a flood: QUEUE_FLOOD join requests (default 1,000) at a concurrency of 16 through the
//      webhook processor and two workers, one worker SIGKILLed mid-run; after one sweep every
//      applicant is decided exactly once and the right way, counted in the stand-in's queue and
//      its ledger of decisions that took effect. Figures printed and written to
//      .e2e/results/queue-flood.json.
//
//   N8N_E2E_VERSION=2.40.7 WHAPI_PACKAGE_TARBALL=n8n-nodes-whapi-join-requests-0.1.0.tgz \
//     node --test test/e2e/queue.e2e.js
//
// n8n 2.40.7 only; other versions skip it. Needs PostgreSQL and Redis, or root to install them.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { describe, it, before, after } = require('node:test');

const { startQueueMode, queueModeSupport } = require('./queue-mode');
const { inProgress } = require('./n8n');
const { startWhapiStandIn } = require('../whapi-stand-in');
const fs = require('node:fs');
const path = require('node:path');

const { until, sleep } = require('./until');
const { RESULTS_DIR } = require('./secrets');
const { TRIGGER_TYPE, readTemplate, setUpTemplate, createAllowlist } = require('./template-setup');

const VERSION = process.env.N8N_E2E_VERSION || '2.40.7';
const TARBALL = process.env.WHAPI_PACKAGE_TARBALL;
const PACKAGE = 'n8n-nodes-whapi-join-requests';

const GROUP = '120363400000000001@g.us';
const ADMIN_PHONE = '15550409999';
const FIRST = '15550400001'; // on the allowlist: decided live in step 1
const LOST = '15550400002'; // on the allowlist: its execution is lost in step 2
const BACKLOG = '15550400003'; // not on the allowlist: asked while nothing listened
const ALLOWLIST = [FIRST, LOST];
// Long enough to kill the worker while Whapi holds the call; then the stand-in drops it
// unanswered and unapplied, like a call that never got through.
const HELD_MS = 20000;
const FLOOD = Number(process.env.QUEUE_FLOOD || 1000);
const FLOOD_CONCURRENCY = 16;
// The worker dies once this share of the flood has been decided: mid-run, with work in hand.
const KILL_AT = 0.3;
// Decision calls the stand-in holds when the worker is killed, so that it dies with work in hand.
const HELD_IN_FLIGHT = 8;
// The flood's executions must keep finishing: no progress for this long fails the test.
const STALL_MS = 120000;
// How long a finished flood must stay without a new execution before the sweep runs.
const SETTLE_MS = 15000;

const chat = (phone) => `${phone}@s.whatsapp.net`;
const byText = (a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b));
const sorted = (list) => [...list].sort(byText);

/** `promise`'s value, or a failure naming `what` after `ms` (the timer never lingers). */
function within(promise, ms, what) {
	let timer;
	const timeout = new Promise((_resolve, reject) => {
		timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const skip = queueModeSupport(VERSION);

describe(`n8n ${VERSION} in queue mode: a lost execution leaves the applicant pending, and the backlog sweep decides`, { skip: skip ?? false, timeout: 20 * 60 * 1000 }, () => {
	let cluster;
	let main;
	let whapi;
	let nodeTypes;
	let credential;
	let dataTableId;
	let triggerId;
	let lostExecutionId;
	let killedWorker;
	let t0;
	const lap = (what) => console.log(`[queue ${VERSION}] ${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s`);

	/** Publishes the backlog sweep template, lets it run once, unpublishes it; waits for that run to end. */
	async function runSweepOnce() {
		const sweep = setUpTemplate(readTemplate('backlog-sweep.json'), {
			credentials: { whapiApi: credential },
			settings: { groupIds: JSON.stringify([GROUP]), dataTableId },
			nodeTypes,
		});
		// Every 5 s instead of every 15 minutes; unpublished as soon as the first run is queued.
		sweep.nodes.find((n) => n.name === 'Every 15 minutes').parameters.rule = { interval: [{ field: 'seconds', secondsInterval: 5 }] };
		const sweepId = (await main.createWorkflow(sweep)).id;
		await main.activate(sweepId);
		let queued = 0;
		try {
			await until('the first sweep run', async () => (queued = (await main.listExecutions({ workflowId: sweepId })).length) > 0, 60000);
		} finally {
			await main.deactivate(sweepId);
		}
		const sweeps = await until(
			'the sweep to finish',
			async () => {
				const list = await main.executions({ workflowId: sweepId, includeUnfinished: true });
				// At least the runs already seen: n8n's list once came back empty right after showing
				// the queued run, and an empty list is not a finished one.
				return list.length >= queued && !list.some(inProgress) && list;
			},
			120000,
		);
		return { sweepId, sweeps };
	}

	before(async () => {
		t0 = Date.now();
		assert.ok(TARBALL, 'WHAPI_PACKAGE_TARBALL must name the packed package (.tgz)');
		whapi = await startWhapiStandIn({ token: `queue-${crypto.randomBytes(8).toString('hex')}` });
		whapi.addGroup({ id: GROUP, name: 'Queue cohort' });
		cluster = await startQueueMode({
			version: VERSION,
			packageTarball: TARBALL,
			// n8n's defaults notice a dead worker's job after 60 s (lock) + up to 30 s (stall check).
			// Shorter, so the test sees n8n give the execution up; nothing else changes.
			env: { QUEUE_WORKER_LOCK_DURATION: '10000', QUEUE_WORKER_LOCK_RENEW_TIME: '2000', QUEUE_WORKER_STALLED_INTERVAL: '5000' },
		});
		main = cluster.main;
		lap(`queue mode up: main ${main.baseUrl}, webhook processor ${cluster.webhook.baseUrl}, worker health ${cluster.worker.baseUrl}`);
		await main.setupOwner();
		nodeTypes = await main.nodeTypes();
		for (const type of [TRIGGER_TYPE, `${PACKAGE}.whapiJoinRequests`]) {
			assert.ok(nodeTypes.some((t) => t.name === type), `${type} loaded in main`);
		}
		credential = await main.createCredential({ name: 'Whapi stand-in', type: 'whapiApi', data: { token: whapi.token, baseUrl: whapi.baseUrl } });
		dataTableId = await createAllowlist(main, 'whapi_allowlist', ALLOWLIST);

		const workflow = setUpTemplate(readTemplate('data-table-allowlist.json'), {
			credentials: { whapiApi: credential },
			settings: { dataTableId, adminPhone: ADMIN_PHONE, whapiBaseUrl: whapi.baseUrl },
			triggerGroups: [GROUP],
			nodeTypes,
		});
		const created = await main.createWorkflow(workflow);
		triggerId = created.id;
		const { webhookId } = created.nodes.find((n) => n.type === TRIGGER_TYPE);
		await main.activate(triggerId);
		await cluster.webhook.waitForWebhook(`${webhookId}/webhook`);
		const entries = whapi.webhooks.filter((w) => w.url.includes(webhookId));
		assert.deepEqual(
			entries.map((w) => w.url),
			[cluster.webhookUrl(`${webhookId}/webhook`)],
			'Whapi is given the webhook processor, not main',
		);
		lap('allowlist template published');
	});

	after(async () => {
		try {
			await cluster?.stop();
		} finally {
			await whapi?.close();
			if (t0) lap('stopped');
		}
	});

	it('1. a join request is decided through the webhook processor and the worker', async () => {
		const [delivery] = await whapi.emitGroupsPut({ groupId: GROUP, participants: [FIRST] });
		assert.equal(delivery.status, 200);
		const [execution] = await main.waitForExecutions(triggerId, 1, 60000);
		lap(`first applicant decided by execution ${execution.id}`);
		assert.equal(execution.status, 'success');
		assert.equal(execution.mode, 'webhook');
		assert.deepEqual(whapi.decisions, [{ groupId: GROUP, applicant: chat(FIRST), decision: 'accepted', outcome: 'done' }]);
		const ran = new RegExp(`Worker started execution ${execution.id} \\(job`);
		assert.match(cluster.webhook.logs(), new RegExp(`Enqueued execution ${execution.id} \\(job`), 'the webhook processor queued it');
		assert.match(cluster.worker.logs(), ran, 'the worker ran it');
		assert.doesNotMatch(main.logs(), /Worker started execution/, 'main ran nothing');
	});

	it('2. SIGKILL of the worker inside the decision call: Whapi had its 200, the applicant stays pending', async () => {
		const decisionsBefore = whapi.decisions.length;
		whapi.failNext(1, { delayMs: HELD_MS, reset: true, path: '/applications$', method: 'POST' });
		// Calls are recorded once answered; the stand-in's 'received' event tells when one arrives.
		const arrived = new Promise((resolve) => {
			const onReceived = (call) => {
				if (call.method !== 'POST' || !/\/applications$/.test(call.path)) return;
				whapi.off('received', onReceived);
				resolve(decodeURIComponent(call.path));
			};
			whapi.on('received', onReceived);
		});
		const [delivery] = await whapi.emitGroupsPut({ groupId: GROUP, participants: [LOST] });
		assert.equal(delivery.status, 200, 'the webhook caller had its 200');
		const call = await within(arrived, 60000, 'decision call');
		assert.equal(call, `/groups/${GROUP}/applications`);

		killedWorker = cluster.worker;
		await killedWorker.kill('SIGKILL');
		lap('worker killed inside the decision call');

		const lost = (await main.listExecutions({ workflowId: triggerId })).filter((e) => e.status !== 'success');
		assert.equal(lost.length, 1, JSON.stringify(lost));
		lostExecutionId = lost[0].id;
		assert.match(killedWorker.logs(), new RegExp(`Worker started execution ${lostExecutionId} \\(job`));
		assert.equal(lost[0].status, 'running', 'n8n still shows it running: nobody has noticed yet');
		assert.ok(whapi.pending(GROUP).includes(chat(LOST)), 'the applicant is still pending');
		assert.deepEqual(whapi.decisions.slice(decisionsBefore), [], 'no decision was carried out');
		assert.ok(!whapi.decisions.some((d) => d.applicant === chat(LOST) && d.outcome === 'done'));
	});

	it('3. a fresh worker and one run of the backlog sweep decide the applicant exactly once', async () => {
		assert.ok(lostExecutionId, 'step 2 lost an execution');
		// Asked while nothing listened: the sweep has more than the lost applicant to do.
		whapi.addPending(GROUP, BACKLOG);
		const fresh = await cluster.startWorker();
		lap('fresh worker ready');

		const { sweeps } = await runSweepOnce();
		lap(`sweep ran: ${sweeps.map((e) => `${e.id} ${e.status}`).join(', ')}`);
		assert.equal(sweeps.length, 1, 'one sweep run');
		const [run] = sweeps;
		assert.equal(run.status, 'success', JSON.stringify(run.data?.resultData?.error ?? {}).slice(0, 1000));
		assert.match(fresh.logs(), new RegExp(`Worker started execution ${run.id} \\(job`), 'the fresh worker ran the sweep');

		// The held call ends (unapplied) HELD_MS after it arrived; then every call is on record.
		await whapi.waitForCall((c) => c.status === 0 && c.path.endsWith('/applications'), HELD_MS + 30000);
		assert.deepEqual(
			sorted(whapi.decisions),
			sorted([
				{ groupId: GROUP, applicant: chat(FIRST), decision: 'accepted', outcome: 'done' },
				{ groupId: GROUP, applicant: chat(LOST), decision: 'accepted', outcome: 'failed' }, // the lost execution's call
				{ groupId: GROUP, applicant: chat(LOST), decision: 'accepted', outcome: 'done' }, // the sweep's
				{ groupId: GROUP, applicant: chat(BACKLOG), decision: 'rejected', outcome: 'done' },
			]),
		);
		const decided = whapi.decisions.filter((d) => d.outcome !== 'failed').map((d) => d.applicant);
		assert.equal(new Set(decided).size, decided.length, `nobody decided twice: ${decided}`);
		assert.deepEqual(whapi.pending(GROUP), []);

		// How n8n itself ends the lost execution: given up (never re-run), once a live worker's
		// stall check finds the dead worker's job.
		const ended = await until(
			'n8n to give the lost execution up',
			async () => {
				const e = await main.execution(lostExecutionId);
				return !inProgress(e) && e;
			},
			90000,
		);
		const error = ended.data?.resultData?.error;
		lap(`lost execution ${lostExecutionId} ended ${ended.status}: ${error?.message ?? '(no error)'}`);
		// n8n 2.40.7's words (MaxStalledCountError), although nothing was ever retried.
		assert.equal(ended.status, 'error');
		assert.match(error?.message ?? '', /failed to be processed too many times and will no longer retry/);
		assert.doesNotMatch(fresh.logs(), new RegExp(`Worker started execution ${lostExecutionId} \\(`), 'never re-run');
		assert.equal((await main.listExecutions({ workflowId: triggerId })).length, 2, 'no execution replaced it');
	});

	it(`4. ${FLOOD} join requests at a concurrency of ${FLOOD_CONCURRENCY}, two workers, one SIGKILLed mid-run: after one sweep each applicant is decided exactly once`, async () => {
		const applicants = Array.from({ length: FLOOD }, (_, i) => `1555061${String(i).padStart(4, '0')}`);
		const allowed = new Set(applicants.filter((_, i) => i % 4 === 0));
		const projectId = (await main.request('GET', '/rest/projects/personal')).id;
		await main.request('POST', `/rest/projects/${projectId}/data-tables/${dataTableId}/insert`, {
			data: [...allowed].map((phone) => ({ phone })),
			returnType: 'count',
		});
		const second = await cluster.startWorker();
		const workers = cluster.workers.filter((w) => w !== killedWorker);
		assert.equal(workers.length, 2, 'two live workers');
		const executionsBefore = (await main.listExecutions({ workflowId: triggerId })).length;
		const appliedBefore = whapi.applied.length;
		const ours = new Set(applicants.map(chat));
		const decidedLive = () => whapi.applied.slice(appliedBefore).filter((a) => ours.has(a.applicant)).length;
		lap(`flood of ${FLOOD} starts; second worker ${second.baseUrl}`);

		const t1 = Date.now();
		let next = 0;
		let victim;
		let decidedAtKill;
		const statuses = [];
		let killError;
		let heldInVictim;
		const killer = until('the flood to be under way', () => decidedLive() >= FLOOD * KILL_AT, 10 * 60 * 1000).then(async () => {
			// Each execution is short: a worker killed at a random moment may hold none. So the
			// stand-in holds the next HELD_IN_FLIGHT decision calls (then drops them unanswered
			// and unapplied, like step 2's), and the worker with the most executions started and
			// not finished dies once some are held: it surely dies with work in hand.
			let held = 0;
			const onReceived = (call) => {
				if (call.method === 'POST' && /\/applications$/.test(call.path)) held++;
			};
			whapi.on('received', onReceived);
			whapi.failNext(HELD_IN_FLIGHT, { delayMs: HELD_MS, reset: true, path: '/applications$', method: 'POST' });
			try {
				await until('decision calls held in flight', () => held >= HELD_IN_FLIGHT / 2, 120000);
			} finally {
				whapi.off('received', onReceived);
			}
			const inHand = (w) => (w.logs().match(/Worker started execution/g) ?? []).length - (w.logs().match(/Worker finished execution/g) ?? []).length;
			victim = workers.reduce((a, b) => (inHand(b) > inHand(a) ? b : a));
			heldInVictim = inHand(victim);
			decidedAtKill = decidedLive();
			await victim.kill('SIGKILL');
			lap(`worker ${victim.baseUrl} SIGKILLed with ${heldInVictim} executions in hand, ${decidedAtKill} applicants decided`);
		}, (error) => {
			killError = error;
		});
		await Promise.all(
			Array.from({ length: FLOOD_CONCURRENCY }, async () => {
				while (next < applicants.length) {
					const applicant = applicants[next++];
					const [delivery] = await whapi.emitGroupsPut({ groupId: GROUP, participants: [applicant] });
					statuses.push(delivery.status);
				}
			}),
		);
		const deliveredSeconds = (Date.now() - t1) / 1000;
		lap(`${FLOOD} events delivered in ${deliveredSeconds.toFixed(1)} s`);
		await killer;
		assert.ifError(killError);
		assert.ok(decidedAtKill < FLOOD, 'the worker died mid-run');
		assert.ok(heldInVictim > 0, 'the killed worker had executions in hand');
		// Whapi retries until it gets 200: then every event is in the webhook processor's queue.
		const firstAnswers = {};
		for (const s of statuses) firstAnswers[s] = (firstAnswers[s] ?? 0) + 1;
		lap(`first answers to the deliveries: ${JSON.stringify(firstAnswers)}`);
		await whapi.deliveriesDrained(5 * 60 * 1000);

		// n8n is done when every execution is finished: the lost ones end in error once the live
		// worker's stall check finds them (QUEUE_WORKER_* in before()). The pace depends on the
		// machine, so the wait fails only when nothing more finishes for STALL_MS; it polls every
		// 2 s, because each poll reads every execution of the flood from main.
		let executions;
		let finishedBest = -1;
		let progressAt = Date.now();
		let loggedAt = Date.now();
		for (;;) {
			const all = await main.listExecutions({ workflowId: triggerId }); // newest first
			const list = all.slice(0, all.length - executionsBefore);
			const finished = list.filter((e) => !inProgress(e));
			if (finished.length > finishedBest) [finishedBest, progressAt] = [finished.length, Date.now()];
			// Done when every execution is finished and none has come for SETTLE_MS. Main saves an
			// execution before a worker takes it, so a killed worker cannot take one out of the
			// list: fewer executions than events fails below.
			if (finished.length === list.length && (list.length >= FLOOD || Date.now() - progressAt > SETTLE_MS)) {
				executions = list;
				break;
			}
			if (Date.now() - loggedAt > 30000) {
				loggedAt = Date.now();
				lap(`${finished.length} of ${list.length} flood executions finished, ${decidedLive()} applicants decided`);
			}
			if (Date.now() - progressAt > STALL_MS) {
				const byStatus = {};
				for (const e of list) byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
				assert.fail(`no flood execution finished for ${STALL_MS / 1000} s: ${list.length} executions ${JSON.stringify(byStatus)}, ${decidedLive()} applicants decided, ${whapi.pending(GROUP).length} pending`);
			}
			await sleep(2000);
		}
		const liveSeconds = (Date.now() - t1) / 1000;
		const lost = executions.filter((e) => e.status !== 'success');
		const pendingBeforeSweep = whapi.pending(GROUP).filter((c) => ours.has(c)).length;
		lap(`${executions.length} executions finished (${lost.length} not successful); ${pendingBeforeSweep} applicants still pending`);
		// A delivery answered too late for Whapi is delivered again (more executions than events).
		const eventsWithoutExecution = Math.max(0, FLOOD - executions.length);

		const appliedBeforeSweep = whapi.applied.length;
		const { sweeps } = await runSweepOnce();
		assert.deepEqual(sweeps.map((e) => e.status), ['success'], 'one sweep run, successful');
		const decidedBySweep = whapi.applied.slice(appliedBeforeSweep).filter((a) => ours.has(a.applicant)).length;

		const applied = whapi.applied.slice(appliedBefore).filter((a) => ours.has(a.applicant));
		const perApplicant = new Map();
		for (const a of applied) perApplicant.set(a.applicant, [...(perApplicant.get(a.applicant) ?? []), a.decision]);
		const twice = [...perApplicant].filter(([, d]) => d.length > 1);
		const never = applicants.filter((p) => !perApplicant.has(chat(p)));
		const wrongWay = applicants.filter((p) => perApplicant.has(chat(p)) && perApplicant.get(chat(p))[0] !== (allowed.has(p) ? 'accepted' : 'rejected'));
		const figures = {
			requests: FLOOD,
			concurrency: FLOOD_CONCURRENCY,
			workers: 2,
			killedAfterDecisions: decidedAtKill,
			killedWithExecutionsInHand: heldInVictim,
			deliveredSeconds,
			firstAnswers,
			liveSeconds,
			executionsPerSecond: FLOOD / liveSeconds,
			executions: executions.length,
			eventsWithoutExecution,
			deliveryAttempts: whapi.deliveries.attempts,
			executionsNotSuccessful: lost.length,
			pendingBeforeSweep,
			decidedBySweep,
			decided: perApplicant.size,
			decidedTwice: twice.length,
			neverDecided: never.length,
			wrongWay: wrongWay.length,
			pendingAfterSweep: whapi.pending(GROUP).length,
		};
		fs.mkdirSync(RESULTS_DIR, { recursive: true });
		fs.writeFileSync(path.join(RESULTS_DIR, 'queue-flood.json'), JSON.stringify(figures, null, 2));
		console.log(
			`[queue flood] ${FLOOD} requests at concurrency ${FLOOD_CONCURRENCY}, 2 workers, one SIGKILLed after ${decidedAtKill} decisions with ${heldInVictim} executions in hand: ` +
				`${lost.length} executions lost, ${eventsWithoutExecution} fewer executions listed than events, ${pendingBeforeSweep} applicants left pending, one sweep decided ${decidedBySweep}; ` +
				`decided ${perApplicant.size}, twice ${twice.length}, never ${never.length}, wrong way ${wrongWay.length}, pending ${figures.pendingAfterSweep}; ` +
				`${figures.executionsPerSecond.toFixed(1)} executions/s (2 cores, shared)`,
		);
		assert.ok(pendingBeforeSweep > 0, 'the killed worker left applicants for the sweep (otherwise this tested nothing)');
		assert.equal(eventsWithoutExecution, 0, 'every join request Whapi delivered has an execution in n8n\'s list');
		assert.deepEqual(twice.slice(0, 5), [], 'nobody decided twice');
		assert.deepEqual(never.slice(0, 5), [], 'nobody left undecided');
		assert.deepEqual(wrongWay.slice(0, 5), [], 'every decision follows the allowlist');
		assert.deepEqual(whapi.pending(GROUP), []);
	});
});
