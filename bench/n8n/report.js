'use strict';
// Shared printing and result files of the real-n8n benchmarks.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { typeVersions } = require('./flows');

const OUT = path.join(__dirname, '..', 'results');

/** Command-line options (numbers as numbers) plus repeated `--env KEY=VALUE` for n8n. */
function options(defaults) {
	const spec = { env: { type: 'string', multiple: true, default: [] }, out: { type: 'string' } };
	for (const key of Object.keys(defaults)) spec[key] = { type: 'string' };
	const { values } = parseArgs({ options: spec });
	const result = { env: Object.fromEntries(values.env.map((kv) => kv.split(/=(.*)/s).slice(0, 2))), out: values.out };
	for (const [key, fallback] of Object.entries(defaults)) {
		result[key] = values[key] === undefined ? fallback : typeof fallback === 'number' ? Number(values[key]) : values[key];
	}
	return result;
}

/** The machine the figures come from, with its load at the start (other work skews them). */
function machine() {
	return {
		cpus: os.cpus().length,
		model: os.cpus()[0]?.model,
		loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
		node: process.version,
		at: new Date().toISOString(),
	};
}

function write(name, data) {
	fs.mkdirSync(OUT, { recursive: true });
	const file = path.join(OUT, `${name}.json`);
	fs.writeFileSync(file, `${JSON.stringify({ machine: machine(), typeVersions: typeVersions(), ...data }, null, 2)}\n`);
	console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));

/** "median (min–max)" */
const spread = (s, digits = 1) => `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;

module.exports = { options, machine, write, fmt, spread };
