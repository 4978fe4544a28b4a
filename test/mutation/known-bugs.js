#!/usr/bin/env node
/**
 * The known bugs of issue 9, each made on purpose in a throw-away copy of the sources, and the
 * test file named to catch it run against that copy: the bug must make the test fail. A bug that
 * passes its test "survives" and fails this check. `npm run test:mutation:known`, and `.ci/run`.
 *
 * The working tree is never touched: nodes/, credentials/, test/ and the configs are copied into
 * a temporary directory (node_modules linked), and each bug is applied there and put back.
 * A patch whose text no longer occurs once in the source fails the check too, so that a refactor
 * cannot quietly turn a bug into a no-op: update the patch with the code.
 *
 * MUTATION_ONLY=<substring> runs the bugs whose name contains it.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const DECISION = 'nodes/WhapiJoinRequests/actions/joinRequest/decision.ts';
const QUEUE = 'nodes/WhapiJoinRequests/actions/joinRequest/queue.ts';
const TRANSPORT = 'nodes/shared/transport.ts';
const ROUTER = 'nodes/WhapiJoinRequests/actions/router.ts';

const T = {
	transport: 'test/nodes/shared/transport.test.ts',
	pairing: 'test/nodes/WhapiJoinRequests/actions/pairing.test.ts',
	decision: 'test/nodes/WhapiJoinRequests/actions/joinRequest/decision.test.ts',
	notPending: 'test/nodes/WhapiJoinRequests/actions/joinRequest/notPending.test.ts',
	list: 'test/nodes/WhapiJoinRequests/actions/joinRequest/list.operation.test.ts',
	lifecycle: 'test/nodes/WhapiJoinRequestsTrigger/lifecycle.test.ts',
	events: 'test/nodes/WhapiJoinRequestsTrigger/events.test.ts',
	reachability: 'test/nodes/WhapiJoinRequestsTrigger/reachability.test.ts',
};

/** Each bug: where, the exact text it replaces (must occur once), what replaces it, the test that must catch it. */
const BUGS = [
	{
		name: 'Retry-After ignored',
		file: TRANSPORT,
		from: "parseRetryAfter(response.headers['retry-after'])",
		to: 'parseRetryAfter(undefined)',
		test: T.transport,
	},
	{
		name: 'pairedItem dropped from decision outputs',
		file: DECISION,
		from: 'return [{ json, pairedItem: { item: itemIndex } }];',
		to: 'return [{ json }];',
		test: T.pairing,
	},
	{
		name: 'pairedItem dropped from Continue On Fail error items',
		file: ROUTER,
		from: 'return [{ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } }];',
		to: 'return [{ json: { error: (error as Error).message } }];',
		test: T.list,
	},
	{
		name: 'Decide takes the string "false" as accept',
		file: DECISION,
		from: "if (value === 'true' || value === 'false') return value === 'true';",
		to: "if (value === 'true' || value === 'false') return true;",
		test: T.pairing,
	},
	{
		name: 'a 400/404 refusal never read as "not pending"',
		file: DECISION,
		from: '(status === 400 || status === 404 || status === 409)',
		to: 'false',
		test: T.notPending,
	},
	{
		name: 'not-pending check compares applicants with ===',
		file: QUEUE,
		from: 'sameApplicant(request.applicant, applicant)',
		to: 'request.applicant === applicant',
		test: T.pairing,
	},
	{
		name: 'not-pending check reads only the first page',
		file: QUEUE,
		from: 'undefined, (page) => page.some(listed));',
		to: 'undefined, () => true);',
		test: T.notPending,
	},
	{
		name: 'no read-back after PATCH /settings',
		file: 'nodes/WhapiJoinRequestsTrigger/webhookList.ts',
		from: "await transport.request({ method: 'PATCH', path: '/settings', body: { webhooks: next } });",
		to: "await transport.request({ method: 'PATCH', path: '/settings', body: { webhooks: next } });\n\t\t\treturn;",
		test: T.lifecycle,
	},
	{
		name: 'request timeout removed',
		file: TRANSPORT,
		from: 'timeout: call.timeoutMs ?? REQUEST_TIMEOUT_MS,',
		to: 'timeout: call.timeoutMs,',
		test: T.transport,
	},
	{
		name: 'success:false ignored on non-decision calls',
		file: TRANSPORT,
		from: 'if (answer.status >= 300 || findRefusal(answer.body) !== undefined) throw',
		to: 'if (answer.status >= 300 || (findRefusal(answer.body) !== undefined && false)) throw',
		test: T.transport,
	},
	{
		name: 'events deduplicated by the raw participant string',
		file: 'nodes/WhapiJoinRequestsTrigger/events.ts',
		from: 'const key = identity.phone ?? identity.applicant;',
		to: 'const key = identity.applicant;',
		test: T.events,
	},
	{
		name: 'CGNAT 100.64/10 not treated as private',
		file: 'nodes/WhapiJoinRequestsTrigger/reachability.ts',
		from: '\t/^100\\.(6[4-9]|[7-9]\\d|1[01]\\d|12[0-7])\\./,\n',
		to: '',
		test: T.reachability,
	},
];

