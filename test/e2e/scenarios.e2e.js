'use strict';
// End-to-end scenarios in real n8n (the version in N8N_E2E_VERSION) with the packed package
// (WHAPI_PACKAGE_TARBALL) installed the way the Community Nodes UI installs it, against the
// Whapi stand-in. Each scenario asserts what the stand-in recorded.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { describe, it, before, after } = require('node:test');

const { startN8n, stopAll, nodeOutput } = require('./n8n');
const { startWhapiStandIn } = require('../whapi-stand-in');
const { until } = require('./until');
const { settle } = require('./settle');

const VERSION = process.env.N8N_E2E_VERSION || '2.40.7';
const TARBALL = process.env.WHAPI_PACKAGE_TARBALL;
const PKG = 'n8n-nodes-whapi-join-requests';
const SECRET_HEADER = 'X-Whapi-Join-Secret';
const GROUP = '120363000000000001@g.us';
const OTHER_GROUP = '120363000000000002@g.us';
const UNWATCHED = '120363000000000003@g.us';
const ALLOWLIST = ['15550100001', '15550100003'];
const FOREIGN = { url: 'https://crm.example.com/hooks/whatsapp', mode: 'body', events: [{ type: 'messages', method: 'post' }], headers: { 'X-Crm-Key': 'k1' } };

let n8n;
let whapi;
let credential;


function triggerWorkflow(name, webhookId) {
	return {
		name,
		nodes: [
			{
				id: crypto.randomUUID(),
				name: 'Join Request',
				type: `${PKG}.whapiJoinRequestsTrigger`,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { groups: [GROUP, OTHER_GROUP] },
				credentials: { whapiApi: { id: credential.id, name: credential.name } },
			},
			{
				id: crypto.randomUUID(),
				name: 'Decide',
				type: `${PKG}.whapiJoinRequests`,
				typeVersion: 1,
				position: [300, 0],
				parameters: {
					operation: 'decide',
					groupId: { __rl: true, mode: 'id', value: '={{ $json.groupId }}' },
					applicant: '={{ $json.applicant }}',
					approve: `={{ ${JSON.stringify(ALLOWLIST)}.includes($json.phone) }}`,
				},
				credentials: { whapiApi: { id: credential.id, name: credential.name } },
			},
		],
		connections: { 'Join Request': { main: [[{ node: 'Decide', type: 'main', index: 0 }]] } },
	};
}

const ours = (url) => whapi.webhooks.filter((w) => w.url === url);

