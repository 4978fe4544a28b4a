'use strict';
// The editor in a real browser: n8n 2.40.7 with the packed package installed as the Community
// Nodes UI installs it, Chromium driven by playwright-core, the Whapi stand-in as the channel.
// A user's first steps, each step screenshotted into UI_SCREENSHOTS_DIR and checked.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it, before, after, afterEach } = require('node:test');

const { startN8n, stopAll, OWNER } = require('../e2e/n8n');
const { readTemplate, setUpTemplate, createAllowlist } = require('../e2e/template-setup');
const { until } = require('../e2e/until');
const { startWhapiStandIn } = require('../whapi-stand-in');
const { launch, openEditor, screenshot } = require('./browser');
const { expectedPanel } = require('./panel');

const VERSION = process.env.N8N_E2E_VERSION || '2.40.7';
const TARBALL = process.env.WHAPI_PACKAGE_TARBALL;
const ROOT = path.resolve(__dirname, '..', '..');
const SHOTS = path.resolve(ROOT, process.env.UI_SCREENSHOTS_DIR || '.ui-screenshots');
const README_IMAGES = process.env.UI_README_IMAGES ? path.resolve(ROOT, process.env.UI_README_IMAGES) : undefined;
const README_MAX_BYTES = 150 * 1024;

// The stand-in's channel: two groups where it is an admin, one where it is not.
const GROUPS = [
	{ id: '120363000000000103@g.us', name: 'Alumni', admin: false },
	{ id: '120363000000000101@g.us', name: 'Course cohort (May)', admin: true },
	{ id: '120363000000000102@g.us', name: 'Beta testers', admin: true },
];
const NOT_ADMIN = ' (channel is not an admin: cannot decide)';
const APPLICANT = '15550100001';

// The test's REST session sits idle while the browser works: a call may meet a kept-alive
// connection that n8n has just closed. Once more, on a fresh one, then.
const rest = (call) => call().catch((error) => (error.cause?.code === 'UND_ERR_SOCKET' ? call() : Promise.reject(error)));
const exact = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
const elapsed = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

