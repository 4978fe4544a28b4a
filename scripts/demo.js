'use strict';
// `npm run demo`: see the product work without a Whapi account.
// Starts a Whapi stand-in (one channel, two groups), n8n 2.40.7 with this package installed as
// the Community Nodes UI installs it, and the Data Table allowlist template published with a
// small allowlist. Then it sends a join request every few seconds and prints one line per
// decision. Ctrl-C stops everything it started.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startN8n, stopAll, OWNER } = require('../test/e2e/n8n');
const { createAllowlist, readTemplate, setUpTemplate, TRIGGER_TYPE } = require('../test/e2e/template-setup');
const { startWhapiStandIn } = require('../test/whapi-stand-in');

const VERSION = '2.40.7';
const root = path.resolve(__dirname, '..');
const GROUPS = [
	{ id: '120363000000000101@g.us', name: 'Course cohort (May)' },
	{ id: '120363000000000102@g.us', name: 'Beta testers' },
];
const ALLOWLIST = ['15550100001', '15550100002', '4915112345678', '447700900123'];
const OTHERS = ['15550100777', '33612345678', '5511912345678'];
const ADMIN_PHONE = '15550109999';
const INTERVAL_MS = Number(process.env.DEMO_INTERVAL_MS || 4000);

const time = () => new Date().toTimeString().slice(0, 8);
const say = (line) => console.log(`${time()}  ${line}`);

async function main() {
	say(`Preparing n8n ${VERSION} (the first run downloads it into a cache folder: a few minutes)`);
	execFileSync('bash', [path.join(root, 'scripts', 'install-n8n.sh'), VERSION], { stdio: ['ignore', 'ignore', 'inherit'] });
	execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'whapi-demo-pack-'));
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: root, encoding: 'utf8' }),
	);

	const whapi = await startWhapiStandIn({ token: 'demo-token' });
	const groupName = Object.fromEntries(GROUPS.map((g) => [g.id, g.name]));
	for (const group of GROUPS) whapi.addGroup({ ...group, admin: true });
	whapi.on('call', (call) => {
		const decided = call.path.match(/^\/groups\/([^/]+)\/applications$/);
		if (decided && call.method !== 'GET' && call.status === 200) {
			const [answer] = Array.isArray(call.response) ? call.response : [];
			const verb = call.method === 'POST' ? 'ACCEPTED' : 'REJECTED';
			const outcome = answer?.success ? '' : ' (was no longer pending)';
			say(`${verb.padEnd(8)} ${String(call.body?.application).padEnd(32)} ${groupName[decodeURIComponent(decided[1])]}${outcome}`);
		}
		if (call.path === '/messages/text' && call.status === 200) {
			say(`NOTIFIED admin +${ADMIN_PHONE}: "${call.body?.body}"`);
		}
	});

	const n8n = await startN8n({ version: VERSION, packageTarball: path.join(packDir, packed.filename) });
	fs.rmSync(packDir, { recursive: true, force: true });
	await n8n.setupOwner();
	const credential = await n8n.createCredential({ name: 'Whapi (demo stand-in)', type: 'whapiApi', data: { token: whapi.token, baseUrl: whapi.baseUrl } });
	const dataTableId = await createAllowlist(n8n, 'whapi_allowlist', ALLOWLIST);
	const workflow = setUpTemplate(readTemplate('data-table-allowlist.json'), {
		name: 'Join requests: Data Table allowlist (demo)',
		credentials: { whapiApi: credential },
		settings: { dataTableId, adminPhone: ADMIN_PHONE, whapiBaseUrl: whapi.baseUrl },
		triggerGroups: GROUPS.map((g) => g.id),
		nodeTypes: await n8n.nodeTypes(),
	});
	const created = await n8n.createWorkflow(workflow);
	await n8n.activate(created.id);
	const trigger = created.nodes.find((node) => node.type === TRIGGER_TYPE);
	await n8n.waitForWebhook(`${trigger.webhookId}/webhook`);

	console.log('');
	console.log(`  n8n editor:  ${n8n.baseUrl}/workflow/${created.id}`);
	console.log(`  sign in as:  ${OWNER.email} / ${OWNER.password}`);
	console.log(`  allowlist:   data table "whapi_allowlist": ${ALLOWLIST.map((p) => `+${p}`).join(', ')}`);
	console.log(`  webhook:     registered with the stand-in, secret header ${Object.keys(whapi.webhooks[0].headers).join(', ')}`);
	console.log('  A join request arrives every few seconds. Ctrl-C stops everything.\n');

	let count = 0;
	const timer = setInterval(() => {
		count++;
		const group = GROUPS[count % GROUPS.length];
		const pool = count % 5 === 0 ? [`${200000000000000 + count}@lid`] : count % 2 ? ALLOWLIST : OTHERS;
		const applicant = pool[Math.floor(Math.random() * pool.length)];
		say(`REQUEST  ${applicant.padEnd(32)} ${group.name}`);
		whapi.emitGroupsPut({ groupId: group.id, participants: [applicant], action: 'request' }).catch((error) => say(`delivery failed: ${error.message}`));
	}, INTERVAL_MS);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		clearInterval(timer);
		say('Stopping n8n and the stand-in');
		await stopAll();
		await whapi.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	if (process.env.DEMO_SECONDS) setTimeout(stop, Number(process.env.DEMO_SECONDS) * 1000);
}

main().catch(async (error) => {
	console.error(error);
	await stopAll();
	process.exit(1);
});
