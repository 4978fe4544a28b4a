'use strict';
// `npm run test:ui`: the editor in a real browser.
//   1. checks that Chromium is installed (Debian: apt-get install -y --no-install-recommends chromium),
//   2. installs n8n 2.40.7 into the cache folder (idempotent; scripts/install-n8n.sh),
//   3. builds and packs this package (the tarball is what users install),
//   4. runs every test/ui/*.ui.js file with node's test runner.
// Screenshots go to .ui-screenshots/ (UI_SCREENSHOTS_DIR); UI_README_IMAGES=docs/images also
// writes the README's pictures there. CHROMIUM_PATH overrides /usr/bin/chromium.
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const VERSION = '2.40.7';
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

if (!fs.existsSync(chromium)) {
	console.error(
		`Chromium not found at ${chromium}. On Debian: apt-get install -y --no-install-recommends chromium ` +
			'(or set CHROMIUM_PATH to a Chromium or Chrome binary).',
	);
	process.exit(1);
}

const started = Date.now();
console.log(`\n== Installing n8n ${VERSION} (cached)`);
execFileSync('bash', [path.join(root, 'scripts', 'install-n8n.sh'), VERSION], { stdio: 'inherit' });

console.log('\n== Building and packing the package');
execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'whapi-ui-pack-'));
const [packed] = JSON.parse(
	execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: root, encoding: 'utf8' }),
);

const files = fs
	.readdirSync(__dirname)
	.filter((f) => f.endsWith('.ui.js'))
	.sort()
	.map((f) => path.join(__dirname, f));

let status = 1;
try {
	console.log(`\n== n8n ${VERSION} in Chromium: ${files.map((f) => path.basename(f)).join(', ')}`);
	const testsStarted = Date.now();
	const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], {
		stdio: 'inherit',
		env: {
			...process.env,
			N8N_E2E_VERSION: VERSION,
			WHAPI_PACKAGE_TARBALL: path.join(packDir, packed.filename),
			CHROMIUM_PATH: chromium,
		},
	});
	status = result.status ?? 1;
	const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
	console.log(`test:ui: browser tests ${s(Date.now() - testsStarted)}, whole command ${s(Date.now() - started)}`);
} finally {
	fs.rmSync(packDir, { recursive: true, force: true });
}
process.exitCode = status;