function copyTree(dir) {
	// A stable path per checkout, so that jest's transform cache serves the unchanged files again.
	const id = crypto.createHash('sha256').update(dir).digest('hex').slice(0, 12);
	const work = path.join(os.tmpdir(), `whapi-known-bugs-${id}`);
	fs.rmSync(work, { recursive: true, force: true });
	fs.mkdirSync(work);
	for (const entry of ['nodes', 'credentials', 'test', 'jest.config.js', 'tsconfig.json', 'package.json']) {
		fs.cpSync(path.join(dir, entry), path.join(work, entry), {
			recursive: true,
			filter: (source) => !source.includes(`${path.sep}node_modules`),
		});
	}
	fs.symlinkSync(path.join(dir, 'node_modules'), path.join(work, 'node_modules'), 'dir');
	return work;
}

function runJest(work, testFiles) {
	const started = process.hrtime.bigint();
	const result = spawnSync(
		process.execPath,
		[path.join(work, 'node_modules/jest/bin/jest.js'), '--ci', '--silent', '--coverage=false', '--runTestsByPath', ...testFiles],
		{ cwd: work, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } },
	);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	return { failed: result.status !== 0, seconds, output: `${result.stdout}${result.stderr}` };
}

function main() {
	const only = process.env.MUTATION_ONLY;
	const bugs = only ? BUGS.filter((bug) => bug.name.includes(only)) : BUGS;
	const work = copyTree(ROOT);
	const rows = [];
	try {
		// The named tests must pass on the unmodified code, or a "killed" would mean nothing.
		const testFiles = [...new Set(bugs.map((bug) => bug.test))];
		const baseline = runJest(work, testFiles);
		if (baseline.failed) {
			console.error(baseline.output);
			throw new Error('a named test fails on the unmodified code; fix it before checking bugs against it');
		}
		console.log(`named tests pass on the unmodified code (${baseline.seconds.toFixed(1)} s)`);
		for (const bug of bugs) {
			const file = path.join(work, bug.file);
			const original = fs.readFileSync(file, 'utf8');
			const occurrences = original.split(bug.from).length - 1;
			if (occurrences !== 1) {
				rows.push({ bug: bug.name, test: bug.test, killed: `patch matches ${occurrences}×`, seconds: '-' });
				continue;
			}
			fs.writeFileSync(file, original.replace(bug.from, () => bug.to));
			try {
				const run = runJest(work, [bug.test]);
				rows.push({ bug: bug.name, test: bug.test, killed: run.failed ? 'yes' : 'NO', seconds: run.seconds.toFixed(1) });
				console.log(`${bug.name}: ${run.failed ? 'killed' : 'SURVIVED'} (${run.seconds.toFixed(1)} s)`);
			} finally {
				fs.writeFileSync(file, original);
			}
		}
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
	const widths = ['bug', 'test', 'killed', 'seconds'].map((key) => Math.max(key.length, ...rows.map((row) => String(row[key]).length)));
	const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ');
	console.log(line(['bug', 'test', 'killed', 'seconds']));
	console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
	for (const row of rows) console.log(line([row.bug, row.test, row.killed, row.seconds]));
	const survivors = rows.filter((row) => row.killed !== 'yes');
	console.log(`\n${rows.length - survivors.length} of ${rows.length} known bugs killed by their named test`);
	if (survivors.length > 0) process.exitCode = 1;
}

main();