describe(`n8n ${VERSION}: the packed package end to end`, () => {
	let workflow;
	let webhookId;
	let url;

	before(async () => {
		assert.ok(TARBALL, 'WHAPI_PACKAGE_TARBALL must name the packed package');
		whapi = await startWhapiStandIn({ token: 'e2e-good-token' });
		whapi.addGroup({ id: GROUP, name: 'Cohort A', admin: true });
		whapi.addGroup({ id: OTHER_GROUP, name: 'Beta testers', admin: true });
		whapi.addGroup({ id: UNWATCHED, name: 'Alumni', admin: true });
		whapi.webhooks = [structuredClone(FOREIGN)];
		n8n = await startN8n({ version: VERSION, packageTarball: TARBALL });
		await n8n.setupOwner();
		const types = (await n8n.nodeTypes()).map((t) => t.name);
		assert.ok(types.includes(`${PKG}.whapiJoinRequestsTrigger`), 'the trigger loaded under its package name');
		assert.ok(types.includes(`${PKG}.whapiJoinRequests`), 'the action node loaded under its package name');
		credential = await n8n.createCredential({ name: 'Whapi', type: 'whapiApi', data: { token: whapi.token, baseUrl: whapi.baseUrl } });
	});

	after(async () => {
		await stopAll();
		await whapi?.close();
	});

	it('1. the credential test passes with the right token and fails with a wrong one', async () => {
		const good = await n8n.testCredential(credential);
		assert.equal(good.status, 'OK', JSON.stringify(good));
		const badCredential = await n8n.createCredential({ name: 'Whapi (wrong)', type: 'whapiApi', data: { token: 'wrong', baseUrl: whapi.baseUrl } });
		const bad = await n8n.testCredential(badCredential);
		assert.equal(bad.status, 'Error');
		assert.match(bad.message, /does not know this token/);
		const unreachable = await n8n.testCredential(
			await n8n.createCredential({ name: 'Whapi (unreachable)', type: 'whapiApi', data: { token: whapi.token, baseUrl: 'http://127.0.0.1:9/' } }),
		);
		assert.equal(unreachable.status, 'Error');
		// n8n 2.x reports the code, 1.x a sentence: both say the address did not answer.
		assert.match(unreachable.message, /ECONNREFUSED|refused the connection/);
		whapi.setLoggedOut(true);
		const loggedOut = await n8n.testCredential(credential);
		whapi.setLoggedOut(false);
		assert.equal(loggedOut.status, 'Error');
		assert.match(loggedOut.message, /logged out/);
		assert.ok(whapi.calls.filter((c) => c.path === '/health').every((c) => c.query.wakeup === 'false'), 'the test never wakes the channel');
	});

	it('2. publishing adds exactly one entry with a secret header and keeps the foreign one; unpublishing removes only ours', async () => {
		webhookId = crypto.randomUUID();
		workflow = await n8n.createWorkflow(triggerWorkflow('Join requests', webhookId));
		url = n8n.webhookUrl(`${webhookId}/webhook`);
		await n8n.activate(workflow.id);
		assert.deepEqual(whapi.webhooks[0], FOREIGN);
		assert.equal(whapi.webhooks.length, 2);
		const [entry] = ours(url);
		assert.ok(entry, `an entry for ${url}`);
		assert.equal(entry.mode, 'body');
		assert.deepEqual(entry.events, [{ type: 'groups', method: 'put' }]);
		assert.match(entry.headers[SECRET_HEADER], /^[0-9a-f]{64}$/);
		// n8n keeps only the secret's digest: static data travels into exports and, on 1.x, into every execution record.
		const digest = `sha256:${crypto.createHash('sha256').update(entry.headers[SECRET_HEADER]).digest('hex')}`;
		const staticData = await until('the digest in the workflow\'s static data', async () => {
			const saved = JSON.stringify((await n8n.getWorkflow(workflow.id)).staticData ?? null);
			return saved.includes(digest) && saved;
		});
		assert.ok(!staticData.includes(entry.headers[SECRET_HEADER]), 'static data does not hold the secret itself');

		await n8n.deactivate(workflow.id);
		assert.deepEqual(whapi.webhooks, [FOREIGN]);

		await n8n.activate(workflow.id);
		await n8n.waitForWebhook(`${webhookId}/webhook`);
		assert.equal(ours(url).length, 1);
	});

	it('3. trigger → allowlist → Decide: exactly one accept or reject per applicant, the right way round', async () => {
		const before = (await n8n.executions({ workflowId: workflow.id, withData: false })).length;
		const callsBefore = whapi.calls.length;
		await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100001', '15550100002'], action: 'request' });
		await whapi.emitGroupsPut({ groupId: OTHER_GROUP, participants: ['15550100003'], action: 'request' });
		await whapi.emitGroupsPut({ groupId: GROUP, participants: ['271828182845904@lid'], action: 'request', envelopeKey: 'method' });
		const executions = await n8n.waitForExecutions(workflow.id, before + 3, 60000);
		assert.ok(executions.every((e) => e.status === 'success'), executions.map((e) => e.status).join());
		const decided = Object.fromEntries(whapi.decisions.map((d) => [d.applicant, `${d.decision}/${d.outcome}`]));
		assert.deepEqual(decided, {
			'15550100001@s.whatsapp.net': 'accepted/done',
			'15550100002@s.whatsapp.net': 'rejected/done',
			'15550100003@s.whatsapp.net': 'accepted/done',
			'271828182845904@lid': 'rejected/done',
		});
		assert.equal(whapi.decisions.length, 4);
		// One Whapi call per applicant, the decision itself: the trigger adds no round trip, except
		// the phone lookup for the @lid applicant (Resolve Phone Numbers; this one stays unknown).
		assert.deepEqual(
			// The exact `application` each call carried: the chat ID, never the event's bare digits.
			whapi.calls.slice(callsBefore).map((c) => `${c.method} ${decodeURIComponent(c.path)} ${JSON.stringify(c.body)}`).sort(),
			[
				`POST /groups/${GROUP}/applications {"application":"15550100001@s.whatsapp.net"}`,
				`DELETE /groups/${GROUP}/applications {"application":"15550100002@s.whatsapp.net"}`,
				`POST /groups/${OTHER_GROUP}/applications {"application":"15550100003@s.whatsapp.net"}`,
				`DELETE /groups/${GROUP}/applications {"application":"271828182845904@lid"}`,
				'GET /contacts/ids/271828182845904@lid undefined',
			].sort(),
		);
		const outputs = executions.slice(before).flatMap((e) => nodeOutput(e, 'Join Request') ?? []);
		assert.deepEqual(
			outputs.map((o) => [o.applicant, o.phone, o.lid, o.action, o.channelId]).sort(),
			[
				['15550100001', '15550100001', null, 'request', whapi.channelId],
				['15550100002', '15550100002', null, 'request', whapi.channelId],
				['15550100003', '15550100003', null, 'request', whapi.channelId],
				['271828182845904@lid', null, '271828182845904@lid', 'request', whapi.channelId],
			].sort(),
		);
	});

	it('4. add / remove / promote events and events for unwatched groups start no execution', async () => {
		const before = (await n8n.listExecutions({ workflowId: workflow.id })).length; // unfinished too
		const callsBefore = whapi.calls.length;
		for (const action of ['add', 'remove', 'promote']) {
			const [delivery] = await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100009'], action });
			assert.equal(delivery.status, 200, `${action} is answered 200 so Whapi does not retry it`);
		}
		const [unwatched] = await whapi.emitGroupsPut({ groupId: UNWATCHED, participants: ['15550100009'], action: 'request' });
		assert.equal(unwatched.status, 200);
		// A last, wanted event: once its execution is there and nothing is unfinished, n8n is done.
		const executions = await settle(n8n, {
			workflowId: workflow.id,
			marker: async () => (await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100003'], action: 'request' }))[0],
			expected: before + 1,
		});
		assert.equal(executions.length, before + 1);
		const marker = await n8n.execution(executions.at(-1).id);
		assert.deepEqual(nodeOutput(marker, 'Join Request').map((o) => o.applicant), ['15550100003']);
		assert.deepEqual(
			whapi.calls.slice(callsBefore).map((c) => [c.method, c.path, c.body?.application]),
			[['POST', `/groups/${GROUP}/applications`, '15550100003@s.whatsapp.net']],
		);
	});

	it('5. a forged POST without the secret gets 401 and starts no execution', async () => {
		const before = (await n8n.listExecutions({ workflowId: workflow.id })).length; // unfinished too
		const body = { groups_participants: [{ group_id: GROUP, participants: ['15550100001'], action: 'request' }], event: { type: 'groups', event: 'put' } };
		const callsBefore = whapi.calls.length;
		const forged = await whapi.deliver(url, body, {});
		assert.equal(forged.status, 401);
		const wrong = await whapi.deliver(url, body, { [SECRET_HEADER]: '0'.repeat(64) });
		assert.equal(wrong.status, 401);
		assert.equal(whapi.calls.length, callsBefore, 'rejecting a forged call costs no Whapi call: the secret is in static data');
		// n8n answers 401 before any execution exists; a wanted event then shows it is caught up.
		const executions = await settle(n8n, {
			workflowId: workflow.id,
			marker: async () => (await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100002'], action: 'request' }))[0],
			expected: before + 1,
		});
		assert.equal(executions.length, before + 1, 'only the wanted event ran');
		assert.deepEqual(nodeOutput(await n8n.execution(executions.at(-1).id), 'Join Request').map((o) => o.applicant), ['15550100002']);
	});

	it('6. List with Return All over 300 pending requests returns all 300', async () => {
		const chatIds = Array.from({ length: 300 }, (_, i) => whapi.addPending(OTHER_GROUP, `1555070${String(i).padStart(4, '0')}`));
		const path = `list-${crypto.randomUUID()}`;
		const listWorkflow = await n8n.createWorkflow({
			name: 'List all',
			nodes: [
				{
					id: crypto.randomUUID(),
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: crypto.randomUUID(),
					parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
				},
				{
					id: crypto.randomUUID(),
					name: 'List',
					type: `${PKG}.whapiJoinRequests`,
					typeVersion: 1,
					position: [300, 0],
					parameters: { operation: 'list', groupId: { __rl: true, mode: 'list', value: OTHER_GROUP }, returnAll: true },
					credentials: { whapiApi: { id: credential.id, name: credential.name } },
				},
			],
			connections: { Webhook: { main: [[{ node: 'List', type: 'main', index: 0 }]] } },
		});
		await n8n.activate(listWorkflow.id);
		await n8n.waitForWebhook(path);
		const response = await fetch(n8n.webhookUrl(path), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		assert.equal(response.status, 200);
		const items = await response.json();
		assert.deepEqual(items.map((i) => i.applicant), chatIds);
		assert.deepEqual(Object.keys(items[0]).sort(), ['applicant', 'groupId', 'lid', 'phone', 'requestMethod', 'requestedAt']);
		await n8n.deactivate(listWorkflow.id);
	});

	it('7. Whapi answers 503, then 429, then OK: the decision is made exactly once', async () => {
		const before = (await n8n.executions({ workflowId: workflow.id, withData: false })).length;
		const decisionsBefore = whapi.decisions.length;
		whapi.failNext(1, { status: 503, path: '/applications', method: 'POST' });
		whapi.failNext(1, { status: 429, retryAfter: 1, path: '/applications', method: 'POST' });
		await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100001'], action: 'request' });
		const executions = await n8n.waitForExecutions(workflow.id, before + 1, 60000);
		assert.equal(executions.at(-1).status, 'success');
		const attempts = whapi.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/applications')).slice(-3);
		assert.deepEqual(attempts.map((c) => c.status), [503, 429, 200]);
		// The two refused attempts are recorded as failed; exactly one decision was carried out.
		assert.deepEqual(
			whapi.decisions.slice(decisionsBefore).filter((d) => d.outcome !== 'failed'),
			[{ groupId: GROUP, applicant: '15550100001@s.whatsapp.net', decision: 'accepted', outcome: 'done' }],
		);
	});

	it('7b. an accept that takes effect but loses its answer (502) is reported "done" by the execution that made it, not "not_pending"', async () => {
		const before = (await n8n.executions({ workflowId: workflow.id, withData: false })).length;
		const decisionsBefore = whapi.decisions.length;
		whapi.failNext(1, { lostAnswer: 502, path: '/applications', method: 'POST' });
		await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100001'], action: 'request' });
		const executions = await n8n.waitForExecutions(workflow.id, before + 1, 60000);
		assert.equal(executions.at(-1).status, 'success');
		// The first POST took effect and lost its answer; the retry found the applicant gone.
		assert.deepEqual(
			whapi.decisions.slice(decisionsBefore).filter((d) => d.outcome === 'done').map((d) => [d.applicant, d.decision]),
			[['15550100001@s.whatsapp.net', 'accepted']],
		);
		assert.deepEqual(whapi.pending(GROUP).filter((a) => a.startsWith('15550100001')), []);
		assert.deepEqual(
			nodeOutput(executions.at(-1), 'Decide').map((o) => [o.applicant, o.decision, o.status]),
			[['15550100001@s.whatsapp.net', 'accepted', 'done']],
		);
	});

	it('"Listen for test event" registers the test URL beside the published entry and removes only it afterwards', async () => {
		const productionEntry = structuredClone(ours(url)[0]);
		const testUrl = n8n.testWebhookUrl(`${webhookId}/webhook`);
		const stored = await n8n.getWorkflow(workflow.id);
		const body = { triggerToStartFrom: { name: 'Join Request' } };
		if (VERSION.startsWith('1.')) body.workflowData = stored; // 1.x runs the posted workflow, 2.x the saved one
		const started = await n8n.request('POST', `/rest/workflows/${workflow.id}/run`, body);
		assert.equal(started.waitingForWebhook, true, JSON.stringify(started));
		await until('the test entry', () => ours(testUrl).length === 1);
		assert.deepEqual(whapi.webhooks.map((w) => w.url), [FOREIGN.url, url, testUrl]);
		assert.deepEqual(ours(url)[0], productionEntry, 'the published entry is untouched');
		assert.notEqual(ours(testUrl)[0].headers[SECRET_HEADER], productionEntry.headers[SECRET_HEADER]);

		// One event reaches both entries: the test run and the published workflow each decide;
		// whichever comes second finds the applicant no longer pending.
		const decisionsBefore = whapi.decisions.length;
		const deliveries = await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100001'], action: 'request' });
		assert.deepEqual(deliveries.map((d) => [d.url, d.status]).sort(), [[testUrl, 200], [url, 200]].sort());
		await until('two decisions', () => whapi.decisions.length >= decisionsBefore + 2);
		assert.deepEqual(
			whapi.decisions.slice(decisionsBefore).map((d) => `${d.decision}/${d.outcome}`).sort(),
			['accepted/done', 'accepted/not_pending'],
		);
		// The test webhook is single-use: n8n removes it, and with it only our test entry.
		await until('the test entry to be removed', () => ours(testUrl).length === 0);
		assert.deepEqual(whapi.webhooks, [FOREIGN, productionEntry]);
	});

	it('two trigger workflows published at the same moment, the first PATCH slowed by 150 ms, both keep their entry; unpublished at once, none is left', async () => {
		const before = structuredClone(whapi.webhooks);
		const ids = [crypto.randomUUID(), crypto.randomUUID()];
		// Created one after the other (n8n 1.x on SQLite can fail two inserts at once); published at once.
		const workflows = [];
		for (const [i, id] of ids.entries()) workflows.push(await n8n.createWorkflow(triggerWorkflow(`Concurrent ${i}`, id)));
		const urls = ids.map((id) => n8n.webhookUrl(`${id}/webhook`));
		whapi.failNext(1, { path: '^/settings$', method: 'PATCH', delayMs: 150 });
		await Promise.all(workflows.map((w) => n8n.activate(w.id)));
		for (const u of urls) assert.equal(ours(u).length, 1, `an entry for ${u}`);
		assert.deepEqual(whapi.webhooks.filter((w) => !urls.includes(w.url)), before);
		whapi.failNext(1, { path: '^/settings$', method: 'PATCH', delayMs: 150 });
		await Promise.all(workflows.map((w) => n8n.deactivate(w.id)));
		assert.deepEqual(whapi.webhooks, before);
	});

	it('a trigger watching a group ID given without @g.us hears that group\'s events', async () => {
		const before = structuredClone(whapi.webhooks);
		const id = crypto.randomUUID();
		const bare = GROUP.replace('@g.us', '');
		const watcher = await n8n.createWorkflow({
			name: 'Bare group ID',
			nodes: [
				{
					id: crypto.randomUUID(),
					name: 'Join Request',
					type: `${PKG}.whapiJoinRequestsTrigger`,
					typeVersion: 1,
					position: [0, 0],
					webhookId: id,
					parameters: { groups: [bare] },
					credentials: { whapiApi: { id: credential.id, name: credential.name } },
				},
			],
			connections: {},
		});
		await n8n.activate(watcher.id);
		await n8n.waitForWebhook(`${id}/webhook`);
		await whapi.emitGroupsPut({ groupId: OTHER_GROUP, participants: ['15550100008'], action: 'request' });
		// The watched group's event comes last: once its execution is there and none is unfinished,
		// the unwatched one has had every chance to start something.
		const executions = await settle(n8n, {
			workflowId: watcher.id,
			marker: async () => (await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100007'], action: 'request' }))[0],
			expected: 1,
		});
		assert.equal(executions.length, 1, 'only the watched group starts it');
		const heard = await n8n.execution(executions.at(-1).id);
		assert.deepEqual(nodeOutput(heard, 'Join Request').map((o) => [o.groupId, o.applicant]), [[GROUP, '15550100007']]);
		await n8n.deactivate(watcher.id);
		assert.deepEqual(whapi.webhooks, before);
	});

	it('8. after an n8n restart the webhook still works and no duplicate entry appears', async () => {
		const secretBefore = ours(url)[0].headers[SECRET_HEADER];
		await n8n.restart();
		await n8n.login();
		await n8n.waitForWebhook(`${webhookId}/webhook`, { timeoutMs: 60000 });
		assert.equal(ours(url).length, 1, 'still exactly one entry of ours');
		assert.equal(ours(url)[0].headers[SECRET_HEADER], secretBefore);
		assert.deepEqual(whapi.webhooks.filter((w) => w.url !== url), [FOREIGN]);
		const before = (await n8n.executions({ workflowId: workflow.id, withData: false })).length;
		const decisionsBefore = whapi.decisions.length;
		await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550100002'], action: 'request' });
		await n8n.waitForExecutions(workflow.id, before + 1, 60000);
		assert.deepEqual(whapi.decisions.slice(decisionsBefore), [
			{ groupId: GROUP, applicant: '15550100002@s.whatsapp.net', decision: 'rejected', outcome: 'done' },
		]);
		await n8n.deactivate(workflow.id);
		assert.deepEqual(whapi.webhooks, [FOREIGN]);
	});

	it('9. Group: Set Join Approval off then on, Get Invite Link, Revoke Invite Link → a new code', async () => {
		const group = whapi.groups.get(UNWATCHED);
		group.approvalRequired = true;
		whapi.addPending(UNWATCHED, '15550108888');
		const codeBefore = whapi.inviteCode(UNWATCHED);
		const path = `group-${crypto.randomUUID()}`;
		const groupNode = (name, parameters, x) => ({
			id: crypto.randomUUID(),
			name,
			type: `${PKG}.whapiJoinRequests`,
			typeVersion: 1,
			position: [x, 0],
			parameters: { resource: 'group', groupId: { __rl: true, mode: 'list', value: UNWATCHED }, ...parameters },
			credentials: { whapiApi: { id: credential.id, name: credential.name } },
		});
		const chain = ['Approval off', 'Approval on', 'Get link', 'Revoke link'];
		const groupWorkflow = await n8n.createWorkflow({
			name: 'Group settings',
			nodes: [
				{
					id: crypto.randomUUID(),
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: crypto.randomUUID(),
					parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
				},
				groupNode('Approval off', { operation: 'setJoinApproval', joinApprovalRequired: false }, 300),
				groupNode('Approval on', { operation: 'setJoinApproval', joinApprovalRequired: true }, 600),
				groupNode('Get link', { operation: 'getInviteLink' }, 900),
				groupNode('Revoke link', { operation: 'revokeInviteLink' }, 1200),
			],
			connections: Object.fromEntries(
				['Webhook', ...chain].slice(0, -1).map((from, i) => [from, { main: [[{ node: chain[i], type: 'main', index: 0 }]] }]),
			),
		});
		await n8n.activate(groupWorkflow.id);
		await n8n.waitForWebhook(path);
		const callsBefore = whapi.calls.length;
		const response = await fetch(n8n.webhookUrl(path), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		assert.equal(response.status, 200);
		const [revoked] = await response.json();
		const [execution] = await n8n.waitForExecutions(groupWorkflow.id, 1, 60000);
		assert.equal(execution.status, 'success');

		const groupCalls = whapi.calls.slice(callsBefore).map((c) => [c.method, decodeURIComponent(c.path), c.body ?? null]);
		assert.deepEqual(groupCalls, [
			['PATCH', `/groups/${UNWATCHED}`, { setting: 'approve_participants', policy: 'anyone' }],
			['PATCH', `/groups/${UNWATCHED}`, { setting: 'approve_participants', policy: 'admins' }],
			['GET', `/groups/${UNWATCHED}/invite`, null],
			['DELETE', `/groups/${UNWATCHED}/invite`, null],
			['GET', `/groups/${UNWATCHED}/invite`, null],
		]);
		assert.deepEqual(nodeOutput(execution, 'Approval off'), [{ groupId: UNWATCHED, joinApprovalRequired: false }]);
		assert.deepEqual(nodeOutput(execution, 'Approval on'), [{ groupId: UNWATCHED, joinApprovalRequired: true }]);
		assert.deepEqual(whapi.pending(UNWATCHED), [], 'switching approval off let the waiting applicant in');
		assert.ok(group.members.includes('15550108888'));
		assert.equal(group.approvalRequired, true, 'and switching it on again made new members wait');
		assert.deepEqual(nodeOutput(execution, 'Get link'), [
			{ groupId: UNWATCHED, inviteCode: codeBefore, inviteLink: `https://chat.whatsapp.com/${codeBefore}` },
		]);
		const codeAfter = whapi.inviteCode(UNWATCHED);
		assert.notEqual(codeAfter, codeBefore, 'the revocation made a new code');
		assert.deepEqual(revoked, { groupId: UNWATCHED, inviteCode: codeAfter, inviteLink: `https://chat.whatsapp.com/${codeAfter}` });
		await n8n.deactivate(groupWorkflow.id);
	});
});
