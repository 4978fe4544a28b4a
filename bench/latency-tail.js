'use strict';
// Where the slowest join requests wait, ours against the bare trigger, at a concurrency of 8 in
// one real n8n 2.40.7. Every event's time from Whapi's call to the decision is cut at what n8n
// records of its execution: the webhook's answer, the execution's start, the decision node's
// start, and the decision call reaching Whapi (the stand-in). Prints each phase's median over
// all events and its mean over the slowest 5 %, flow by flow; p50 / p95 / p99 and ours ÷ bare
// round by round; the CPU time n8n's processes used per event (from /proc); and writes every
// event's phases.
//
// With --mixed 1 the two flows run at the same time instead of taking turns: every worker
// alternates between them, so a stall of the machine (they come in bursts) hits both alike.
//
//   node bench/latency-tail.js [--rounds 3] [--events 200] [--concurrency 8] [--mixed 0]
//                              [--env KEY=VALUE]
const { startBench, publishAll } = require('./n8n/setup');
const { decisionWatcher, closedLoop, mixedLoop, timedJoinRequest, percentile, median, summary } = require('./n8n/load');
const { options, write, fmt, spread } = require('./n8n/report');
const fs = require('node:fs');

const opts = options({ rounds: 3, events: 200, concurrency: 8, mixed: 0 });
const FLOWS = { ours: { decision: 'Decide' }, bare: { decision: ['Accept', 'Reject'] } };
const PHASES = ['answer', 'toStart', 'toDecisionNode', 'decisionNode', 'total'];

/** One join request through `flow`; every instant on the epoch clock n8n's records use. */
async function timedEvent(bench, watcher, flow) {
	const { applicant, sent, answered, decided } = await timedJoinRequest(bench, watcher, flow);
	const epoch = (instant) => performance.timeOrigin + instant;
	return { applicant, sent: epoch(sent), answered: epoch(answered), decided: epoch(decided) };
}

/** CPU time (user + system, ms) used so far by every process of n8n's process group. */
function groupCpuMs(pgid) {
	let ticks = 0;
	for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		let stat;
		try {
			stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		} catch {
			continue; // gone meanwhile
		}
		// Fields after the command name (which may hold spaces): state is field 3, pgrp 5, utime 14, stime 15.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
	}
	return ticks * 10; // USER_HZ is 100 on Linux
}

/** The applicant an execution decided, read from the trigger's output item. */
function applicantOf(execution) {
	const runData = execution.data?.resultData?.runData ?? {};
	for (const runs of Object.values(runData)) {
		const json = runs?.[0]?.data?.main?.[0]?.[0]?.json;
		if (!json) continue;
		if (typeof json.phone === 'string') return json.phone;
		const participant = json.groups_participants?.[0]?.participants?.[0];
		if (typeof participant === 'string') return participant.replace(/@.*/, '');
	}
	return undefined;
}

function phasesOf(event, execution, decisionNodes) {
	const runData = execution.data.resultData.runData;
	const node = [decisionNodes].flat().map((name) => runData[name]?.[0]).find(Boolean);
	const started = new Date(execution.startedAt).getTime();
	return {
		sent: event.sent,
		round: event.round,
		answer: event.answered - event.sent,
		toStart: started - event.sent,
		toDecisionNode: node.startTime - started,
		decisionNode: event.decided - node.startTime,
		total: event.decided - event.sent,
	};
}

