'use strict';
/**
 * For Stryker runs only (stryker.config.mjs): the unit test files, loaded by this one file, each
 * inside a describe named by its path so that its hooks stay its own. Jest gives every test file
 * a fresh module registry, and loading n8n-core and n8n-workflow into it is most of the cost of
 * a mutant: with every test skipped, the 38 files took 15.8 s as files of their own and 4.3 s
 * loaded here. A mutant run loads only the files holding a test that covers the mutant
 * (jest-circus-covering-files.js hands over their names).
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { ROOT, together } = require('./unit-test-files');

/** Full names of the tests this run is to run; undefined: all. */
const covering = globalThis.__strykerCoveringTests;

for (const file of together()) {
	if (covering !== undefined && !covering.some((name) => name.startsWith(`${file} `))) continue;
	// Stryker's incremental run sees only this file, which does not change when a test does; the
	// digest of the test file in the test names makes every test of an edited file a new test,
	// so the mutants it covers are tested again rather than their old results reused.
	const digest = crypto.createHash('sha256').update(fs.readFileSync(path.join(ROOT, file))).digest('hex').slice(0, 12);
	describe(`${file} ${digest}`, () => {
		require(path.join(ROOT, file));
	});
}