describe(`n8n ${VERSION} editor in Chromium`, () => {
	let n8n;
	let whapi;
	let browser;
	let editor;
	let page;
	let panel;
	let launching;
	let nodeTypes;
	const t0 = Date.now();
	const shot = async (name, options) => {
		const { file, bytes } = await screenshot(page, SHOTS, name, options);
		console.log(`  ${elapsed(t0)}  ${path.relative(ROOT, file)} (${Math.round(bytes / 1024)} KB)`);
	};
	/** A README picture: light theme, checked under 150 KB. */
	const readmeImage = async (name) => {
		if (!README_IMAGES) return;
		await shot(name, { maxBytes: README_MAX_BYTES });
		fs.copyFileSync(path.join(SHOTS, `${name}.png`), path.join(README_IMAGES, `${name}.png`));
	};
	const item = (name) => page.getByTestId('node-creator-item-name').filter({ hasText: exact(name) });

	before(async () => {
		assert.ok(TARBALL, 'WHAPI_PACKAGE_TARBALL must name the packed package');
		fs.rmSync(SHOTS, { recursive: true, force: true });
		if (README_IMAGES) fs.mkdirSync(README_IMAGES, { recursive: true });
		whapi = await startWhapiStandIn({ token: 'ui-good-token' });
		for (const group of GROUPS) whapi.addGroup({ ...group, approvalRequired: true });
		whapi.addPending(GROUPS[1].id, APPLICANT);
		launching = launch().then((b) => (browser = b));
		// Generous: on a busy machine n8n's start-up alone has taken over two minutes.
		n8n = await startN8n({ version: VERSION, packageTarball: TARBALL, startTimeoutMs: 300000 });
		await launching;
		editor = await openEditor(browser, n8n.baseUrl);
		page = editor.page;
		page.on('dialog', (dialog) => dialog.accept());
		console.log(`  ${elapsed(t0)}  n8n ${VERSION} and Chromium ${browser.version()} started`);
	});

	after(async () => {
		if (editor) {
			console.log(`  requests kept off loopback: ${[...new Set(editor.blocked)].join(', ') || 'none'}`);
			console.log(`  console errors seen (ours fail the test): ${editor.console.all.length}`);
		}
		await (await launching?.catch(() => undefined))?.close();
		await whapi?.close();
		await stopAll();
	});

	afterEach(() => editor?.console.assertClean());

	// Each step builds on the one before: after a failure, the rest fail at once, naming it,
	// instead of failing again on a page left in a state they do not expect.
	let failed;
	const step = (name, fn) =>
		it(name, async () => {
			if (failed) throw new Error(`not run: this step builds on "${failed}", which failed`);
			try {
				await fn();
			} catch (error) {
				failed = name;
				await page?.screenshot({ path: path.join(SHOTS, 'failed.png') }).catch(() => {});
				throw error;
			}
		});

	step('sets up the owner account and signs in', async () => {
		await page.goto(`${n8n.baseUrl}/setup`, { waitUntil: 'domcontentloaded' });
		await page.getByTestId('setup-form').waitFor();
		await shot('01-owner-setup');
		for (const [field, value] of Object.entries({ email: OWNER.email, firstName: OWNER.firstName, lastName: OWNER.lastName, password: OWNER.password })) {
			await page.locator(`input[name="${field}"]`).fill(value);
		}
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/setup'));
		n8n.owner = { ...OWNER };
		await n8n.login(); // the test's own REST session, beside the browser's
		nodeTypes = await n8n.nodeTypes();
		panel = expectedPanel(nodeTypes);
	});

	step('finds one "whapi" entry in the node panel, with our icon, listing the trigger\'s events and every operation', async () => {
		await page.goto(`${n8n.baseUrl}/workflow/new`, { waitUntil: 'domcontentloaded' });
		await page.getByTestId('canvas-add-button').click();
		await page.getByTestId('node-creator-search-bar').fill('whapi');
		await item(panel.entry).waitFor();
		const entries = await page.getByTestId('node-creator-item-name').allInnerTexts();
		assert.deepEqual(entries.filter((e) => /whapi/i.test(e)), [panel.entry], 'one entry for both nodes');
		const icons = await page
			.getByTestId('item-iterator-item')
			.filter({ has: item(panel.entry) })
			.locator('img')
			.evaluateAll((imgs) => imgs.map((img) => ({ src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0 })));
		assert.ok(icons.length > 0, 'the entry has an icon');
		for (const icon of icons) {
			assert.match(icon.src, /^\/icons\/n8n-nodes-whapi-join-requests\/dist\/nodes\/.+\.svg$/);
			assert.ok(icon.loaded, `${icon.src} loaded`);
		}
		await shot('02-node-panel-search');

		await item(panel.entry).click();
		await item(panel.events[0]).waitFor();
		for (const collapsed of await page.locator('[data-category-collapsed="true"] [data-test-id="node-creator-category-item"]').all()) {
			await collapsed.click();
		}
		await item(panel.actions[0]).waitFor();
		const listed = await page.getByTestId('node-creator').getByTestId('node-creator-item-name').allInnerTexts();
		assert.deepEqual(listed.sort(), [...panel.events, ...panel.actions].sort(), 'the entry\'s triggers and actions');
		const counts = (await page.getByTestId('node-creator-category-item').allInnerTexts()).map((c) => Number(/\((\d+)\)/.exec(c)?.[1] ?? 0));
		assert.equal(counts.reduce((a, b) => a + b, 0), panel.events.length + panel.actions.length, 'the category counts');
		await shot('03-node-panel-actions');
		// Tall enough for the whole list.
		await page.setViewportSize({ width: 1280, height: 1000 });
		await readmeImage('node-panel');
		await page.setViewportSize({ width: 1280, height: 800 });
	});

	step('adds the trigger; a wrong token is named in the credential dialog and a good one accepted', async () => {
		await item(panel.events[0]).click();
		await page.getByTestId('ndv').waitFor();
		await page.getByTestId('node-credentials-empty-state').getByRole('button').first().click();
		const dialog = page.getByTestId('credential-edit-dialog');
		await dialog.waitFor();
		// n8n may put the Base URL default in while the field is being filled, which once left
		// "https://gate.whapi.cloudhttp://127.0.0.1:…" in it: wait for the default, then fill until it holds.
		const baseUrl = dialog.getByTestId('parameter-input-baseUrl').locator('input');
		await until('the Base URL default', async () => (await baseUrl.inputValue()) !== '');
		await until('the Base URL field to hold the stand-in URL', async () => {
			await baseUrl.fill(whapi.baseUrl);
			return (await baseUrl.inputValue()) === whapi.baseUrl;
		});
		await dialog.getByTestId('parameter-input-token').locator('input').fill('not-the-token');
		// With the wrong token, n8n's calls for the node (its test, the group list) fail: the point here.
		await editor.console.expectFaults(async () => {
			await page.getByRole('button', { name: 'Save', exact: true }).click();
			await dialog.getByText('More details').click();
			await dialog.getByText(/Whapi does not know this token/).waitFor();
			await shot('04-credential-wrong-token');

			await dialog.getByTestId('parameter-input-token').locator('input').fill(whapi.token);
			await page.getByRole('button', { name: 'Save', exact: true }).click();
			// n8n closes the dialog once the saved credential passes its test.
			await dialog.waitFor({ state: 'hidden' });
		});
		assert.ok(whapi.calls.some((c) => c.path === '/health' && c.status === 200), 'the credential test reached the stand-in');
		await shot('05-trigger-with-credential');
	});

	step('lists the groups by name in the trigger, admin groups first', async () => {
		// n8n keeps the option list it loaded with the wrong token: opening the node again reloads it.
		await page.getByTestId('ndv-close-button').click();
		const loaded = page.waitForResponse((r) => r.url().includes('/rest/dynamic-node-parameters/options') && /getGroups/.test(r.request().postData() ?? ''));
		await page.getByTestId('canvas-node').first().dblclick();
		assert.equal((await loaded).status(), 200, 'the group list loaded');
		const options = page.locator('.el-select-dropdown__item:visible');
		await until('the group list to open', async () => {
			await page.getByTestId('parameter-input-groups').click();
			return options.first().waitFor({ timeout: 5000 }).then(() => true, () => false);
		}, 60000);
		const names = (await options.allInnerTexts()).map((o) => o.split('\n')[0]);
		assert.deepEqual(names, expectedGroupNames());
		await shot('06-trigger-group-picker');
		await page.keyboard.press('Escape');
	});

	step('shows the trigger\'s test and production URLs', async () => {
		await page.getByText('Webhook URLs').click();
		const parameters = page.getByTestId('node-parameters');
		await page.getByTestId('radio-button-test').click();
		const testUrl = await parameters.getByText(/\/webhook-test\//).first().innerText();
		await shot('07-trigger-test-url');
		await page.getByTestId('radio-button-production').click();
		const productionUrl = await parameters.getByText(/\/webhook\//).first().innerText();
		await shot('08-trigger-production-url');
		const id = /\/webhook-test\/([0-9a-f-]{36})\/webhook$/.exec(testUrl.trim())?.[1];
		assert.ok(id, `test URL ${testUrl}`);
		assert.equal(testUrl.trim(), `${n8n.baseUrl}/webhook-test/${id}/webhook`);
		assert.equal(productionUrl.trim(), `${n8n.baseUrl}/webhook/${id}/webhook`);
		await page.getByTestId('ndv-close-button').click();
	});

	step('adds the action node after the trigger; its group picker lists the groups, admin groups first', async () => {
		await page.getByTestId('canvas-node').first().click();
		await page.keyboard.press('n');
		await page.getByTestId('node-creator-search-bar').fill('whapi');
		await item(panel.entry).click();
		const decide = panel.actions.find((a) => /decide/i.test(a));
		await item(decide).click();
		await page.getByTestId('ndv').waitFor();
		await page.getByTestId('rlc-input').click();
		await page.getByTestId('rlc-item').first().waitFor();
		assert.deepEqual(await page.getByTestId('rlc-item').allInnerTexts(), expectedGroupNames());
		await shot('09-action-group-picker');
		await page.keyboard.press('Escape');
		await page.getByTestId('ndv-close-button').click();
		assert.equal(await page.getByTestId('canvas-node').count(), 2, 'trigger and action node on the canvas');
		await shot('10-canvas-trigger-and-action');
	});

	step('shows a moderation template and its Decide node, which decides from the editor', async () => {
		const credential = (await rest(() => n8n.request('GET', '/rest/credentials'))).find((c) => c.type === 'whapiApi');
		const dataTableId = await rest(() => createAllowlist(n8n, 'whapi_allowlist', [APPLICANT]));
		const settings = { dataTableId, adminPhone: '15550109999', whapiBaseUrl: 'https://gate.whapi.cloud' };
		const dataTable = setUpTemplate(readTemplate('data-table-allowlist.json'), { credentials: { whapiApi: credential }, settings, nodeTypes, name: 'Join requests: Data Table allowlist' });
		const created = await rest(() => n8n.createWorkflow(dataTable));
		await page.goto(`${n8n.baseUrl}/workflow/${created.id}`, { waitUntil: 'domcontentloaded' });
		for (const node of dataTable.nodes.filter((n) => !/stickyNote/.test(n.type))) {
			await page.getByTestId('canvas-node').filter({ hasText: node.name }).first().waitFor();
		}
		await shot('11-template-data-table');
		// Smaller, so that the sticky notes' text stays under the README's 150 KB; "1" fits the view.
		await page.setViewportSize({ width: 1100, height: 680 });
		await page.keyboard.press('1');
		await page.waitForTimeout(500);
		await readmeImage('moderation-workflow');
		await page.setViewportSize({ width: 1280, height: 800 });

		// The Google Sheets template's Decide node, with the earlier nodes' output pinned (as after
		// a test event) so that the editor shows its input and runs it against the stand-in.
		const sheets = setUpTemplate(readTemplate('google-sheets-allowlist.json'), {
			credentials: { whapiApi: credential },
			settings: { spreadsheetUrl: 'https://docs.google.com/spreadsheets/d/1AllowlistSheet/edit', adminPhone: '15550109999', whapiBaseUrl: whapi.baseUrl },
			nodeTypes,
			name: 'Join requests: Google Sheets allowlist',
		});
		const decideNode = sheets.nodes.find((n) => n.parameters.operation === 'decide');
		const lookup = sheets.nodes.find((n) => n.type === 'n8n-nodes-base.googleSheets');
		const trigger = sheets.nodes.find((n) => /Trigger$/.test(n.type));
		sheets.pinData = {
			[trigger.name]: [{ json: { groupId: GROUPS[1].id, applicant: `${APPLICANT}@s.whatsapp.net`, phone: APPLICANT, lid: null, action: 'request', channelId: whapi.channelId, receivedAt: new Date().toISOString() } }],
			[lookup.name]: [{ json: { row_number: 2, phone: APPLICANT, name: 'Ada Lovelace' } }],
		};
		const sheetsWorkflow = await rest(() => n8n.createWorkflow(sheets));
		await page.goto(`${n8n.baseUrl}/workflow/${sheetsWorkflow.id}`, { waitUntil: 'domcontentloaded' });
		await page.getByTestId('canvas-node').filter({ hasText: decideNode.name }).dblclick();
		await page.getByTestId('ndv').waitFor();
		await page.getByTestId('ndv').getByText('Ada Lovelace').waitFor();
		await page.getByTestId('node-execute-button').click();
		await page.getByTestId('output-panel').getByText('accepted').first().waitFor({ timeout: 60000 }).catch(async (error) => {
			throw new Error(`${error.message}\noutput panel: ${await page.getByTestId('output-panel').innerText()}`);
		});
		assert.deepEqual(whapi.decisions, [{ groupId: GROUPS[1].id, applicant: `${APPLICANT}@s.whatsapp.net`, decision: 'accepted', outcome: 'done' }]);
		assert.deepEqual(whapi.pending(GROUPS[1].id), [], 'the applicant was let in');
		await shot('12-decide-node-executed');
		await readmeImage('decide-node');
	});

	/** Group names as the pickers show them: admin groups first, then by name. */
	function expectedGroupNames() {
		const byName = (a, b) => a.name.localeCompare(b.name);
		return [
			...GROUPS.filter((g) => g.admin).sort(byName).map((g) => g.name),
			...GROUPS.filter((g) => !g.admin).sort(byName).map((g) => `${g.name}${NOT_ADMIN}`),
		];
	}
});
