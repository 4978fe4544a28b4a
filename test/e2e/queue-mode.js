'use strict';
// n8n in queue mode for the end-to-end tests: a fresh PostgreSQL and Redis on loopback ports,
// then n8n's main process, one webhook processor and one worker (./n8n.js), each with its own
// user folder holding the packed package, all sharing one database, one queue and one
// encryption key. Node standard library only.
//
//   const { startQueueMode, queueModeSupport } = require('./queue-mode');
//   const why = queueModeSupport('2.40.7');     // a reason to skip, or null
//   const cluster = await startQueueMode({ version: '2.40.7', packageTarball });
//   cluster.main        // ./n8n.js instance: REST, owner, workflows, executions
//   cluster.webhook     // the webhook processor; Whapi posts to cluster.webhookUrl(path)
//   cluster.worker      // the worker that runs every execution
//   await cluster.worker.kill();                 // SIGKILL its process group: a crash
//   const fresh = await cluster.startWorker();   // another worker on the same queue
//   await cluster.stop();                        // n8n, then Redis, then PostgreSQL, then folders
//
// PostgreSQL and Redis come from the system (apt packages `postgresql` and `redis-server`).
// When missing, they are installed with apt-get if this process is root; otherwise
// queueModeSupport() says what to install. PostgreSQL refuses to run as root: as root, its
// folder belongs to the `postgres` user and it runs as that user. A watchdog stops both and
// removes their folder if the test process dies without cleaning up (even on SIGKILL).

const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startN8n, freePort } = require('./n8n');

const QUEUE_MODE_VERSION = '2.40.7';
const APT_PACKAGES = ['postgresql', 'redis-server'];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function onPath(name) {
	for (const dir of (process.env.PATH || '').split(':').concat('/usr/sbin', '/usr/bin')) {
		const file = path.join(dir, name);
		try {
			fs.accessSync(file, fs.constants.X_OK);
			return file;
		} catch {
			/* not here */
		}
	}
	return null;
}

/** The folder holding initdb and postgres: Debian keeps them in /usr/lib/postgresql/<major>/bin. */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	const majors = fs.existsSync(root)
		? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))
		: [];
	for (const major of majors) {
		const dir = path.join(root, major, 'bin');
		if (fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'postgres'))) return dir;
	}
	const initdb = onPath('initdb');
	return initdb && fs.existsSync(path.join(path.dirname(fs.realpathSync(initdb)), 'postgres'))
		? path.dirname(fs.realpathSync(initdb))
		: null;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function missingServers() {
	return [postgresBinDir() ? null : 'postgresql', onPath('redis-server') ? null : 'redis-server'].filter(Boolean);
}

/**
 * Why queue mode cannot run here (a sentence for a skipped test), or null when it can:
 * only n8n 2.40.7 is checked in queue mode, and PostgreSQL and Redis must be installed or
 * installable (as root).
 */
function queueModeSupport(version) {
	if (version !== QUEUE_MODE_VERSION) {
		return `queue mode is checked on n8n ${QUEUE_MODE_VERSION} only, not on ${version}`;
	}
	const missing = missingServers();
	if (missing.length && !isRoot()) {
		return `PostgreSQL and Redis are needed: run as root, or install ${missing.join(' and ')} first`;
	}
	return null;
}

