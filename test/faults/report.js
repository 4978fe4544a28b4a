'use strict';
// Prints the last fault campaign's figures (.faults/result.json) as the Markdown table that
// RELIABILITY.md quotes: `node test/faults/report.js`.
const fs = require('node:fs');
const path = require('node:path');

const file = path.resolve(__dirname, '..', '..', '.faults', 'result.json');
const result = JSON.parse(fs.readFileSync(file, 'utf8'));

const LABELS = {
	requests: 'requests',
	decidedLive: 'decided live',
	decidedAfterSweep: 'decided after the sweep',
	decided: 'decided',
	leftPending: 'left pending',
	lost: 'lost',
	decidedTwice: 'decided twice',
	wrongWay: 'wrong way',
	failedExecutions: 'failed executions',
	failedButDecided: 'failed items that were in fact decided',
	notPendingButDecidedByItself: '"not_pending" for an applicant its own execution decided',
	failedNamingTheApplicant: 'failed executions naming the applicant',
	decidedWhileDown: 'decided while down',
	downSeconds: 's down',
	n8nDownSeconds: 's n8n down',
	firstDeliveriesRefused: 'first deliveries refused',
	deliveryAttempts: 'delivery attempts',
	answered200WhileStartingUp: '200 "starting up" answers (event swallowed)',
	executions: 'executions',
	decidedByRedelivery: 'decided by redelivery',
	decidedBySweep: 'decided by the sweep',
	deliveries: 'deliveries',
	decisionCalls: 'decision calls',
	repeatsEndingNotPending: 'repeats ending not_pending',
	workflows: 'workflows',
	publishedOk: 'reported published',
	entriesAfterPublish: 'our entries after publish',
	foreignIntactAfterPublish: 'foreign entries intact',
	entriesAfterUnpublish: 'our entries after unpublish',
	foreignIntactAfterUnpublish: 'foreign entries intact after',
	answer: 'HTTP answer',
	executionsStarted: 'executions started',
	whapiCalls: 'Whapi calls',
	seconds: 's',
};

function figures(f) {
	if (!f) return '–';
	if (f.error) return `run failed: ${f.error.split('\n')[0]}`;
	return Object.entries(LABELS)
		.filter(([key]) => f[key] !== undefined)
		.map(([key, label]) => `${label} ${typeof f[key] === 'boolean' ? (f[key] ? 'yes' : 'NO') : f[key]}`)
		.join(', ');
}

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
console.log(`Last run: ${result.finishedAt}, n8n ${result.n8n}, ${result.cpus} CPUs, ${result.seconds} s in all, ${result.pass ? 'every check passed' : 'some checks FAILED'}.\n`);
console.log('| # | Scenario | Injected | Expected | This package (last run) | Naive flow (same harness) |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const s of result.scenarios) {
	const verdict = s.pass ? '✅' : `❌ ${s.checks.filter(([, e, a]) => e !== a).map(([n, e, a]) => `${n}: ${a} (expected ${e})`).join('; ')}.`;
	const ours = s.error ? `run failed: ${s.error.split('\n')[0]}` : figures(s.figures);
	console.log(`| ${s.id} | ${cell(s.title)} | ${cell(s.injected)} | ${cell(s.expected)} | ${cell(`${verdict} ${ours}`)} | ${cell(s.naive ? figures(s.naive) : 'n/a')} |`);
}