async function main() {
	const bench = await startBench({ env: opts.env });
	try {
		const all = await publishAll(bench);
		const flows = Object.fromEntries(Object.keys(FLOWS).map((key) => [key, all[key]]));
		const watcher = decisionWatcher(bench.whapi);
		for (const flow of Object.values(flows)) await closedLoop(bench, watcher, flow, 10, 2, timedEvent);
		const events = Object.fromEntries(Object.keys(FLOWS).map((key) => [key, []]));
		const cpu = Object.fromEntries(Object.keys(FLOWS).map((key) => [key, []]));
		for (let r = 0; r < opts.rounds; r++) {
			const keys = Object.keys(FLOWS);
			if (opts.mixed) {
				const before = groupCpuMs(bench.pid);
				const mixed = (await mixedLoop(bench, watcher, flows, opts.events, opts.concurrency, timedEvent)).results;
				const perEvent = (groupCpuMs(bench.pid) - before) / (opts.events * keys.length);
				for (const key of keys) {
					events[key].push(...mixed[key].map((e) => ({ ...e, round: r })));
					cpu[key].push(perEvent); // the flows' CPU cannot be told apart when they run together
				}
				console.log(`round ${r + 1}/${opts.rounds} done`);
				continue;
			}
			for (const key of r % 2 ? keys.reverse() : keys) {
				const before = groupCpuMs(bench.pid);
				events[key].push(...(await closedLoop(bench, watcher, flows[key], opts.events, opts.concurrency, timedEvent)).latencies.map((e) => ({ ...e, round: r })));
				cpu[key].push((groupCpuMs(bench.pid) - before) / opts.events);
			}
			console.log(`round ${r + 1}/${opts.rounds} done`);
		}
		const results = {};
		for (const [key, { decision }] of Object.entries(FLOWS)) {
			const executions = await bench.n8n.executions({ workflowId: flows[key].id });
			const byApplicant = new Map(executions.map((e) => [applicantOf(e), e]));
			const timed = events[key].filter((e) => byApplicant.has(e.applicant)).map((e) => phasesOf(e, byApplicant.get(e.applicant), decision));
			const slowest = [...timed].sort((a, b) => b.total - a.total).slice(0, Math.max(1, Math.round(timed.length / 20)));
			const mean = (list, phase) => list.reduce((sum, e) => sum + e[phase], 0) / list.length;
			results[key] = {
				events: timed.length,
				// An execution still being saved when the list was read: its event is left out.
				unmatched: events[key].length - timed.length,
				cpuMsPerEvent: cpu[key],
				p50: percentile(timed.map((e) => e.total), 50),
				p95: percentile(timed.map((e) => e.total), 95),
				p99: percentile(timed.map((e) => e.total), 99),
				median: Object.fromEntries(PHASES.map((phase) => [phase, median(timed.map((e) => e[phase]))])),
				slowest5: Object.fromEntries(PHASES.map((phase) => [phase, mean(slowest, phase)])),
				timed,
			};
		}
		console.log(`\n${opts.rounds} rounds × ${opts.events} events a flow, concurrency ${opts.concurrency}${opts.mixed ? ', flows mixed' : ''}; ms`);
		console.log(`${'flow / events'.padEnd(24)}${PHASES.map((p) => p.padEnd(16)).join('')}`);
		for (const [key, r] of Object.entries(results)) {
			console.log(`${`${key}: median`.padEnd(24)}${PHASES.map((p) => fmt(r.median[p], 0).padEnd(16)).join('')}`);
			console.log(`${`${key}: slowest 5 %`.padEnd(24)}${PHASES.map((p) => fmt(r.slowest5[p], 0).padEnd(16)).join('')}`);
		}
		// Ours against the bare trigger round by round: the rounds' events are the paired samples.
		const byRound = Object.fromEntries(['p50', 'p95', 'p99'].map((m) => [m, []]));
		for (let r = 0; r < opts.rounds; r++) {
			const totals = (key) => results[key].timed.filter((e) => e.round === r).map((e) => e.total);
			for (const p of [50, 95, 99]) byRound[`p${p}`].push(percentile(totals('ours'), p) / percentile(totals('bare'), p));
		}
		const ratios = Object.fromEntries(Object.entries(byRound).map(([m, list]) => [m, summary(list)]));
		console.log(`ours ÷ bare, round by round, median (min–max): ${Object.entries(ratios).map(([m, s]) => `${m} ×${spread(s, 2)}`).join(', ')}`);
		for (const [key, r] of Object.entries(results)) {
			console.log(`${key}: join → decision p50 ${fmt(r.p50, 0)}, p95 ${fmt(r.p95, 0)}, p99 ${fmt(r.p99, 0)} ms over ${r.events} events (${r.unmatched} without an execution record yet)`);
			console.log(`${key}: CPU of n8n's processes per event, by round: ${r.cpuMsPerEvent.map((ms) => fmt(ms, 1)).join(', ')} ms (median ${fmt(median(r.cpuMsPerEvent), 1)})`);
		}
		console.log(
			'\nanswer: Whapi\'s call answered; toStart: call sent → execution started; toDecisionNode: execution started → decision node started; decisionNode: decision node started → call at Whapi',
		);
		write(opts.out ?? 'latency-tail', { options: opts, oursToBareByRound: { rounds: byRound, ...ratios }, results });
	} finally {
		await bench.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
