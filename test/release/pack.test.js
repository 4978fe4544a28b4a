'use strict';
// `npm run test:release`: the tarball a release publishes, made the way the publish workflow
// makes it, and loaded the way n8n users load it.
//   1. Clone the repository (HEAD: committed work only) into a temp folder and `npm pack` there
//      with npm's lifecycle scripts on, so `prepack` builds from nothing, as in
//      .github/workflows/publish.yml. The clone reuses this checkout's node_modules when the
//      lockfiles match (the workflow's `npm ci --ignore-scripts` installs the same tree).
//   2. The tarball holds exactly what n8n loads: the files package.json's `n8n` section names,
//      every module they require, the icons they reference, each node's codex JSON, plus
//      package.json, README.md and LICENSE. Anything else fails the test. Size under 100 KB.
//   3. `npm install <tarball>` into a fresh user folder's .n8n/nodes, as the Community Nodes UI
//      does, start n8n 2.40.7 (test/e2e/n8n.js) and find both nodes and the credential under
//      their public names, their icons served, and no warning in n8n's log.
// A plain `npm publish` from the clone is refused by `prepublishOnly` (n8n-node prerelease).
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startN8n, stopAll, PACKAGE_NAME } = require('../e2e/n8n');

const root = path.resolve(__dirname, '..', '..');
const N8N_VERSION = '2.40.7';
const MAX_TARBALL_BYTES = 100 * 1024;
const ALWAYS_SHIPPED = ['package.json', 'README.md', 'LICENSE'];
const NEVER_SHIPPED = /(^|\/)(test|tests|__tests__|bench|coverage|whapi-stand-in|templates|scripts|node_modules)\/|\.(test|spec)\.|\.map$|\.d\.ts$|\.ts$|(^|\/)\.env|\.tgz$/;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'whapi-release-'));
after(async () => {
	await stopAll();
	fs.rmSync(work, { recursive: true, force: true });
});

// npm_* variables from an outer `npm run` (ignore-scripts among them) must not reach the clone's npm.
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
const run = (cmd, args, cwd, env = cleanEnv) => execFileSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Modules a compiled file requires: relative ones resolved to files, bare ones by name. */
function requires(file) {
	const source = fs.readFileSync(file, 'utf8');
	const relative = [];
	const bare = [];
	for (const [, spec] of source.matchAll(/require\(["']([^"']+)["']\)/g)) {
		if (!spec.startsWith('.')) {
			bare.push(spec);
			continue;
		}
		const base = path.resolve(path.dirname(file), spec);
		const found = [base, `${base}.js`, `${base}.json`, path.join(base, 'index.js')].find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
		assert.ok(found, `${path.relative(work, file)} requires ${spec}, which the tarball does not hold`);
		relative.push(found);
	}
	return { relative, bare };
}

