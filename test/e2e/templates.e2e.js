'use strict';
// The workflow templates in templates/, checked in a real n8n (one version per run):
//   1. each imports, every node type and version is one n8n loaded, and every node's parameters
//      are ones its node type knows (checked with that n8n's own n8n-workflow);
//   2. the Data Table allowlist decides live join requests from the Whapi stand-in;
//   3. the backlog sweep decides what is pending, once, and finds nothing to do the next time;
//   4. the Google Sheets allowlist decides live join requests, with Google's APIs played by a
//      local stand-in behind an HTTPS proxy (./google-stand-in.js).
//
//   N8N_E2E_VERSION=2.40.7 WHAPI_PACKAGE_TARBALL=n8n-nodes-whapi-join-requests-0.1.0.tgz \
//     node --test test/e2e/templates.e2e.js
//
// Needs scripts/install-n8n.sh to have installed that n8n version.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { describe, it, before, after } = require('node:test');

const { startN8n, stopAll, hostWorkflowDir, installation, nodeOutput, inProgress } = require('./n8n');
const { startGoogleStandIn } = require('./google-stand-in');
const { startWhapiStandIn } = require('../whapi-stand-in');
const { until } = require('./until');
const { TRIGGER_TYPE, clone, readTemplate, descriptionOf, setUpTemplate, createAllowlist: createTable } = require('./template-setup');

const version = process.env.N8N_E2E_VERSION || '2.40.7';
const tarball = process.env.WHAPI_PACKAGE_TARBALL;
const TEMPLATE_FILES = ['google-sheets-allowlist.json', 'data-table-allowlist.json', 'backlog-sweep.json'];
const PACKAGE = 'n8n-nodes-whapi-join-requests';
const ACTION_TYPE = `${PACKAGE}.whapiJoinRequests`;

const ADMIN_PHONE = '15550109999';
const LID = '204813372800123@lid';
// @lid applicants whose phone Whapi knows (GET /contacts/ids/{lid}): the allowlist decides them.
const LID_ALLOWED = '204813372800124@lid';
const LID_REFUSED = '204813372800125@lid';
const chat = (phone) => `${phone}@s.whatsapp.net`;

const byText = (a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b));
const sorted = (list) => [...list].sort(byText);


// ------------------------------------------------------------------ parameter check
//
// What n8n's editor does with an imported node: it keeps only the parameters that
// NodeHelpers.getNodeParameters resolves for the node's type and version (anything else is
// dropped without a word) and flags what getNodeParametersIssues reports (a required parameter
// left empty, for one). Both run here with the n8n-workflow of the n8n under test, against the
// node descriptions that n8n serves. getNodeParameters passes option values and resource
// locator modes through unchecked, so those are checked here against the same descriptions.

function isExpression(value) {
	return typeof value === 'string' && value.startsWith('=');
}

/** Paths of values in `given` that `resolved` does not have: unknown, or hidden for this configuration. */
function droppedPaths(given, resolved, at = '') {
	if (given === null || typeof given !== 'object') return [];
	if (resolved === null || typeof resolved !== 'object') return [at];
	return Object.keys(given).flatMap((key) => {
		const here = at ? `${at}.${key}` : key;
		return key in resolved ? droppedPaths(given[key], resolved[key], here) : [here];
	});
}

