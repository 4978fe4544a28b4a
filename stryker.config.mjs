// Mutation testing of the shipped code (`npm run test:mutation`). Stryker makes small deliberate
// bugs in nodes/ and credentials/, one at a time, and runs the jest tests that cover each; a
// mutant no test notices "survives". The incremental file lets a later run re-test only the
// mutants whose code or covering tests changed; a run with a partial --mutate rewrites it with
// that run's files only. CI mutates the changed lines only (test/mutation/changed-lines.js).
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { separate } = createRequire(import.meta.url)('./test/mutation/unit-test-files.js');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	packageManager: 'npm',
	testRunner: 'jest',
	// The framework wrapper skips, without loading them, the test files that hold none of the tests
	// covering a mutant (test/mutation/jest-circus-covering-files.js): the same tests run, much faster.
	jest: {
		configFile: 'jest.config.js',
		enableFindRelatedTests: false,
		config: {
			testRunner: '<rootDir>/test/mutation/jest-circus-covering-files.js',
			// The unit tests, most of them loaded by one file so that a mutant loads n8n-core once
			// (test/mutation/all-unit-tests.js). Not the stand-in's own tests: they check the test
			// server, not nodes/ (and its delivery-loop timings are meaningless on a busy machine).
			testMatch: ['<rootDir>/test/mutation/all-unit-tests.js', ...separate().map((file) => `<rootDir>/${file}`)],
			testPathIgnorePatterns: ['/node_modules/'],
		},
	},
	coverageAnalysis: 'perTest',
	checkers: ['typescript'],
	tsconfigFile: 'tsconfig.json',
	typescriptChecker: { prioritizePerformanceOverAccuracy: true },
	// callingCodes.ts is a generated data table (scripts/generate-phone-lengths.mjs), checked
	// byte for byte against its generator by test/nodes/shared/phones.test.ts: instrumenting it
	// would fail that check, and its entries are data, tested through phones.ts against
	// libphonenumber's example number of every country.
	mutate: ['nodes/**/*.ts', 'credentials/**/*.ts', '!nodes/shared/callingCodes.ts'],
	ignoreStatic: true,
	// Our jest transform does not type-check (isolated modules), and the committed phone table must
	// stay byte-identical to what its generator makes: no @ts-nocheck headers in the sandbox.
	disableTypeChecks: false,
	// Equivalent mutants, each named with the reason no test can kill it: test/mutation/equivalent-mutants.mjs.
	plugins: ['@stryker-mutator/*', './test/mutation/equivalent-mutants.mjs'],
	ignorers: ['equivalent-mutants'],
	incremental: true,
	incrementalFile: 'test/mutation/stryker-incremental.json',
	thresholds: { high: 90, low: 85, break: 85 },
	reporters: ['clear-text', 'progress', 'json'],
	jsonReporter: { fileName: 'reports/mutation/mutation.json' },
	concurrency: 2,
	timeoutMS: 3000,
	// Outside the project: n8n's strict lint would lint the sandboxes' copies of nodes/, and its
	// ESLint config may not be changed to ignore them.
	tempDirName: join(tmpdir(), 'stryker-n8n-nodes-whapi-join-requests'),
	cleanTempDir: 'always',
};
