'use strict';
// One real n8n 2.40.7 (the end-to-end harness's installer and launcher) with this package and a
// bare community trigger installed, the Whapi stand-in on loopback, and the compared flows
// published side by side in that one instance.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startN8n } = require('../../test/e2e/n8n');
const { startWhapiStandIn } = require('../../test/whapi-stand-in');
const { packBareTrigger } = require('../../test/e2e/bare-triggers');
const secrets = require('../../test/e2e/secrets');
const flows = require('./flows');

const ROOT = path.resolve(__dirname, '..', '..');
const VERSION = process.env.BENCH_N8N_VERSION || '2.40.7';
const SECRET_HEADER = 'X-Whapi-Join-Secret';

let packed;
/** Builds and packs this package once per process (what users install). */
function packOurs() {
	if (packed) return packed;
	execFileSync('bash', [path.join(ROOT, 'scripts', 'install-n8n.sh'), VERSION], { stdio: ['ignore', 'ignore', 'inherit'] });
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'whapi-bench-pack-'));
	const [info] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' }),
	);
	packed = path.join(dir, info.filename);
	process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
	return packed;
}

/**
 * Starts the stand-in and n8n. `env` goes to n8n; `inspect` starts n8n's main process with the
 * inspector on a free port (for CPU profiles).
 */
async function startBench({ env = {}, inspect = false } = {}) {
	const whapi = await startWhapiStandIn({ token: 'bench-token' });
	whapi.addGroup({ id: flows.GROUP, name: 'Cohort A', admin: true });
	const bareTrigger = packBareTrigger();
	const n8nEnv = { ...env };
	if (inspect) n8nEnv.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --inspect=127.0.0.1:0`.trim();
	let n8n;
	try {
		// Other work on the machine can slow n8n's start-up well past the usual ~10 s.
		n8n = await startN8n({ version: VERSION, packageTarball: [packOurs(), bareTrigger.tarball], env: n8nEnv, startTimeoutMs: 300000 });
	} catch (error) {
		await whapi.close();
		throw error;
	} finally {
		bareTrigger.dispose();
	}
	await n8n.setupOwner();
	const whapiCredential = await n8n.createCredential({
		name: 'Whapi',
		type: 'whapiApi',
		data: { token: whapi.token, baseUrl: whapi.baseUrl },
	});
	const headerCredential = await n8n.createCredential({
		name: 'Whapi header',
		type: 'httpHeaderAuth',
		data: { name: 'Authorization', value: `Bearer ${whapi.token}` },
	});
	return {
		n8n,
		whapi,
		whapiCredential,
		headerCredential,
		/** The n8n main process's id (its process group leader). */
		pid: n8n.child.pid,
		async close() {
			await n8n.dispose();
			await whapi.close();
		},
	};
}

/** Creates and publishes a flow; returns {id, url, headers} to call its webhook with. */
async function publish(bench, { workflow, path: webhookPath }) {
	const { n8n, whapi } = bench;
	const created = await n8n.createWorkflow(workflow);
	await n8n.activate(created.id);
	await n8n.waitForWebhook(webhookPath, { timeoutMs: 60000 });
	const url = n8n.webhookUrl(webhookPath);
	const entry = whapi.webhooks.find((w) => w.url === url);
	const headers = entry?.headers?.[SECRET_HEADER] ? { [SECRET_HEADER]: entry.headers[SECRET_HEADER] } : {};
	return { id: created.id, name: workflow.name, url, headers };
}

/** The seed article's flow: its token typed into the node, so its execution records hold it. */
async function inlineTokenFlow(bench, base) {
	const flow = await publish(bench, flows.naive('naive (inline token)', base, { token: bench.whapi.token }));
	secrets.exposedByDesign(flow.id, 'has the token typed into its HTTP Request node (the naive inline flow)');
	return flow;
}

/** The four compared flows, published. */
async function publishAll(bench) {
	const base = bench.whapi.baseUrl;
	return {
		ours: await publish(bench, flows.ours(bench.whapiCredential)),
		naiveCredential: await publish(bench, flows.naive('naive (credential)', base, { credential: bench.headerCredential })),
		naiveInline: await inlineTokenFlow(bench, base),
		bare: await publish(bench, flows.bare(base, bench.headerCredential)),
	};
}

/**
 * The keys of the published flows a run compares: those named in `list` (comma-separated, a
 * `--flows` option) and the baseline, or all of them when `list` is empty.
 */
function chosenFlows(flows, list, baseline) {
	const wanted = list === '' ? undefined : new Set([...list.split(','), baseline]);
	return Object.keys(flows).filter((key) => wanted === undefined || wanted.has(key));
}

module.exports = { startBench, publish, publishAll, chosenFlows, packOurs, VERSION };