/** Every file n8n reads from the unpacked package, starting from package.json's `n8n` section. */
function filesN8nLoads(pkgDir) {
	const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
	const entries = [...pkg.n8n.nodes, ...pkg.n8n.credentials].map((f) => path.join(pkgDir, f));
	const loaded = new Set(ALWAYS_SHIPPED.map((f) => path.join(pkgDir, f)));
	const bare = new Set();
	const queue = [...entries];
	while (queue.length) {
		const file = queue.shift();
		assert.ok(fs.existsSync(file), `n8n loads ${path.relative(pkgDir, file)}, which the tarball does not hold`);
		if (loaded.has(file)) continue;
		loaded.add(file);
		if (!file.endsWith('.js')) continue;
		const deps = requires(file);
		queue.push(...deps.relative);
		deps.bare.forEach((b) => bare.add(b));
		for (const [, icon] of fs.readFileSync(file, 'utf8').matchAll(/["'`]file:([^"'`]+)["'`]/g)) {
			queue.push(path.resolve(path.dirname(file), icon));
		}
	}
	for (const node of pkg.n8n.nodes) {
		const codex = path.join(pkgDir, node.replace(/\.js$/, '.json'));
		assert.ok(fs.existsSync(codex), `the codex file ${path.relative(pkgDir, codex)} is missing`);
		loaded.add(codex);
	}
	return { pkg, loaded: [...loaded].map((f) => path.relative(pkgDir, f)).sort(), bare: [...bare].sort() };
}

/** GitHub's anchor for a Markdown heading. */
const slug = (heading) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const t0 = Date.now();
const shared = {}; // the packed tarball, handed from one step to the next

/**
 * Runs an idempotent request again once when the connection was closed under it: on a loaded
 * machine n8n can close an idle keep-alive socket just as fetch reuses it ("other side closed").
 */
async function retryClosedSocket(request) {
	try {
		return await request();
	} catch (error) {
		if (!/^UND_ERR_SOCKET|ECONNRESET/.test(error?.cause?.code ?? '')) throw error;
		return request();
	}
}

/** Runs a command without blocking, so two npm calls can overlap. */
function spawnAsync(cmd, args, cwd) {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { cwd, env: cleanEnv, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		child.on('close', (status) => resolve({ status, out }));
	});
}

test('a fresh clone packs the built code, and a plain npm publish is refused', { timeout: 300000 }, async (t) => {
	const clone = path.join(work, 'clone');
	run('git', ['clone', '--quiet', root, clone], work);
	const dirty = run('git', ['status', '--porcelain', '--untracked-files=no'], root).trim();
	if (dirty) t.diagnostic(`uncommitted changes are not part of this test (it packs HEAD): ${dirty.split('\n').length} file(s)`);
	assert.equal(
		fs.readFileSync(path.join(clone, 'package-lock.json'), 'utf8'),
		fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'),
		'package-lock.json differs from the installed one: run npm ci --ignore-scripts first',
	);
	fs.symlinkSync(path.join(root, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
	assert.ok(!fs.existsSync(path.join(clone, 'dist')), 'a fresh clone has no build');

	const [refused, packing] = await Promise.all([
		spawnAsync('npm', ['publish', '--dry-run'], clone),
		spawnAsync('npm', ['pack', '--json', '--pack-destination', work], clone),
	]);
	assert.notEqual(refused.status, 0, 'a plain npm publish went through; prepublishOnly should refuse it');
	assert.match(refused.out, /npm run release/, 'the refusal should say to use npm run release');
	assert.equal(packing.status, 0, `npm pack failed:\n${packing.out}`);
	// The output holds prepack's build log before the JSON report.
	const [packed] = JSON.parse(packing.out.slice(packing.out.search(/^\[$/m)));
	shared.tarball = path.join(work, packed.filename);
	shared.files = packed.files.map((f) => f.path).sort();
	t.diagnostic(
		`tarball ${packed.filename}: ${packed.size} bytes (${(packed.size / 1024).toFixed(1)} KB) packed, ` +
			`${packed.unpackedSize} bytes unpacked, ${shared.files.length} files; cloned and packed in ${seconds(t0)}`,
	);
	assert.ok(packed.size < MAX_TARBALL_BYTES, `the tarball is ${packed.size} bytes; keep it under ${MAX_TARBALL_BYTES}`);
});

test('the tarball holds exactly what n8n loads, and links only the package repository', () => {
	assert.ok(shared.tarball, 'no tarball: packing failed');
	const shipped = shared.files;
	assert.deepEqual(shipped.filter((f) => NEVER_SHIPPED.test(f)), [], 'tests, sources, maps or secrets in the tarball');
	const unpacked = path.join(work, 'unpacked');
	fs.mkdirSync(unpacked);
	run('tar', ['-xzf', shared.tarball, '-C', unpacked, '--strip-components=1'], work);
	const { pkg, loaded, bare } = filesN8nLoads(unpacked);
	assert.deepEqual(shipped, loaded, 'the tarball should hold exactly the files n8n loads (+ marks a file nothing loads)');
	// `crypto` is the one Node module the nodes use (secrets, hashes); n8n's community-node lint
	// (no-restricted-imports, run by `npm test`) allows it and refuses the others.
	const allowed = [...Object.keys(pkg.peerDependencies ?? {}), 'crypto'];
	assert.deepEqual(bare.filter((b) => !allowed.includes(b)), [], 'modules required outside the peer dependencies and crypto');
	assert.equal(pkg.dependencies, undefined, 'a verified community node has no runtime dependencies');

	const repository = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
	assert.equal(pkg.homepage, `${repository}#readme`);
	assert.equal(pkg.bugs.url, `${repository}/issues`);
	const headings = new Set([...fs.readFileSync(path.join(unpacked, 'README.md'), 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map(([, h]) => slug(h)));
	const links = [];
	for (const file of shipped.filter((f) => f.startsWith('dist/'))) {
		const text = fs.readFileSync(path.join(unpacked, file), 'utf8');
		for (const [url] of text.matchAll(/https:\/\/github\.com\/[^\s"'`)<>]+/g)) links.push({ file, url });
	}
	assert.ok(links.length > 0, 'the credential and the codex files link their documentation');
	for (const { file, url } of links) {
		assert.ok(url.startsWith(`${repository}#`), `${file} links ${url}, not a section of ${repository}'s README`);
		assert.ok(headings.has(url.split('#')[1]), `${file} links ${url}, but README.md has no such heading`);
	}
});

test(`npm install <tarball> in a fresh user folder: n8n ${N8N_VERSION} loads both nodes and the credential, without a warning`, { timeout: 300000 }, async (t) => {
	assert.ok(shared.tarball, 'no tarball: packing failed');
	const started = Date.now();
	// JSON log lines carry their level, so a warning cannot hide in plain wording.
	const n8n = await startN8n({ version: N8N_VERSION, packageTarball: shared.tarball, installMode: 'npm', env: { N8N_LOG_FORMAT: 'json' }, startTimeoutMs: 240000 });
	await n8n.setupOwner();
	t.diagnostic(`n8n ${N8N_VERSION} installed the tarball and started in ${seconds(started)}`);
	const nodes = (await retryClosedSocket(() => n8n.nodeTypes())).filter((n) => n.name.startsWith(`${PACKAGE_NAME}.`));
	assert.deepEqual(
		[...new Set(nodes.map((n) => n.name))].sort(),
		// n8n adds the Tool variant of a node that is usable as an AI tool.
		[`${PACKAGE_NAME}.whapiJoinRequests`, `${PACKAGE_NAME}.whapiJoinRequestsTool`, `${PACKAGE_NAME}.whapiJoinRequestsTrigger`],
	);
	const credentials = (await retryClosedSocket(() => n8n.credentialTypes())).filter((c) => c.name === 'whapiApi');
	assert.equal(credentials.length, 1, 'credential whapiApi not loaded');
	for (const type of [...nodes, ...credentials]) {
		const icons = typeof type.iconUrl === 'string' ? [type.iconUrl] : Object.values(type.iconUrl ?? {});
		assert.ok(icons.length > 0, `${type.name} has no icon`);
		for (const icon of icons) {
			const res = await retryClosedSocket(async () => {
				const answer = await fetch(`${n8n.baseUrl}/${icon}`);
				return { status: answer.status, text: await answer.text() };
			});
			assert.equal(res.status, 200, `${type.name}: icon ${icon} not served`);
			assert.match(res.text, /<svg/, `${type.name}: icon ${icon} is not an SVG`);
		}
	}
	const lines = n8n.logs().split('\n').filter((line) => line.trim() !== '' && !line.startsWith('-----'));
	const entries = lines.map((line) => {
		try {
			return JSON.parse(line);
		} catch {
			return { level: /\b(warn|warning|error|deprecated)\b/i.test(line) ? 'warn' : 'text', message: line };
		}
	});
	assert.ok(entries.some((e) => e.level === 'info'), "n8n's log has no JSON lines: the level check would see nothing");
	// n8n warns about its own set-up too (migrations running, no Python for its Python runner,
	// deprecated settings): those name neither this package nor a package that failed to load.
	const warnings = entries.filter((e) => e.level === 'warn' || e.level === 'error');
	const ours = warnings.filter((e) => /whapi|(Failed to load|Skipping) package/i.test(JSON.stringify(e))).map((e) => `${e.level}: ${e.message}`);
	assert.deepEqual(ours, [], "n8n's log has warnings about this package");
	t.diagnostic(`n8n's log: ${entries.length} lines; ${warnings.length} warnings, none about this package (${warnings.map((e) => e.message.trim().split('\n')[0].slice(0, 60)).join(' | ')})`);
	t.diagnostic(`whole release test: ${seconds(t0)}`);
});
