'use strict';
// Smoke test of the real-n8n harness (test/e2e/n8n.js), for every supported n8n version:
// start, owner setup, a Webhook -> probe community node -> Set workflow, activation, a
// production webhook call, the recorded execution, deactivation and a restart.
//
//   node --test test/e2e/harness.test.js
//
// Needs scripts/install-n8n.sh to have run. E2E_N8N_VERSIONS=2.40.7 limits the versions;
// E2E_PACKAGE_TARBALL=<our packed .tgz> also installs our package and checks its types load.

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');

const { startN8n, stopAll, hostWorkflowDir, installation, nodeOutput, VERSIONS } = require('./n8n');

const versions = process.env.E2E_N8N_VERSIONS
  ? process.env.E2E_N8N_VERSIONS.split(',').map((v) => v.trim())
  : VERSIONS;
const ourTarball = process.env.E2E_PACKAGE_TARBALL;

/**
 * A minimal community package whose node requires n8n-workflow at load and run time, packed
 * like `npm pack` does (one folder, package/). Checks that a community package loads and that
 * its n8n-workflow import resolves to the host's copy.
 */
function makeProbeTarball(dir) {
  const root = path.join(dir, 'package');
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify(
      {
        name: 'n8n-nodes-e2e-probe',
        version: '0.0.1',
        license: 'MIT',
        keywords: ['n8n-community-node-package'],
        main: 'index.js',
        files: ['dist'],
        n8n: { n8nNodesApiVersion: 1, credentials: [], nodes: ['dist/Probe.node.js'] },
        peerDependencies: { 'n8n-workflow': '*' },
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(path.join(root, 'index.js'), 'module.exports = {};\n');
  fs.writeFileSync(
    path.join(root, 'dist', 'Probe.node.js'),
    `'use strict';
const workflow = require('n8n-workflow');
const workflowDir = require('node:path').dirname(require.resolve('n8n-workflow'));
class Probe {
  constructor() {
    this.description = {
      displayName: 'E2E Probe',
      name: 'probe',
      group: ['transform'],
      version: 1,
      description: 'Reports which n8n-workflow it runs against',
      defaults: { name: 'E2E Probe' },
      inputs: ['main'],
      outputs: ['main'],
      properties: [],
    };
  }
  async execute() {
    return [this.getInputData().map((item) => ({
      json: {
        ...item.json,
        probeHasNodeOperationError: typeof workflow.NodeOperationError === 'function',
        probeWorkflowDir: workflowDir,
      },
    }))];
  }
}
module.exports = { Probe };
`,
  );
  const tgz = path.join(dir, 'n8n-nodes-e2e-probe-0.0.1.tgz');
  execFileSync('tar', ['-czf', tgz, '-C', dir, 'package']);
  return tgz;
}

function smokeWorkflow(webhookPath) {
  const id = () => crypto.randomUUID();
  return {
    name: `harness smoke ${webhookPath}`,
    nodes: [
      {
        id: id(),
        name: 'Webhook',
        type: 'n8n-nodes-base.webhook',
        typeVersion: 2,
        position: [0, 0],
        webhookId: id(),
        parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', options: {} },
      },
      {
        id: id(),
        name: 'E2E Probe',
        type: 'n8n-nodes-e2e-probe.probe',
        typeVersion: 1,
        position: [220, 0],
        parameters: {},
      },
      {
        id: id(),
        name: 'Set',
        type: 'n8n-nodes-base.set',
        typeVersion: 3.4,
        position: [440, 0],
        parameters: {
          mode: 'manual',
          assignments: {
            assignments: [
              { id: id(), name: 'greeting', type: 'string', value: '={{ "hello " + $json.body.name }}' },
              { id: id(), name: 'probeOk', type: 'boolean', value: '={{ $json.probeHasNodeOperationError }}' },
              { id: id(), name: 'probeWorkflowDir', type: 'string', value: '={{ $json.probeWorkflowDir }}' },
            ],
          },
          options: {},
        },
      },
    ],
    connections: {
      Webhook: { main: [[{ node: 'E2E Probe', type: 'main', index: 0 }]] },
      'E2E Probe': { main: [[{ node: 'Set', type: 'main', index: 0 }]] },
    },
    settings: { executionOrder: 'v1' },
  };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-smoke-'));
const probeTarball = makeProbeTarball(tmp);

after(async () => {
  await stopAll();
  fs.rmSync(tmp, { recursive: true, force: true });
});

for (const version of versions) {
  describe(`n8n ${version}`, { timeout: 5 * 60 * 1000 }, () => {
    let n8n;
    let workflowId;
    let t0;
    const lap = (what) => console.log(`[${version}] ${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    before(async () => {
      t0 = Date.now();
      installation(version); // a clear error when scripts/install-n8n.sh has not run
      n8n = await startN8n({
        version,
        packageTarball: ourTarball ? [probeTarball, ourTarball] : probeTarball,
      });
      lap(`started on ${n8n.baseUrl}`);
    });

    after(async () => {
      if (n8n) await n8n.dispose();
      lap('stopped');
    });

    it('sets up the owner and lists the loaded node types', async () => {
      const owner = await n8n.setupOwner();
      assert.equal(owner.email, 'owner@example.com');
      const types = (await n8n.nodeTypes()).map((t) => t.name);
      assert.ok(types.includes('n8n-nodes-base.webhook'), 'webhook node loaded');
      assert.ok(types.includes('n8n-nodes-base.set'), 'set node loaded');
      assert.ok(types.includes('n8n-nodes-e2e-probe.probe'), 'community probe node loaded');
      if (ourTarball) {
        assert.ok(types.includes('n8n-nodes-whapi-join-requests.whapiJoinRequests'));
        assert.ok(types.includes('n8n-nodes-whapi-join-requests.whapiJoinRequestsTrigger'));
        const creds = (await n8n.credentialTypes()).map((c) => c.name);
        assert.ok(creds.includes('whapiApi'));
      }
      lap('owner set up');
    });

    it('runs an active webhook workflow and records the execution', async () => {
      const wf = await n8n.createWorkflow(smokeWorkflow('smoke'));
      workflowId = wf.id;
      await n8n.activate(workflowId);
      await n8n.waitForWebhook('smoke');
      lap('workflow active');

      const res = await fetch(n8n.webhookUrl('smoke'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'smoke' }),
      });
      const text = await res.text();
      assert.equal(res.status, 200, text);
      const body = JSON.parse(text);
      assert.equal(body.greeting, 'hello smoke');
      assert.equal(body.probeOk, true);
      // The community node's n8n-workflow is the host's own copy.
      assert.equal(fs.realpathSync(body.probeWorkflowDir).startsWith(fs.realpathSync(hostWorkflowDir(n8n.install))), true,
        `probe resolved n8n-workflow at ${body.probeWorkflowDir}`);

      const executions = await n8n.waitForExecutions(workflowId, 1, 20000);
      assert.equal(executions.length, 1);
      assert.equal(executions[0].status, 'success');
      assert.deepEqual(nodeOutput(executions[0], 'Webhook')[0].body, { name: 'smoke' });
      assert.equal(nodeOutput(executions[0], 'Set')[0].greeting, 'hello smoke');
      lap('webhook answered, execution recorded');
    });

    it('deactivates: the production webhook is gone', async () => {
      await n8n.deactivate(workflowId);
      const wf = await n8n.getWorkflow(workflowId);
      assert.equal(wf.active, false);
      const res = await fetch(n8n.webhookUrl('smoke'), { method: 'POST', body: '{}' });
      await res.arrayBuffer();
      assert.equal(res.status, 404);
      lap('deactivated');
    });

    it('restarts on the same folder and ports', async () => {
      const { baseUrl } = n8n;
      await n8n.restart();
      assert.equal(n8n.baseUrl, baseUrl);
      const settings = await (await fetch(`${baseUrl}/rest/settings`)).json();
      assert.ok(settings.data, 'settings answer');
      // Same database: the workflow and its execution survived; the session still works.
      const wf = await n8n.getWorkflow(workflowId);
      assert.equal(wf.active, false);
      assert.equal((await n8n.executions({ workflowId })).length, 1);
      assert.ok(!/Could not initialize the vm expression engine/.test(n8n.logs()));
      lap('restarted');
    });
  });
}
