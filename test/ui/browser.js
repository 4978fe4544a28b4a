'use strict';
// Chromium (Debian's package) driven by playwright-core, for the editor tests: a page on n8n's
// editor that can reach nothing but n8n on loopback, a watch on the browser console, and
// screenshots checked as they are written.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { chromium, selectors } = require('playwright-core');

const { PACKAGE_NAME } = require('./panel');

const OURS = /whapi/i;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function launch() {
	selectors.setTestIdAttribute('data-test-id');
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
		],
	});
}

/**
 * A light-theme page for `baseUrl`. Requests anywhere else (the editor looks the package up on
 * registry.npmjs.org, for instance) are refused in the browser and listed in `blocked`.
 */
async function openEditor(browser, baseUrl, { width = 1280, height = 800 } = {}) {
	const context = await browser.newContext({ viewport: { width, height }, colorScheme: 'light', locale: 'en-US' });
	await context.addInitScript(() => window.localStorage.setItem('N8N_THEME', 'light'));
	const blocked = [];
	await context.route(
		(url) => url.origin !== baseUrl,
		(route) => {
			blocked.push(route.request().url());
			return route.abort('blockedbyclient');
		},
	);
	const page = await context.newPage();
	// Generous: on a loaded machine a page of the editor has taken over 90 s to load.
	page.setDefaultTimeout(180000);
	return { context, page, blocked, console: watchConsole(page, baseUrl) };
}

/**
 * Errors in the page that come from our nodes: console errors and uncaught exceptions that name
 * the package or its nodes, and failed calls to n8n's API made for our nodes (option lists,
 * credential tests) while no fault is expected (`expectFaults`, for the wrong-token step).
 */
function watchConsole(page, baseUrl) {
	const all = [];
	const ours = [];
	let faultsExpected = false;
	const record = (entry) => {
		all.push(entry);
		if (entry.ours) ours.push(entry);
	};
	page.on('console', (message) => {
		if (message.type() !== 'error') return;
		const url = message.location()?.url ?? '';
		const text = message.text();
		// Blocked off-loopback requests are listed by openEditor. n8n's editor asks its own server
		// for output schemas (/schemas/<node type>/…), which only n8n's built-in nodes ship.
		const expected = !url.startsWith(baseUrl) || new URL(url).pathname.startsWith(`/schemas/${PACKAGE_NAME}.`);
		record({ kind: 'console', text, url, ours: !expected && (OURS.test(text) || OURS.test(url)) });
	});
	page.on('pageerror', (error) => {
		const text = `${error.message}\n${error.stack ?? ''}`;
		record({ kind: 'exception', text, ours: OURS.test(text) });
	});
	page.on('response', (response) => {
		const request = response.request();
		if (response.status() < 400 || !/\/rest\/(dynamic-node-parameters|credentials\/test)/.test(request.url())) return;
		const body = request.postData() ?? '';
		if (!OURS.test(body)) return;
		record({ kind: 'api', text: `${response.status()} ${request.method()} ${request.url()}`, url: request.url(), ours: !faultsExpected });
	});
	return {
		all,
		ours,
		/** Runs `fn` while failed calls for our nodes are the point of the step. */
		async expectFaults(fn) {
			faultsExpected = true;
			try {
				return await fn();
			} finally {
				faultsExpected = false;
			}
		},
		assertClean() {
			assert.deepEqual(ours, [], `browser errors from our nodes:\n${ours.map((e) => `${e.kind}: ${e.text} ${e.url ?? ''}`).join('\n')}`);
		},
	};
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(buffer) {
	assert.ok(buffer.subarray(0, 8).equals(PNG_SIGNATURE), 'not a PNG file');
	return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

/**
 * Takes a screenshot of the page into `dir/name.png` and checks it: a PNG of the viewport's size,
 * more than `minBytes` (a blank page compresses to a few kilobytes) and at most `maxBytes`.
 */
async function screenshot(page, dir, name, { minBytes = 15000, maxBytes = 1500000 } = {}) {
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${name}.png`);
	await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
	const buffer = fs.readFileSync(file);
	const { width, height } = pngSize(buffer);
	const viewport = page.viewportSize();
	assert.deepEqual({ width, height }, viewport, `${file}: image size`);
	assert.ok(buffer.length > minBytes, `${file}: ${buffer.length} bytes, expected more than ${minBytes} (blank page?)`);
	assert.ok(buffer.length <= maxBytes, `${file}: ${buffer.length} bytes, expected at most ${maxBytes}`);
	return { file, bytes: buffer.length };
}

module.exports = { launch, openEditor, screenshot };
