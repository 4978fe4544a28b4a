'use strict';
/**
 * Jest's test framework (jest-circus, wrapped; Stryker recognises it by that name) for Stryker runs only (stryker.config.mjs, `jest.config.testRunner`).
 * Stryker runs each mutant with a test name pattern listing the tests that cover it, and jest
 * would still load every test file (n8n-core and all) only to skip its tests: that made a mutant
 * cost ~20 s. The initial run of all tests records each file's test names; a mutant run then
 * skips, without loading it, a file none of whose recorded names the pattern matches. Jest
 * matches the pattern against the same full names, so the same tests run either way; a file with
 * no record (or a run without a pattern) runs as usual.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { createEmptyTestResult } = require('@jest/test-result');
const circus = require('jest-circus/runner');

function recordOf(config, testPath) {
	const name = crypto.createHash('sha256').update(testPath).digest('hex').slice(0, 24);
	return path.join(config.rootDir, '.stryker-test-names', `${name}.json`);
}

/** What jest reports for a file whose tests the pattern all filters out: each test skipped. */
function skippedFile(testPath, names) {
	const testResults = names.map((name) => ({
		ancestorTitles: [],
		duration: null,
		failureDetails: [],
		failureMessages: [],
		fullName: name,
		location: null,
		numPassingAsserts: 0,
		status: 'pending',
		title: name,
	}));
	return { ...createEmptyTestResult(), numPendingTests: names.length, skipped: true, testFilePath: testPath, testResults };
}

module.exports = async function coveringFilesOnly(globalConfig, config, environment, runtime, testPath, sendMessageToJest) {
	const record = recordOf(config, testPath);
	const pattern = globalConfig.testNamePattern;
	if (pattern && fs.existsSync(record)) {
		const matches = new RegExp(pattern, 'i');
		const names = JSON.parse(fs.readFileSync(record, 'utf8'));
		const covering = names.filter((name) => matches.test(name));
		if (covering.length === 0) return skippedFile(testPath, names);
		// all-unit-tests.js loads only the files that hold these.
		environment.global.__strykerCoveringTests = covering;
	}
	const result = await circus(globalConfig, config, environment, runtime, testPath, sendMessageToJest);
	if (!pattern) {
		fs.mkdirSync(path.dirname(record), { recursive: true });
		fs.writeFileSync(record, JSON.stringify(result.testResults.map((test) => test.fullName)));
	}
	return result;
};
