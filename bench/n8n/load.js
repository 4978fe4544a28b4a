'use strict';
// Join → decision latency as a user feels it: from the moment Whapi's groups.put call leaves
// for n8n to the moment the accept or reject call reaches Whapi (the stand-in).
const http = require('node:http');

const { GROUP } = require('./flows');

let serial = 0;
/** A fresh applicant number: 1555 + 7 digits, never reused within a process. */
function nextApplicant() {
	serial += 1;
	return `1555${String(2000000 + serial).padStart(7, '0')}`;
}

/** Resolves decisions as the stand-in records them, keyed by the applicant's bare number. */
function decisionWatcher(whapi) {
	const waiting = new Map();
	whapi.on('call', (call) => {
		if (!/\/applications$/.test(call.path) || (call.method !== 'POST' && call.method !== 'DELETE')) return;
		const applicant = String(call.body?.application ?? '').replace(/@.*/, '');
		const done = waiting.get(applicant);
		if (!done) return;
		waiting.delete(applicant);
		done(performance.now());
	});
	return {
		expect(applicant, timeoutMs) {
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => {
					waiting.delete(applicant);
					reject(new Error(`no decision for ${applicant} within ${timeoutMs} ms`));
				}, timeoutMs);
				waiting.set(applicant, (t) => {
					clearTimeout(timer);
					resolve(t);
				});
			});
		},
	};
}

/** POSTs Whapi's groups.put body as Whapi does (a new connection per call). */
function post(url, body, headers) {
	const text = JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const req = http.request(url, {
			method: 'POST',
			agent: false,
			headers: { 'Content-Type': 'application/json', ...headers, 'Content-Length': Buffer.byteLength(text) },
		});
		req.on('response', (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode));
		});
		req.on('error', reject);
		req.end(text);
	});
}

/** A fresh applicant, pending in Whapi's queue, and the groups.put body Whapi sends for it. */
function joinRequest(bench) {
	const applicant = nextApplicant();
	bench.whapi.addPending(GROUP, applicant);
	const body = {
		groups_participants: [{ group_id: GROUP, participants: [applicant], action: 'request' }],
		event: { type: 'groups', event: 'put' },
		channel_id: bench.whapi.channelId,
	};
	return { applicant, body };
}

/**
 * One join request through `flow`: the applicant and the instants (performance.now()) the call
 * was sent, the webhook answered and the decision reached Whapi.
 */
async function timedJoinRequest(bench, watcher, flow, timeoutMs = 60000) {
	const { applicant, body } = joinRequest(bench);
	const decided = watcher.expect(applicant, timeoutMs);
	const sent = performance.now();
	const status = await post(flow.url, body, flow.headers);
	const answered = performance.now();
	if (status !== 200) throw new Error(`${flow.name}: webhook answered ${status}`);
	return { applicant, sent, answered, decided: await decided };
}

/** One join request through `flow`; resolves with ms from send to decision. */
async function oneEvent(bench, watcher, flow, timeoutMs = 60000) {
	const { sent, decided } = await timedJoinRequest(bench, watcher, flow, timeoutMs);
	return decided - sent;
}

/**
 * `count` events through `flow`, `concurrency` at a time; latencies in ms, in completion order
 * (or what `event` resolves with, when another is given).
 */
async function closedLoop(bench, watcher, flow, count, concurrency, event = oneEvent) {
	const { results, seconds } = await mixedLoop(bench, watcher, { flow }, count, concurrency, event);
	return { latencies: results.flow, seconds };
}

/**
 * About `count` events of each flow (±1), `concurrency` at a time, every worker alternating
 * between the flows, so a stall of the machine (they come in bursts) hits them alike; what
 * `event` resolves with, by flow, and the seconds all took together.
 */
async function mixedLoop(bench, watcher, flows, count, concurrency, event = oneEvent) {
	const keys = Object.keys(flows);
	const results = Object.fromEntries(keys.map((key) => [key, []]));
	let next = 0;
	const worker = async (first) => {
		for (let turn = first; next < count * keys.length; turn++) {
			next += 1;
			const key = keys[turn % keys.length];
			results[key].push(await event(bench, watcher, flows[key]));
		}
	};
	const t0 = performance.now();
	await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
	return { results, seconds: (performance.now() - t0) / 1000 };
}

/** Events at a fixed rate for `seconds`, whatever the answers; latencies and how many were lost. */
async function openLoop(bench, watcher, flow, rate, seconds, timeoutMs = 20000) {
	const count = Math.round(rate * seconds);
	const t0 = performance.now();
	const pending = [];
	for (let i = 0; i < count; i++) {
		const due = t0 + (i * 1000) / rate;
		const wait = due - performance.now();
		if (wait > 0) await new Promise((r) => setTimeout(r, wait));
		pending.push(oneEvent(bench, watcher, flow, timeoutMs).then((ms) => ms, () => Infinity));
	}
	const latencies = await Promise.all(pending);
	return { latencies, lost: latencies.filter((l) => l === Infinity).length };
}

function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length / 2;
	return sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median and spread (min–max) of repeated figures. */
function summary(values) {
	return { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values };
}

module.exports = { decisionWatcher, timedJoinRequest, oneEvent, closedLoop, mixedLoop, openLoop, percentile, median, summary, post, nextApplicant };
