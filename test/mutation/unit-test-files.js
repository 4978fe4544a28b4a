'use strict';
/**
 * The unit test files Stryker runs (stryker.config.mjs): those of test/ but the end-to-end,
 * release, UI and stand-in suites. Most are loaded together by all-unit-tests.js; a file that
 * mocks a module for its whole registry (jest.mock) would mock it for the others too, so it
 * runs as a file of its own.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const LEFT_OUT = /^test\/(e2e|release|ui|whapi-stand-in|mutation)\//;

function testFiles(dir = 'test') {
	return fs
		.readdirSync(path.join(ROOT, dir), { withFileTypes: true })
		.sort((a, b) => a.name.localeCompare(b.name))
		.flatMap((entry) => {
			const file = `${dir}/${entry.name}`;
			if (entry.isDirectory()) return testFiles(file);
			return /\.test\.[jt]s$/.test(entry.name) && !LEFT_OUT.test(file) ? [file] : [];
		});
}

const mocksModules = (file) => /\bjest\.mock\(/.test(fs.readFileSync(path.join(ROOT, file), 'utf8'));

module.exports = {
	ROOT,
	/** Loaded together, by all-unit-tests.js. */
	together: () => testFiles().filter((file) => !mocksModules(file)),
	/** Run as files of their own. */
	separate: () => testFiles().filter(mocksModules),
};
