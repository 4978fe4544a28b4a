'use strict';
// `npm run test:faults`: the fault campaign in real n8n 2.40.7 with the packed package.
//   1. installs n8n 2.40.7 into the cache folder (idempotent), builds and packs the package;
//   2. starts n8n, the Whapi stand-ins and the workflows (./world.js);
//   3. runs the scenarios (./scenarios.js) on the Data Table allowlist template and, where the
//      same scenario applies, on the naive flow users build today (./naive.js);
//   4. prints the figures and writes them to .faults/result.json (RELIABILITY.md quotes them).
// Exits 1 when a check of the package's flow fails; the naive flow's figures are for comparison.
//
// Sizes (the by default): FAULTS_TRANSIENT=1000 FAULTS_WHAPI_DOWN=50 FAULTS_N8N_DOWN=200
// FAULTS_DUPLICATES=100 FAULTS_PUBLISH=10 FAULTS_NAIVE=1000; FAULTS_WHAPI_DOWN_MS=20000 (Whapi's
// five minutes scaled down; longer than the node's retries); FAULTS_DELIVERY_SCALE=0.1 (Whapi's
// 3 s delivery back-off step becomes 300 ms).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { stopAll } = require('../e2e/n8n');
const { VERSION, startWorld } = require('./world');
const scenarios = require('./scenarios');

const root = path.resolve(__dirname, '..', '..');
const size = (name, fallback) => Number(process.env[name] ?? fallback);
const SIZES = {
	transient: size('FAULTS_TRANSIENT', 1000),
	whapiDown: size('FAULTS_WHAPI_DOWN', 50),
	whapiDownMs: size('FAULTS_WHAPI_DOWN_MS', 20000),
	n8nDown: size('FAULTS_N8N_DOWN', 200),
	n8nDownMs: size('FAULTS_N8N_DOWN_MS', 5000),
	duplicates: size('FAULTS_DUPLICATES', 100),
	publish: size('FAULTS_PUBLISH', 10),
	naive: size('FAULTS_NAIVE', 1000),
	deliveryScale: size('FAULTS_DELIVERY_SCALE', 0.1),
};

const t0 = Date.now();
const log = (message) => console.log(`[faults ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${message}`);

function prepare() {
	log(`installing n8n ${VERSION} (cached)`);
	execFileSync('bash', [path.join(root, 'scripts', 'install-n8n.sh'), VERSION], { stdio: 'inherit' });
	log('building and packing the package');
	execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'whapi-faults-pack-'));
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: root, encoding: 'utf8' }),
	);
	return { packDir, tarball: path.join(packDir, packed.filename) };
}