/** Option values and resource-locator modes that the shown property does not offer. */
function invalidValues(helpers, props, values, root, at, node, description) {
	const problems = [];
	for (const [name, value] of Object.entries(values ?? {})) {
		const here = at ? `${at}.${name}` : name;
		const shown = props.filter(
			(p) => p.name === name && helpers.displayParameterPath(root, p, at, node, description),
		);
		const prop = shown[0];
		if (!prop || isExpression(value)) continue;
		const dynamic = prop.typeOptions?.loadOptionsMethod || prop.typeOptions?.loadOptions;
		const allowed = (prop.options ?? []).map((o) => o.value);
		if (prop.type === 'options' && !dynamic && !allowed.includes(value)) {
			problems.push(`${here}: ${JSON.stringify(value)} is not one of ${JSON.stringify(allowed)}`);
		}
		if (prop.type === 'multiOptions' && !dynamic && Array.isArray(value)) {
			for (const v of value) if (!allowed.includes(v)) problems.push(`${here}: ${JSON.stringify(v)} is not an option`);
		}
		if (prop.type === 'resourceLocator' && value && typeof value === 'object') {
			const modes = (prop.modes ?? []).map((m) => m.name);
			if (!modes.includes(value.mode)) problems.push(`${here}: mode ${JSON.stringify(value.mode)} is not one of ${modes}`);
		}
		if (prop.type === 'collection' && value && typeof value === 'object') {
			problems.push(...invalidValues(helpers, prop.options ?? [], value, root, here, node, description));
		}
		if (prop.type === 'fixedCollection' && value && typeof value === 'object') {
			for (const group of prop.options ?? []) {
				if (!(group.name in value)) continue;
				const entries = [].concat(value[group.name]);
				entries.forEach((entry, i) => {
					const entryPath = Array.isArray(value[group.name]) ? `${here}.${group.name}[${i}]` : `${here}.${group.name}`;
					problems.push(...invalidValues(helpers, group.values ?? [], entry, root, entryPath, node, description));
				});
			}
		}
	}
	return problems;
}

/** Everything n8n would drop, flag or not understand in one node; an empty list when it is clean. */
function nodeProblems(workflowLib, node, description) {
	const helpers = workflowLib.NodeHelpers;
	const given = node.parameters ?? {};
	const resolved = helpers.getNodeParameters(description.properties, given, true, false, node, description);
	const problems = droppedPaths(given, resolved).map((p) => `${p}: unknown to the node, or not shown with these settings`);
	const issues = helpers.getNodeParametersIssues(description.properties, { ...node, parameters: resolved }, description);
	for (const [name, messages] of Object.entries(issues?.parameters ?? {})) problems.push(`${name}: ${messages.join(' ')}`);
	problems.push(...invalidValues(helpers, description.properties, resolved, resolved, '', node, description));
	return problems;
}

// ------------------------------------------------------------------ setting a template up
//
// What a user does after importing: the editor gives each webhook node a webhookId, the user
// selects credentials and fills in Settings. Nothing else in the template changes, except
// where a test says so (a faster schedule).

function nodeNamed(workflow, name) {
	const node = workflow.nodes.find((n) => n.name === name);
	assert.ok(node, `node ${name} in ${workflow.name}`);
	return node;
}

/** Every item a node output over all its runs (a node in a loop runs once per pass). */
function allOutputs(execution, nodeName) {
	const runs = execution?.data?.resultData?.runData?.[nodeName] ?? [];
	return runs.flatMap((_run, run) => nodeOutput(execution, nodeName, { run }) ?? []);
}

/** A short account of executions for failure messages: status, error and the nodes that ran. */
function summary(executions) {
	return executions.map((e) => {
		const result = e.data?.resultData ?? {};
		const ran = Object.entries(result.runData ?? {}).map(([name, runs]) => `${name}×${runs.length}`);
		return { id: e.id, status: e.status, error: result.error?.message, lastNode: result.lastNodeExecuted, ran };
	});
}

function decidedBy(executions, names) {
	return executions.flatMap((e) => names.flatMap((name) => allOutputs(e, name)));
}

// ------------------------------------------------------------------ the run

