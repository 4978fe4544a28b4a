#!/usr/bin/env node
/**
 * Mutation testing of the lines a change touched in nodes/ and credentials/, for CI
 * (`npm run test:mutation:changed`). A whole Stryker run over every file takes hours on a 2-core
 * machine (each mutant runs the jest tests covering it, through n8n-core), so CI mutates only the
 * source lines changed since MUTATION_BASE (default: the parent commit), with the project's
 * Stryker config and its `thresholds.break`: a change whose own lines' mutants survive fails.
 * The full run (`npm run test:mutation`) stays the maintainers' job.
 *
 * Prints the ranges it mutates, and those left out beyond MUTATION_MAX_LINES (default 150) changed
 * lines; with no changed source line it says so and succeeds.
 */
'use strict';

const { spawnSync, execFileSync } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const base = process.env.MUTATION_BASE || 'HEAD~1';
// Generated data, checked byte for byte against its generator (stryker.config.mjs).
const EXCLUDED = new Set(['nodes/shared/callingCodes.ts']);

function changedRanges() {
	const diff = execFileSync('git', ['diff', '--unified=0', '--no-color', base, '--', 'nodes', 'credentials'], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	const ranges = [];
	let file = null;
	for (const line of diff.split('\n')) {
		if (line.startsWith('+++ ')) {
			const name = line.slice(4);
			file = name === '/dev/null' ? null : name.replace(/^b\//, '');
			if (file && (!file.endsWith('.ts') || EXCLUDED.has(file))) file = null;
			continue;
		}
		const hunk = /^@@ -\S+ \+(\d+)(?:,(\d+))? @@/.exec(line);
		if (!hunk || !file) continue;
		const start = Number(hunk[1]);
		const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
		// A pure deletion adds no line to mutate.
		if (count > 0) ranges.push(`${file}:${start}-${start + count - 1}`);
	}
	return ranges;
}

function main() {
	const all = changedRanges();
	// Bounds CI's time: ~30 mutants per 20 lines cost ~5 min on a loaded 2-core machine.
	const maxLines = Number(process.env.MUTATION_MAX_LINES || 150);
	const ranges = [];
	let lines = 0;
	for (const range of all) {
		const [from, to] = range.slice(range.lastIndexOf(':') + 1).split('-').map(Number);
		if (lines + (to - from + 1) > maxLines) break;
		lines += to - from + 1;
		ranges.push(range);
	}
	if (ranges.length < all.length) {
		console.log(`mutation of changed lines: beyond MUTATION_MAX_LINES=${maxLines}, not mutated here:\n  ${all.slice(ranges.length).join('\n  ')}`);
	}
	if (ranges.length === 0) {
		console.log(`mutation of changed lines: no TypeScript line in nodes/ or credentials/ changed since ${base}`);
		return;
	}
	console.log(`mutation of changed lines since ${base}:\n  ${ranges.join('\n  ')}`);
	const started = Date.now();
	const result = spawnSync(
		process.execPath,
		[
			path.join(ROOT, 'node_modules/@stryker-mutator/core/bin/stryker.js'),
			'run',
			'stryker.config.mjs',
			'--mutate',
			ranges.join(','),
			// The committed incremental file describes whole-file runs: leave it alone.
			'--incrementalFile',
			path.join(os.tmpdir(), `stryker-changed-lines-${process.pid}.json`),
			'--reporters',
			'clear-text,progress-append-only,json',
		],
		{ cwd: ROOT, stdio: 'inherit' },
	);
	console.log(`mutation of changed lines: ${((Date.now() - started) / 1000).toFixed(0)} s, exit ${result.status}`);
	process.exitCode = result.status ?? 1;
}

main();