/** Installs PostgreSQL and Redis with apt-get, only when one of them is missing. */
function installServers() {
	const missing = missingServers();
	if (missing.length === 0) return;
	console.log(`[queue mode] installing ${missing.join(' and ')} with apt-get`);
	const args = ['install', '-y', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=600', ...APT_PACKAGES];
	const options = { stdio: 'pipe', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
	try {
		execFileSync('apt-get', args, options);
	} catch {
		// A fresh machine may not know the packages yet.
		execFileSync('apt-get', ['update', '-o', 'DPkg::Lock::Timeout=600'], options);
		execFileSync('apt-get', args, options);
	}
	const still = missingServers();
	if (still.length) throw new Error(`apt-get did not provide ${still.join(' and ')}`);
}

// ------------------------------------------------------------------ PostgreSQL and Redis

/**
 * Runs a server in the foreground, in its own process group, until a line of its output
 * matches `ready`; `spawned` hears of it at once. Returns {child, pgid, logs(), exited}.
 */
async function startServer(name, file, args, { ready, uid, gid, cwd, spawned, timeoutMs = 60000 }) {
	const chunks = [];
	const child = spawn(file, args, {
		cwd,
		uid,
		gid,
		detached: true, // own process group: pid === pgid
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { PATH: process.env.PATH, LANG: 'C.UTF-8', HOME: cwd },
	});
	const exited = new Promise((resolve) => {
		child.once('exit', (code, signal) => resolve({ code, signal }));
		child.once('error', (error) => resolve({ code: null, signal: null, error }));
	});
	let seen = '';
	const isReady = new Promise((resolve) => {
		const onData = (chunk) => {
			chunks.push(chunk.toString());
			if (process.env.N8N_E2E_ECHO) process.stderr.write(`[${name}] ${chunk}`);
			seen = (seen + chunk).slice(-4000);
			if (ready.test(seen)) resolve(true);
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
	});
	child.unref();
	child.stdout.unref?.();
	child.stderr.unref?.();
	const server = { name, child, pgid: child.pid, exited, logs: () => chunks.join('') };
	if (child.pid) spawned(server);
	let timer;
	const outcome = await Promise.race([
		isReady,
		exited.then((e) => ({ exited: e })),
		new Promise((resolve) => {
			timer = setTimeout(() => resolve('timeout'), timeoutMs);
		}),
	]).finally(() => clearTimeout(timer));
	if (outcome !== true) {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			/* gone */
		}
		const why = outcome === 'timeout' ? `not ready after ${timeoutMs} ms` : `exited ${JSON.stringify(outcome.exited)}`;
		throw new Error(`${name} ${why}:\n${server.logs().slice(-3000)}`);
	}
	return server;
}

/** Stops a server with `signal`, SIGKILL after `timeoutMs`; waits until its group is gone. */
async function stopServer(server, signal, timeoutMs = 15000) {
	if (!server) return;
	const signalGroup = (sig) => {
		try {
			process.kill(-server.pgid, sig);
			return true;
		} catch {
			return false;
		}
	};
	try {
		process.kill(server.pgid, signal);
	} catch {
		/* gone */
	}
	const deadline = Date.now() + timeoutMs;
	while (signalGroup(0) && Date.now() < deadline) await sleep(100);
	signalGroup('SIGKILL');
	for (let i = 0; i < 50 && signalGroup(0); i++) await sleep(100);
}

function postgresUser() {
	if (!isRoot()) return {};
	const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
	return { uid, gid };
}

async function startPostgres(folder, spawned) {
	const bin = postgresBinDir();
	const { uid, gid } = postgresUser();
	if (uid !== undefined) fs.chownSync(folder, uid, gid);
	fs.chmodSync(folder, 0o700);
	const dataDir = path.join(folder, 'data');
	execFileSync(
		path.join(bin, 'initdb'),
		['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions'],
		{ cwd: folder, uid, gid, stdio: 'pipe', env: { PATH: process.env.PATH, LANG: 'C.UTF-8' } },
	);
	const port = await freePort();
	// A throw-away database: durability settings off, the socket in its own folder.
	const args = ['-D', dataDir, '-p', String(port), '-k', folder, '-c', 'listen_addresses=127.0.0.1'];
	for (const setting of ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']) args.push('-c', setting);
	const server = await startServer('postgres', path.join(bin, 'postgres'), args, {
		ready: /database system is ready to accept connections/,
		uid,
		gid,
		cwd: folder,
		spawned,
	});
	return { ...server, port, dataDir };
}

async function startRedis(folder, spawned) {
	const port = await freePort();
	const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', folder];
	const server = await startServer('redis', onPath('redis-server'), args, { ready: /Ready to accept connections/, cwd: folder, spawned });
	return { ...server, port };
}

// Run as `node -e WATCHDOG`: reads "<pgid> <first signal>" and "dir <path>" lines on stdin; when
// stdin closes (the test process is gone), signals each process group, SIGKILLs what is left
// after 10 s, then removes the folders.
const WATCHDOG = `
const groups = []; const dirs = []; let rest = '';
const alive = (g) => { try { process.kill(-g, 0); return true; } catch { return false; } };
process.stdin.on('data', (d) => {
  const lines = (rest + d).split('\\n'); rest = lines.pop();
  for (const l of lines) { const [a, b] = l.split(' '); if (a === 'dir') dirs.push(l.slice(4)); else groups.push([+a, b]); }
});
process.stdin.on('close', () => {
  for (const [g, s] of groups) { try { process.kill(g, s); } catch {} }
  const t0 = Date.now();
  const poll = setInterval(() => {
    if (groups.some(([g]) => alive(g)) && Date.now() - t0 < 10000) return;
    clearInterval(poll);
    for (const [g] of groups) { try { process.kill(-g, 'SIGKILL'); } catch {} }
    setTimeout(() => {
      for (const d of dirs) { try { require('node:fs').rmSync(d, { recursive: true, force: true }); } catch {} }
      process.exit(0);
    }, 500);
  }, 200);
});
`;

function startWatchdog() {
	const wd = spawn(process.execPath, ['-e', WATCHDOG], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
	wd.on('error', () => {});
	wd.stdin.on('error', () => {});
	wd.unref();
	wd.stdin.unref?.();
	return {
		watch: (server, signal) => wd.stdin.write(`${server.pgid} ${signal}\n`),
		removeLater: (dir) => wd.stdin.write(`dir ${dir}\n`),
		dismiss: () => {
			try {
				wd.kill('SIGKILL');
			} catch {
				/* gone */
			}
		},
	};
}

// ------------------------------------------------------------------ the cluster

const clusters = new Set();

/**
 * Starts PostgreSQL, Redis and n8n in queue mode: main, one webhook processor, one worker.
 * @param {object} o
 * @param {string} o.version n8n version (2.40.7)
 * @param {string} o.packageTarball the packed package, installed in every process's user folder
 * @param {object} [o.env] extra environment for every n8n process
 * @param {boolean} [o.echo] copy every process's output to stderr (also N8N_E2E_ECHO=1)
 */
async function startQueueMode({ version, packageTarball, env = {}, echo = !!process.env.N8N_E2E_ECHO }) {
	const why = queueModeSupport(version);
	if (why) throw new Error(why);
	installServers();

	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-queue-'));
	const watchdog = startWatchdog();
	if (!process.env.N8N_E2E_KEEP) watchdog.removeLater(folder);
	const cluster = {
		version,
		folder,
		postgres: undefined,
		redis: undefined,
		main: undefined,
		webhook: undefined,
		worker: undefined,
		workers: [],
		env: undefined,
		webhookUrl: (p) => cluster.webhook.webhookUrl(p),
		startWorker,
		stop,
	};
	clusters.add(cluster);

	async function startWorker() {
		const worker = await startN8n({
			version,
			packageTarball,
			command: 'worker',
			commandArgs: ['--concurrency=10'],
			env: cluster.env,
			echo,
			startTimeoutMs: 180000,
		});
		cluster.workers.push(worker);
		return worker;
	}

	let stopping;
	function stop() {
		stopping ??= (async () => {
			// n8n first (it needs the database to shut down cleanly), then the queue, then the database.
			const n8ns = [cluster.main, cluster.webhook, ...cluster.workers].filter(Boolean);
			await Promise.allSettled(n8ns.map((n) => n.dispose()));
			await stopServer(cluster.redis, 'SIGTERM');
			await stopServer(cluster.postgres, 'SIGINT'); // fast shutdown
			if (!process.env.N8N_E2E_KEEP) fs.rmSync(folder, { recursive: true, force: true });
			// Only now: should this process exit half-way through, the watchdog finishes the job.
			watchdog.dismiss();
			clusters.delete(cluster);
		})();
		return stopping;
	}

	try {
		const pgFolder = path.join(folder, 'postgres');
		const redisFolder = path.join(folder, 'redis');
		fs.mkdirSync(pgFolder);
		fs.mkdirSync(redisFolder);
		// PostgreSQL, as its own user, must reach its folder.
		fs.chmodSync(folder, 0o711);
		const servers = await Promise.allSettled([
			startPostgres(pgFolder, (server) => watchdog.watch(server, 'SIGINT')), // fast shutdown
			startRedis(redisFolder, (server) => watchdog.watch(server, 'SIGTERM')),
		]);
		[cluster.postgres, cluster.redis] = servers.map((s) => s.value);
		const failed = servers.find((s) => s.status === 'rejected');
		if (failed) throw failed.reason;

		cluster.env = {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(cluster.postgres.port),
			DB_POSTGRESDB_DATABASE: 'postgres',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(cluster.redis.port),
			N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('hex'),
			N8N_RUNNERS_AUTH_TOKEN: crypto.randomBytes(24).toString('hex'),
			...env,
		};

		// Main runs the migrations; the others start once the schema is there. Whapi is told the
		// webhook processor's address, and main serves no production webhooks itself.
		const webhookPort = await freePort();
		const webhookBase = `http://127.0.0.1:${webhookPort}/`;
		cluster.main = await startN8n({
			version,
			packageTarball,
			env: {
				...cluster.env,
				N8N_WEBHOOK_URL: webhookBase,
				WEBHOOK_URL: webhookBase,
				N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
				OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			},
			echo,
			startTimeoutMs: 180000,
		});
		const [webhook, worker] = await Promise.allSettled([
			startN8n({ version, packageTarball, command: 'webhook', port: webhookPort, env: cluster.env, echo, startTimeoutMs: 180000 }),
			startWorker(),
		]);
		cluster.webhook = webhook.value;
		cluster.worker = worker.value;
		if (webhook.status === 'rejected') throw webhook.reason;
		if (worker.status === 'rejected') throw worker.reason;
	} catch (error) {
		await stop().catch(() => {});
		throw error;
	}
	return cluster;
}

// Last-resort clean-up. n8n.js kills the n8n processes; the servers go here, and the watchdog
// removes the folder once they are gone.
process.once('exit', () => {
	for (const cluster of clusters) {
		for (const [server, signal] of [[cluster.redis, 'SIGTERM'], [cluster.postgres, 'SIGQUIT']]) {
			try {
				if (server) process.kill(server.pgid, signal);
			} catch {
				/* gone */
			}
		}
	}
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.once(sig, () => {
		Promise.allSettled([...clusters].map((c) => c.stop())).finally(() => process.exit(128 + (os.constants.signals[sig] || 0)));
		setTimeout(() => process.exit(1), 30000).unref();
	});
}

module.exports = { startQueueMode, queueModeSupport, QUEUE_MODE_VERSION };