describe(`templates in n8n ${version}`, { timeout: 10 * 60 * 1000 }, () => {
	let n8n;
	let whapi;
	let google;
	let googleError;
	let workflowLib;
	let nodeTypes;
	let credentialTypes;
	let whapiCredential;
	let t0;
	const lap = (what) => console.log(`[templates ${version}] ${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s`);

	before(async () => {
		t0 = Date.now();
		assert.ok(tarball, 'WHAPI_PACKAGE_TARBALL must name the packed package (.tgz)');
		const install = installation(version);
		workflowLib = require(hostWorkflowDir(install));
		whapi = await startWhapiStandIn({ token: `tpl-${crypto.randomBytes(8).toString('hex')}` });
		try {
			google = await startGoogleStandIn();
		} catch (error) {
			// Only the Google Sheets run needs it (it makes its certificates with openssl); that run
			// fails with this reason, the others go on.
			googleError = error;
		}
		n8n = await startN8n({ version, packageTarball: tarball, env: google?.n8nEnv ?? {} });
		lap(`n8n started on ${n8n.baseUrl}`);
		await n8n.setupOwner();
		nodeTypes = await n8n.nodeTypes();
		credentialTypes = (await n8n.credentialTypes()).map((c) => c.name);
		whapiCredential = await n8n.createCredential({
			name: 'Whapi stand-in',
			type: 'whapiApi',
			data: { token: whapi.token, baseUrl: whapi.baseUrl },
		});
	});

	after(async () => {
		try {
			if (n8n) await n8n.dispose();
		} finally {
			await Promise.allSettled([whapi?.close(), google?.close(), stopAll()]);
			if (t0) lap('stopped');
		}
	});

	/** A data table `name` with a string column `phone` holding `phones`; returns its id. */
	async function createAllowlist(name, phones) {
		return createTable(n8n, name, phones);
	}

	/** Waits until no execution of the workflow is still running; returns them all, oldest first. */
	async function settledExecutions(workflowId) {
		await until('executions to finish', async () => {
			const list = await n8n.listExecutions({ workflowId });
			return !list.some(inProgress);
		});
		return n8n.executions({ workflowId });
	}

	/** Publishes a trigger workflow and waits until its production webhook answers. */
	async function publishTrigger(workflow) {
		const created = await n8n.createWorkflow(workflow);
		const trigger = created.nodes.find((n) => n.type === TRIGGER_TYPE);
		await n8n.activate(created.id);
		await n8n.waitForWebhook(`${trigger.webhookId}/webhook`);
		const entry = whapi.webhooks.find((w) => w.url.includes(trigger.webhookId));
		assert.ok(entry, 'the trigger registered its webhook with the stand-in');
		return { id: created.id, entry };
	}

	describe('import', () => {
		for (const file of TEMPLATE_FILES) {
			it(`${file}: imports, and n8n knows every node and parameter`, async () => {
				const template = readTemplate(file);
				assert.equal(typeof template.name, 'string');
				assert.ok(Array.isArray(template.nodes) && template.nodes.length > 0);
				assert.deepEqual(template.settings, { executionOrder: 'v1' });
				const names = new Set(template.nodes.map((n) => n.name));
				assert.equal(names.size, template.nodes.length, 'node names are unique');
				for (const [from, outputs] of Object.entries(template.connections)) {
					assert.ok(names.has(from), `connection from unknown node ${from}`);
					for (const target of outputs.main.flat()) assert.ok(names.has(target.node), `connection to unknown node ${target.node}`);
				}
				assert.ok(template.nodes.some((n) => n.type === 'n8n-nodes-base.stickyNote'), 'sticky notes explain the set-up');
				assert.ok(!template.nodes.some((n) => n.credentials), 'no credential ids are shipped');

				const created = await n8n.createWorkflow(template);
				const stored = await n8n.getWorkflow(created.id);
				assert.equal(stored.nodes.length, template.nodes.length);

				const problems = [];
				for (const node of stored.nodes) {
					const description = descriptionOf(nodeTypes, node);
					if (!description) {
						problems.push(`${node.name}: n8n ${version} has no node type ${node.type} version ${node.typeVersion}`);
						continue;
					}
					problems.push(...nodeProblems(workflowLib, node, description).map((p) => `${node.name}: ${p}`));
					for (const c of description.credentials ?? []) {
						if (!credentialTypes.includes(c.name)) problems.push(`${node.name}: unknown credential type ${c.name}`);
					}
					if (node.parameters.nodeCredentialType && !credentialTypes.includes(node.parameters.nodeCredentialType)) {
						problems.push(`${node.name}: unknown credential type ${node.parameters.nodeCredentialType}`);
					}
				}
				assert.deepEqual(problems, []);
			});
		}

		it('the check itself catches unknown, hidden, invalid and missing parameters', () => {
			const template = readTemplate('backlog-sweep.json');
			const problemsOf = (name, change) => {
				const node = clone(nodeNamed(template, name));
				change(node.parameters);
				return nodeProblems(workflowLib, node, descriptionOf(nodeTypes, node));
			};
			const expectProblem = (problems, pattern) =>
				assert.ok(problems.some((p) => pattern.test(p)), `${pattern} in ${JSON.stringify(problems)}`);
			expectProblem(problemsOf('List pending requests', (p) => (p.bogus = 1)), /^bogus: unknown/);
			expectProblem(problemsOf('List pending requests', (p) => (p.limit = 5)), /^limit: unknown/);
			expectProblem(problemsOf('List pending requests', (p) => (p.options.bogus = true)), /^options\.bogus: unknown/);
			expectProblem(problemsOf('Accept', (p) => delete p.applicant), /^applicant: Parameter "Applicant" is required/);
			expectProblem(problemsOf('On the allowlist', (p) => (p.operation = 'nope')), /^operation: "nope" is not one of/);
			expectProblem(problemsOf('On the allowlist', (p) => (p.dataTableId.mode = 'url')), /^dataTableId: mode "url"/);
			expectProblem(problemsOf('On the allowlist', (p) => (p.filters.conditions[0].bogus = 1)), /^filters\.conditions\.0\.bogus: unknown/);
			expectProblem(
				problemsOf('Every 15 minutes', (p) => (p.rule.interval[0].field = 'fortnights')),
				/^rule\.interval\[0\]\.field: "fortnights"/,
			);
		});
	});

	describe('Data Table allowlist, end to end', () => {
		const GROUP_A = '120363100000000001@g.us';
		const GROUP_B = '120363100000000002@g.us';
		const UNWATCHED = '120363100000000003@g.us';
		const ALLOWED = ['15550100001', '15550100003'];
		let workflowId;
		let entry;

		before(async () => {
			for (const [id, name] of [[GROUP_A, 'Cohort A'], [GROUP_B, 'Cohort B'], [UNWATCHED, 'Elsewhere']]) {
				whapi.addGroup({ id, name });
			}
			whapi.addContact({ lid: LID_ALLOWED, phone: ALLOWED[1] });
			whapi.addContact({ lid: LID_REFUSED, phone: '15550100007' });
			const dataTableId = await createAllowlist('whapi_allowlist', ALLOWED);
			const workflow = setUpTemplate(readTemplate('data-table-allowlist.json'), {
				credentials: { whapiApi: whapiCredential },
				settings: { dataTableId, adminPhone: ADMIN_PHONE, whapiBaseUrl: whapi.baseUrl },
				triggerGroups: [GROUP_A, GROUP_B],
				nodeTypes,
			});
			({ id: workflowId, entry } = await publishTrigger(workflow));
			lap('data table template published');
		});

		after(async () => {
			if (workflowId) await n8n.deactivate(workflowId).catch(() => {});
		});

		it('decides each applicant with a known phone once, by the allowlist, and tells the admin about the unresolved @lid', async () => {
			const decisionsBefore = whapi.decisions.length;
			const callsBefore = whapi.calls.length;
			await whapi.emitGroupsPut({ groupId: GROUP_A, participants: ['15550100001', '15550100002', LID, LID_ALLOWED, LID_REFUSED] });
			await whapi.emitGroupsPut({ groupId: GROUP_B, participants: ['15550100003'] });
			await whapi.emitGroupsPut({ groupId: GROUP_B, participants: ['15550100004'] });
			await whapi.emitGroupsPut({ groupId: UNWATCHED, participants: ['15550100005'] });

			let executions = await n8n.waitForExecutions(workflowId, 3, 60000);
			await until('6 decisions', () => whapi.decisions.length - decisionsBefore >= 6).catch(async (error) => {
				executions = await n8n.executions({ workflowId });
				error.message += `\ndecisions: ${JSON.stringify(whapi.decisions.slice(decisionsBefore))}\nexecutions: ${JSON.stringify(summary(executions), null, 1)}`;
				throw error;
			});
			lap('data table template decided');

			assert.equal(executions.length, 3, 'one execution per event in a watched group');
			assert.equal((await n8n.listExecutions({ workflowId })).length, 3, 'none for the unwatched group');
			for (const e of executions) assert.equal(e.status, 'success', `execution ${e.id} ${e.status}`);
			assert.deepEqual(
				sorted(whapi.decisions.slice(decisionsBefore)),
				sorted([
					{ groupId: GROUP_A, applicant: chat('15550100001'), decision: 'accepted', outcome: 'done' },
					{ groupId: GROUP_A, applicant: chat('15550100002'), decision: 'rejected', outcome: 'done' },
					{ groupId: GROUP_A, applicant: LID_ALLOWED, decision: 'accepted', outcome: 'done' },
					{ groupId: GROUP_A, applicant: LID_REFUSED, decision: 'rejected', outcome: 'done' },
					{ groupId: GROUP_B, applicant: chat('15550100003'), decision: 'accepted', outcome: 'done' },
					{ groupId: GROUP_B, applicant: chat('15550100004'), decision: 'rejected', outcome: 'done' },
				]),
			);
			assert.deepEqual(whapi.pending(GROUP_A), [LID], 'the @lid applicant without a known phone is left pending');
			const lookups = whapi.calls.slice(callsBefore).filter((c) => c.path.startsWith('/contacts/'));
			assert.deepEqual(
				lookups.map((c) => decodeURIComponent(c.path)).sort(),
				[LID, LID_ALLOWED, LID_REFUSED].map((lid) => `/contacts/ids/${lid}`).sort(),
				'one phone lookup per @lid applicant, none for the others',
			);
			const triggered = executions.flatMap((e) => nodeOutput(e, 'New join request') ?? []);
			assert.deepEqual(
				sorted(triggered.filter((t) => t.lid !== null).map(({ applicant, phone, lid }) => ({ applicant, phone, lid }))),
				sorted([
					{ applicant: LID, phone: null, lid: LID },
					{ applicant: LID_ALLOWED, phone: ALLOWED[1], lid: LID_ALLOWED },
					{ applicant: LID_REFUSED, phone: '15550100007', lid: LID_REFUSED },
				]),
			);
			assert.deepEqual(whapi.pending(GROUP_B), []);
			assert.deepEqual(whapi.pending(UNWATCHED), [chat('15550100005')], 'an unwatched group is not touched');

			assert.equal(whapi.messages.length, 1, 'one admin notice');
			const [notice] = whapi.messages;
			assert.equal(notice.to, ADMIN_PHONE);
			assert.match(notice.body, new RegExp(LID.replace('.', '\\.')));
			assert.match(notice.body, new RegExp(GROUP_A.replace('.', '\\.')));
			const noticeCall = whapi.calls.find((c) => c.path === '/messages/text');
			assert.equal(noticeCall.headers.authorization, `Bearer ${whapi.token}`, 'sent with the Whapi credential');

			const outputs = decidedBy(executions, ['Accept', 'Reject']);
			assert.deepEqual(
				sorted(outputs.map(({ applicant, decision, status }) => ({ applicant, decision, status }))),
				sorted([
					{ applicant: chat('15550100001'), decision: 'accepted', status: 'done' },
					{ applicant: chat('15550100002'), decision: 'rejected', status: 'done' },
					{ applicant: LID_ALLOWED, decision: 'accepted', status: 'done' },
					{ applicant: LID_REFUSED, decision: 'rejected', status: 'done' },
					{ applicant: chat('15550100003'), decision: 'accepted', status: 'done' },
					{ applicant: chat('15550100004'), decision: 'rejected', status: 'done' },
				]),
			);
		});

		it('an event delivered twice decides nothing new: the repeat ends not_pending, without an error', async () => {
			const decisionsBefore = whapi.decisions.length;
			const body = {
				groups_participants: [{ group_id: GROUP_B, participants: ['15550100003'], action: 'request' }],
				event: { type: 'groups', event: 'put' },
				channel_id: whapi.channelId,
			};
			const delivery = await whapi.deliver(entry.url, body, entry.headers);
			assert.equal(delivery.status, 200);
			const executions = await n8n.waitForExecutions(workflowId, 4, 60000);
			await until('the repeated decision', () => whapi.decisions.length > decisionsBefore);
			assert.deepEqual(whapi.decisions.slice(decisionsBefore), [
				{ groupId: GROUP_B, applicant: chat('15550100003'), decision: 'accepted', outcome: 'not_pending' },
			]);
			const last = executions[executions.length - 1];
			assert.equal(last.status, 'success');
			assert.deepEqual(nodeOutput(last, 'Accept').map((o) => o.status), ['not_pending']);
			assert.equal(whapi.messages.length, 1, 'no new notice');
		});
	});

	describe('backlog sweep, end to end', () => {
		const GROUP_C = '120363200000000001@g.us';
		const GROUP_D = '120363200000000002@g.us';
		const RACED = '15550200009';
		let workflowId;
		let workflow;

		before(async () => {
			whapi.addGroup({ id: GROUP_C, name: 'Backlog C' });
			whapi.addGroup({ id: GROUP_D, name: 'Backlog D' });
			const dataTableId = await createAllowlist('whapi_sweep_allowlist', ['15550200001', '15550200003', '15550200005', RACED]);
			// Requests that arrived while nothing was listening, so no execution ever saw them.
			for (const phone of ['15550200001', '15550200002', RACED]) whapi.addPending(GROUP_C, phone);
			whapi.addPending(GROUP_C, LID);
			for (const phone of ['15550200003', '15550200004', '15550200005']) whapi.addPending(GROUP_D, phone);
			workflow = setUpTemplate(readTemplate('backlog-sweep.json'), {
				credentials: { whapiApi: whapiCredential },
				settings: { groupIds: JSON.stringify([GROUP_C, GROUP_D]), dataTableId },
				nodeTypes,
			});
			// Every 3 s instead of every 15 minutes, so the test sees two runs quickly.
			nodeNamed(workflow, 'Every 15 minutes').parameters.rule = { interval: [{ field: 'seconds', secondsInterval: 3 }] };
			workflowId = (await n8n.createWorkflow(workflow)).id;
		});

		after(async () => {
			if (workflowId) await n8n.deactivate(workflowId).catch(() => {});
		});

		/** Publishes the sweep until `runs` more executions have finished, then unpublishes it. */
		async function sweep(runs) {
			const before = (await n8n.listExecutions({ workflowId })).length;
			await n8n.activate(workflowId);
			try {
				await n8n.waitForExecutions(workflowId, before + runs, 60000);
			} finally {
				await n8n.deactivate(workflowId);
			}
			return (await settledExecutions(workflowId)).slice(before);
		}

		it('decides every pending phone applicant once, by the allowlist; @lid stays pending, quietly', async () => {
			const decisionsBefore = whapi.decisions.length;
			const messagesBefore = whapi.messages.length;
			// Another execution decides RACED between the sweep's list and its decision.
			let raced = false;
			const race = (call) => {
				if (raced || call.method !== 'GET' || !decodeURIComponent(call.path).includes(GROUP_C)) return;
				raced = true;
				const group = whapi.groups.get(GROUP_C);
				group.queue = group.queue.filter((a) => a.chatId !== chat(RACED));
			};
			whapi.on('call', race);
			let executions;
			try {
				executions = await sweep(1);
			} finally {
				whapi.off('call', race);
			}
			lap(`sweep ran ${executions.length} time(s)`);
			for (const e of executions) assert.equal(e.status, 'success', `execution ${e.id} ${e.status}`);

			assert.deepEqual(
				sorted(whapi.decisions.slice(decisionsBefore)),
				sorted([
					{ groupId: GROUP_C, applicant: chat('15550200001'), decision: 'accepted', outcome: 'done' },
					{ groupId: GROUP_C, applicant: chat('15550200002'), decision: 'rejected', outcome: 'done' },
					{ groupId: GROUP_C, applicant: chat(RACED), decision: 'accepted', outcome: 'not_pending' },
					{ groupId: GROUP_D, applicant: chat('15550200003'), decision: 'accepted', outcome: 'done' },
					{ groupId: GROUP_D, applicant: chat('15550200004'), decision: 'rejected', outcome: 'done' },
					{ groupId: GROUP_D, applicant: chat('15550200005'), decision: 'accepted', outcome: 'done' },
				]),
			);
			const outputs = decidedBy(executions, ['Accept', 'Reject']);
			assert.deepEqual(
				outputs.filter((o) => o.applicant === chat(RACED)).map((o) => o.status),
				['not_pending'],
				'deciding an applicant someone else decided is harmless',
			);
			assert.deepEqual(whapi.pending(GROUP_C), [LID]);
			assert.deepEqual(whapi.pending(GROUP_D), []);
			assert.equal(whapi.messages.length, messagesBefore, 'the sweep sends no notices');
		});

		it('running it again decides nothing new', async () => {
			const decisionsBefore = whapi.decisions.length;
			const executions = await sweep(1);
			lap(`sweep ran again ${executions.length} time(s)`);
			for (const e of executions) {
				assert.equal(e.status, 'success');
				assert.deepEqual(
					allOutputs(e, 'List pending requests').map((r) => r.applicant),
					[LID],
					'only the @lid applicant is still listed',
				);
				assert.deepEqual(decidedBy([e], ['Accept', 'Reject']), []);
			}
			assert.equal(whapi.decisions.length, decisionsBefore);
			assert.deepEqual(whapi.pending(GROUP_C), [LID]);
		});
	});

	describe('Google Sheets allowlist, end to end (Google APIs played by a local stand-in)', () => {
		const GROUP = '120363300000000001@g.us';
		const SPREADSHEET = '1WhapiAllowlistStandInSpreadsheet000000000';
		let workflowId;

		before(async () => {
			assert.ok(google, `the Google stand-in did not start: ${googleError?.message}`);
			whapi.addGroup({ id: GROUP, name: 'Sheets cohort' });
			google.addSpreadsheet(SPREADSHEET, {
				Allowlist: [['name', 'phone'], ['Ada', 15550300001], ['Grace', '15550300003'], ['Ada again', 15550300001]],
			});
			const googleCredential = await n8n.createCredential({
				name: 'Google service account (stand-in)',
				type: 'googleApi',
				data: { email: google.serviceAccount.email, privateKey: google.serviceAccount.privateKey },
			});
			const workflow = setUpTemplate(readTemplate('google-sheets-allowlist.json'), {
				credentials: { whapiApi: whapiCredential },
				settings: {
					spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${SPREADSHEET}/edit`,
					sheetName: 'Allowlist',
					adminPhone: ADMIN_PHONE,
					whapiBaseUrl: whapi.baseUrl,
				},
				triggerGroups: [GROUP],
				nodeTypes,
			});
			// The stand-in plays a service account; the template's default is OAuth2 (a browser sign-in).
			const lookup = nodeNamed(workflow, 'Find phone in the sheet');
			lookup.parameters.authentication = 'serviceAccount';
			lookup.credentials = { googleApi: { id: googleCredential.id, name: googleCredential.name } };
			({ id: workflowId } = await publishTrigger(workflow));
			lap('google sheets template published');
		});

		after(async () => {
			if (workflowId) await n8n.deactivate(workflowId).catch(() => {});
		});

		it('decides each phone applicant of one event once, row found or not, and tells the admin about the @lid', async () => {
			const decisionsBefore = whapi.decisions.length;
			const messagesBefore = whapi.messages.length;
			const lid = '204813372800999@lid';
			await whapi.emitGroupsPut({ groupId: GROUP, participants: ['15550300001', '15550300002', lid, '15550300003', '15550300004'] });
			const [execution] = await n8n.waitForExecutions(workflowId, 1, 60000);
			lap(`google sheets template decided${google.refused.length ? `; the proxy refused ${google.refused.join(', ')}` : ''}`);
			assert.equal(execution.status, 'success', JSON.stringify(execution.data?.resultData?.error ?? {}).slice(0, 1000));
			assert.deepEqual(
				sorted(whapi.decisions.slice(decisionsBefore)),
				sorted([
					{ groupId: GROUP, applicant: chat('15550300001'), decision: 'accepted', outcome: 'done' },
					{ groupId: GROUP, applicant: chat('15550300002'), decision: 'rejected', outcome: 'done' },
					{ groupId: GROUP, applicant: chat('15550300003'), decision: 'accepted', outcome: 'done' },
					{ groupId: GROUP, applicant: chat('15550300004'), decision: 'rejected', outcome: 'done' },
				]),
			);
			assert.deepEqual(whapi.pending(GROUP), [lid]);
			const notices = whapi.messages.slice(messagesBefore);
			assert.equal(notices.length, 1);
			assert.equal(notices[0].to, ADMIN_PHONE);
			assert.match(notices[0].body, new RegExp(lid.replace('.', '\\.')));
			// One lookup per phone applicant, each reading the sheet through the proxy.
			assert.equal(google.reads(SPREADSHEET).length, 4);
		});
	});
});