const PLAN = [
	{
		id: 1,
		title: 'Transient faults',
		injected: (s) => `${s.transient} join requests; 20 % of decision and list calls fail at random (seeded): 429 with Retry-After, 500, 503, reset, hang past the 30 s client timeout (3 % each), and 5 % that take effect then lose their answer (502, reset, hang); then one backlog sweep run, faults still on`,
		expected: (s) => `${s.transient} decided, 0 the wrong way, 0 twice, 0 failed items that were in fact decided`,
		run: (world, s) => scenarios.transientFaults(world, { count: s.transient }),
		naive: (world, s) => scenarios.transientFaults(world, { count: s.naive, naive: true, sweep: false }),
	},
	{
		id: 2,
		title: 'Whapi down longer than the retries',
		injected: (s) => `${s.whapiDown} join requests while every Whapi call answers 503/502 or resets, for ${s.whapiDownMs / 1000} s (Whapi's 5 minutes, scaled); then one sweep`,
		expected: (s) => `${s.whapiDown} executions fail naming their applicant; after the sweep ${s.whapiDown} decided, 0 lost, 0 twice`,
		run: (world, s) => scenarios.whapiDown(world, { count: s.whapiDown, downMs: s.whapiDownMs }),
	},
	{
		id: 3,
		title: 'n8n down',
		injected: (s) => `n8n stopped; ${s.n8nDown} join requests arrive; Whapi's delivery retries (back-off step 3 s × ${s.deliveryScale}); n8n started again; then one sweep`,
		expected: (s) => `${s.n8nDown} decided, none twice`,
		run: (world, s) => scenarios.n8nDown(world, { count: s.n8nDown, downMs: s.n8nDownMs }),
	},
	{
		id: 4,
		title: 'Duplicate delivery',
		injected: (s) => `${s.duplicates} join requests, every event delivered twice`,
		expected: (s) => `one decision per applicant, the repeat ends not_pending, 0 failed executions`,
		run: (world, s) => scenarios.duplicates(world, { count: s.duplicates }),
		naive: (world, s) => scenarios.duplicates(world, { count: s.duplicates, naive: true }),
	},
	{
		id: 5,
		title: 'Concurrent publish',
		injected: (s) => `${s.publish} trigger workflows on one channel published at the same moment, then unpublished at the same moment; 150 ms on every settings write; 2 foreign entries`,
		expected: (s) => `${s.publish} entries, then 0 of ours; the foreign entries intact`,
		run: (world, s) => scenarios.concurrentPublish(world, { count: s.publish }),
	},
	{
		id: 'forgery',
		title: 'Forgery without any secret',
		injected: () => 'a forged groups.put for a pending applicant on the allowlist, POSTed to the public URL without any secret',
		expected: () => '401, 0 executions, 0 Whapi calls, nobody decided',
		run: (world) => scenarios.forgery(world, {}),
		naive: (world) => scenarios.forgery(world, { naive: true }),
	},
];

async function main() {
	const { packDir, tarball } = prepare();
	const results = [];
	let world;
	try {
		log(`sizes ${JSON.stringify(SIZES)}`);
		world = await startWorld({ tarball, deliveryScale: SIZES.deliveryScale, log });
		for (const step of PLAN) {
			const result = { id: step.id, title: step.title, injected: step.injected(SIZES), expected: step.expected(SIZES) };
			log(`scenario ${step.id}: ${step.title}`);
			try {
				Object.assign(result, await step.run(world, SIZES));
			} catch (error) {
				result.error = String(error?.stack ?? error);
				result.checks = [['ran to the end', true, false]];
			}
			result.pass = result.checks.every(([, expected, actual]) => expected === actual);
			for (const [name, expected, actual] of result.checks) {
				log(`  ${expected === actual ? 'ok  ' : 'FAIL'} ${name}: ${JSON.stringify(actual)} (expected ${JSON.stringify(expected)})`);
			}
			log(`  figures ${JSON.stringify(result.figures ?? {})}`);
			if (result.error) log(`  error ${result.error}`);
			if (step.naive) {
				log(`scenario ${step.id} on the naive flow`);
				try {
					result.naive = (await step.naive(world, SIZES)).figures;
				} catch (error) {
					result.naive = { error: String(error?.stack ?? error) };
				}
				log(`  naive figures ${JSON.stringify(result.naive)}`);
			}
			results.push(result);
		}
	} finally {
		await world?.close().catch(() => {});
		await stopAll();
		fs.rmSync(packDir, { recursive: true, force: true });
	}
	const summary = {
		n8n: VERSION,
		finishedAt: new Date().toISOString(),
		seconds: Math.round((Date.now() - t0) / 1000),
		cpus: os.cpus().length,
		sizes: SIZES,
		pass: results.every((r) => r.pass),
		scenarios: results,
	};
	const out = path.join(root, '.faults', 'result.json');
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
	log(`${summary.pass ? 'all checks passed' : 'SOME CHECKS FAILED'} in ${summary.seconds} s; figures in ${path.relative(root, out)}`);
	process.exitCode = summary.pass ? 0 : 1;
}

main()
	.catch((error) => {
		console.error(error);
		process.exitCode = 1;
	})
	// Nothing of the campaign may outlive it (a stand-in's timers, a kept-alive socket).
	.finally(() => process.exit());
