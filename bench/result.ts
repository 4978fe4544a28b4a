/** Options, summaries and JSON result files shared by the in-process benchmarks. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function option(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

export interface Summary {
	median: number;
	min: number;
	max: number;
	runs: number[];
}

export function summary(values: number[]): Summary {
	const sorted = [...values].sort((a, b) => a - b);
	return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1], runs: values };
}

/** Writes bench/results/<name>.json (the build runs from .bench-build/bench, results stay in bench/). */
export function writeResult(name: string, data: object): void {
	const dir = path.resolve(__dirname, '..', '..', 'bench', 'results');
	fs.mkdirSync(dir, { recursive: true });
	const machine = { cpus: os.cpus().length, loadAverage: os.loadavg(), node: process.version, at: new Date().toISOString() };
	const file = path.join(dir, `${name}.json`);
	fs.writeFileSync(file, `${JSON.stringify({ machine, ...data }, null, 2)}\n`);
	console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
