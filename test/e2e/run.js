'use strict';
// `npm run test:e2e`: the end-to-end suite in real n8n.
//   1. installs the pinned n8n versions into the cache folder (idempotent; scripts/install-n8n.sh),
//   2. builds and packs this package (the tarball is what users install),
//   3. runs every test/e2e/*.e2e.js file with node's test runner, once per n8n version.
// A failure on either version fails the run. E2E_N8N_VERSIONS=2.40.7 limits the versions.
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const { VERSIONS } = require('./n8n');
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

let failed = false;
try {
	for (const version of versions) {
		step(`n8n ${version}: ${files.map((f) => path.basename(f)).join(', ')}`);
		const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], {
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
	}
} finally {
	fs.rmSync(packDir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
