'use strict';
// The channel token and the webhook secrets must never show in n8n's output items, errors,
// execution records or logs. This check runs in every process that drives a real n8n through
// ./n8n.js (the e2e suite, the fault campaign, the demo):
//   - every Whapi stand-in created in the process is tracked; its secrets are its token and every
//     value of a `*secret*` header it was ever given in a webhook entry (PATCH /settings, seeds);
//   - n8n.js hands over each instance's log (at dispose; a chunk dropped from the in-memory log
//     is scanned before it goes) and, for a main process, the raw JSON of every execution record
//     (GET /rest/executions/:id: run data with every output item and error, workflow snapshot);
//   - at exit (n8n.js calls report()) the process prints one line of figures, writes them to
//     <E2E_RESULTS_DIR or .e2e/results>/secrets-<file>-<pid>.json, and exits non-zero if any
//     secret was found (node's test runner then fails the file).
// `node test/e2e/secrets.js --summary [dir]` adds up the JSON files of a run, prints the totals and
// exits non-zero on any occurrence or if nothing was scanned.

const fs = require('node:fs');
const path = require('node:path');

const { WhapiStandIn } = require('../whapi-stand-in');

const RESULTS_DIR = process.env.E2E_RESULTS_DIR || path.join(__dirname, '..', '..', '.e2e', 'results');
// Shorter values would match by chance (a test's "k1" header); tokens and secrets are longer.
const MIN_LENGTH = 8;

const standIns = new Set();
const figures = { logs: 0, logBytes: 0, executionRecords: 0, byDesign: {}, unscanned: [], occurrences: [] };

WhapiStandIn.tracker = (standIn) => standIns.add(standIn);

function headerSecrets(entries, label, into) {
	for (const entry of Array.isArray(entries) ? entries : []) {
		const headers = entry && typeof entry.headers === 'object' && entry.headers ? entry.headers : {};
		for (const [name, value] of Object.entries(headers)) {
			if (/secret/i.test(name) && typeof value === 'string') into.set(value, `${label} ${name}`);
		}
	}
}

/** Every secret known so far: value -> what it is (never the value itself). */
function knownSecrets() {
	const secrets = new Map();
	let i = 0;
	for (const standIn of standIns) {
		i++;
		const label = `stand-in ${i}`;
		if (typeof standIn.token === 'string') secrets.set(standIn.token, `${label} channel token`);
		headerSecrets(standIn.settings?.webhooks, `${label} webhook header`, secrets);
		for (const call of standIn.calls ?? []) {
			if (call.path === '/settings') headerSecrets(call.body?.webhooks, `${label} webhook header`, secrets);
		}
	}
	for (const value of [...secrets.keys()]) if (value.length < MIN_LENGTH) secrets.delete(value);
	return secrets;
}

/** The forms a value takes in text: as is, and escaped once and twice inside JSON strings. */
function forms(value) {
	const once = JSON.stringify(value).slice(1, -1);
	return [...new Set([value, once, JSON.stringify(once).slice(1, -1)])];
}

/** Looks for every known secret in `text`; records each occurrence with its place, never the value. */
function scanText(text, where) {
	if (!text) return 0;
	let found = 0;
	for (const [value, what] of knownSecrets()) {
		for (const form of forms(value)) {
			let at = text.indexOf(form);
			while (at !== -1) {
				found++;
				const context = `${text.slice(Math.max(0, at - 60), at)}<${what}>${text.slice(at + form.length, at + form.length + 60)}`;
				figures.occurrences.push({ where, what, context: context.replace(/\s+/g, ' ') });
				at = text.indexOf(form, at + form.length);
			}
		}
	}
	return found;
}

/** A whole log (`part` false) or a chunk about to be dropped from one (`part` true). */
function scanLog(text, where, part = false) {
	if (!part) figures.logs++;
	figures.logBytes += Buffer.byteLength(text ?? '');
	scanText(text, where);
}

