'use strict';
// `npm run test:e2e`: the end-to-end suite in real n8n.
//   1. installs the pinned n8n versions into the cache folder (idempotent; scripts/install-n8n.sh),
//   2. builds and packs this package (the tarball is what users install),
//   3. runs every test/e2e/*.e2e.js file with node's test runner, once per n8n version,
//   4. adds up the secret check of every process (./secrets.js) and the figures in .e2e/results/.
// A failure on either version fails the run. E2E_N8N_VERSIONS=2.40.7 limits the versions.
// A skipped test fails the run when E2E_FAIL_ON_SKIP=1 (CI), unless its reason contains one of
// the `|`-separated phrases of E2E_ALLOWED_SKIPS: the CI entry point says there why it may skip.
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const { VERSIONS } = require('./n8n');
const secrets = require('./secrets');
const versions = process.env.E2E_N8N_VERSIONS ? process.env.E2E_N8N_VERSIONS.split(',').map((v) => v.trim()) : VERSIONS;

function step(title) {
	console.log(`\n== ${title}`);
}

step(`Installing n8n ${versions.join(' and ')} (cached)`);
execFileSync('bash', [path.join(root, 'scripts', 'install-n8n.sh'), ...versions], { stdio: 'inherit' });

step('Building and packing the package');
execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'whapi-e2e-pack-'));
const [packed] = JSON.parse(
	execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: root, encoding: 'utf8' }),
);
const tarball = path.join(packDir, packed.filename);
console.log(`packed ${tarball} (${packed.files.length} files)`);

const files = fs
	.readdirSync(__dirname)
	.filter((f) => f.endsWith('.e2e.js'))
	.sort()
	.map((f) => path.join(__dirname, f));

// Results of this run only: each test process writes its figures here.
fs.rmSync(secrets.RESULTS_DIR, { recursive: true, force: true });
fs.mkdirSync(secrets.RESULTS_DIR, { recursive: true });
const allowedSkips = (process.env.E2E_ALLOWED_SKIPS || '').split('|').map((s) => s.trim()).filter(Boolean);
const failOnSkip = process.env.E2E_FAIL_ON_SKIP === '1';

/** Tests the TAP report marks `# SKIP`, with their reasons. */
function skippedTests(tapFile) {
	const text = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : '';
	return [...text.matchAll(/^\s*ok \d+ - (.*?) # SKIP ?(.*)$/gm)].map(([, name, reason]) => ({ name, reason: reason.trim() }));
}

let failed = false;
const skips = [];
try {
	for (const version of versions) {
		step(`n8n ${version}: ${files.map((f) => path.basename(f)).join(', ')}`);
		const tapFile = path.join(secrets.RESULTS_DIR, `tap-${version}.txt`);
		const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`];
		const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...reporters, ...files], {
			stdio: 'inherit',
			env: {
				...process.env,
				N8N_E2E_VERSION: version,
				E2E_N8N_VERSIONS: version,
				WHAPI_PACKAGE_TARBALL: tarball,
				E2E_PACKAGE_TARBALL: tarball,
			},
		});
		if (result.status !== 0) {
			failed = true;
			console.error(`n8n ${version}: the end-to-end suite failed (exit ${result.status ?? result.signal})`);
		}
		for (const skip of skippedTests(tapFile)) {
			const allowed = allowedSkips.some((phrase) => skip.reason.includes(phrase));
			skips.push({ version, ...skip, allowed });
			console.log(`n8n ${version}: skipped "${skip.name}": ${skip.reason || '(no reason given)'}${allowed ? ' (allowed)' : ''}`);
			if (!allowed && failOnSkip) {
				failed = true;
				console.error(`n8n ${version}: a test was skipped without a reason the CI entry point allows (E2E_ALLOWED_SKIPS)`);
			}
		}
	}
} finally {
	fs.rmSync(packDir, { recursive: true, force: true });
}

step('Secrets in n8n logs and execution records');
const found = secrets.summarize();
console.log(
	`${found.secrets} secrets of ${found.processes} processes searched in ${found.logs} n8n logs (${(found.logBytes / 1e6).toFixed(1)} MB) and ${found.executionRecords} execution records: ${found.occurrences.length} occurrences${found.unscanned ? `; ${found.unscanned} sets not scanned` : ''}`,
);
if (found.occurrences.length > 0 || found.logs === 0) failed = true;
fs.writeFileSync(
	path.join(secrets.RESULTS_DIR, 'e2e-summary.json'),
	JSON.stringify({ versions, failed, skips, secrets: { ...found, occurrences: found.occurrences.length } }, null, 2),
);
console.log(`figures in ${path.relative(root, secrets.RESULTS_DIR)}/`);
process.exitCode = failed ? 1 : 0;