// n8n 1.x copies the whole workflow, its static data included, into every execution record; the
// trigger keeps only a digest of its secret there, so a record is scanned whole like any text.
function scanExecutionRecord(text, where) {
	const why = byDesign.get(workflowIdOf(text));
	if (why !== undefined) {
		figures.byDesign[why] = (figures.byDesign[why] ?? 0) + 1;
		return;
	}
	figures.executionRecords++;
	scanText(text, where);
}

/**
 * Workflows that hold a token on purpose, as a baseline for comparison (the benchmarks' naive flow
 * with the token typed into its HTTP Request node): their execution records are counted apart.
 */
const byDesign = new Map();
function exposedByDesign(workflowId, why) {
	byDesign.set(String(workflowId), why);
}

function workflowIdOf(text) {
	try {
		const record = JSON.parse(text);
		const id = (record.data ?? record).workflowId;
		return id === undefined ? undefined : String(id);
	} catch {
		return undefined;
	}
}

function unscanned(where, why) {
	figures.unscanned.push({ where, why });
}

function result() {
	return {
		file: path.basename(process.argv[1] ?? 'node'),
		secrets: knownSecrets().size,
		logs: figures.logs,
		logBytes: figures.logBytes,
		executionRecords: figures.executionRecords,
		unscanned: figures.unscanned,
		byDesign: figures.byDesign,
		occurrences: figures.occurrences,
	};
}

/** Prints the figures, writes them, and fails the process on any occurrence (n8n.js calls it at exit). */
function report() {
	if (figures.logs === 0 && figures.executionRecords === 0) return;
	const r = result();
	console.log(
		`[secrets] ${r.file}: ${r.secrets} secrets searched in ${r.logs} n8n logs (${(r.logBytes / 1e6).toFixed(1)} MB) and ${r.executionRecords} execution records: ${r.occurrences.length} occurrences`,
	);
	for (const u of r.unscanned) console.log(`[secrets] not scanned: ${u.where} (${u.why})`);
	for (const [why, count] of Object.entries(r.byDesign)) console.log(`[secrets] not counted: ${count} execution records of a workflow that ${why}`);
	for (const o of r.occurrences.slice(0, 20)) console.error(`[secrets] LEAK in ${o.where}: ${o.context}`);
	try {
		fs.mkdirSync(RESULTS_DIR, { recursive: true });
		fs.writeFileSync(path.join(RESULTS_DIR, `secrets-${r.file}-${process.pid}.json`), JSON.stringify(r, null, 2));
	} catch (error) {
		console.error(`[secrets] could not write the result: ${error.message}`);
	}
	if (r.occurrences.length > 0) process.exitCode = 1;
}

/** Totals of every secrets-*.json in `dir`. */
function summarize(dir = RESULTS_DIR) {
	const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^secrets-.*\.json$/.test(f)) : [];
	const total = { processes: files.length, secrets: 0, logs: 0, logBytes: 0, executionRecords: 0, unscanned: 0, occurrences: [] };
	for (const f of files) {
		const r = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
		total.secrets += r.secrets;
		total.logs += r.logs;
		total.logBytes += r.logBytes;
		total.executionRecords += r.executionRecords;
		total.unscanned += r.unscanned.length;
		total.occurrences.push(...r.occurrences);
	}
	return total;
}

if (require.main === module && process.argv[2] === '--summary') {
	const total = summarize(process.argv[3]);
	console.log(
		`secrets: ${total.secrets} secrets of ${total.processes} processes searched in ${total.logs} n8n logs (${(total.logBytes / 1e6).toFixed(1)} MB) and ${total.executionRecords} execution records: ${total.occurrences.length} occurrences${total.unscanned ? `; ${total.unscanned} not scanned` : ''}`,
	);
	process.exitCode = total.occurrences.length > 0 || total.logs === 0 ? 1 : 0;
}

module.exports = { report, scanLog, scanExecutionRecord, scanText, unscanned, exposedByDesign, knownSecrets, summarize, RESULTS_DIR };
