// Writes nodes/shared/callingCodes.ts: for every country calling code, the lengths a national
// number may have and the national trunk prefix, taken from libphonenumber's metadata (the
// libphonenumber-js dev dependency). Run after upgrading libphonenumber-js:
//   node scripts/generate-phone-lengths.mjs           (writes the file)
//   node scripts/generate-phone-lengths.mjs --stdout  (prints it; the test compares)
// The nodes read only the generated table, so the package keeps no runtime dependency.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');
const target = path.join(root, 'nodes/shared/callingCodes.ts');
const metadata = require('libphonenumber-js/metadata.max.json');
const { version } = JSON.parse(readFileSync(require.resolve('libphonenumber-js/package.json'), 'utf8'));

// Positions in a numbering plan of metadata format 4 (libphonenumber-js build/metadata.js).
const NATIONAL_NUMBER_PATTERN = 2;
const POSSIBLE_LENGTHS = 3;
const NATIONAL_PREFIX = 5;
const NATIONAL_PREFIX_FOR_PARSING = 7;
const TYPES = 11;
// Types a WhatsApp account can have: fixed line, mobile, VoIP (positions in TYPES).
const SUBSCRIBER_TYPES = [0, 1, 8];

/**
 * The digits a match of a libphonenumber national-number pattern can begin with. The patterns
 * use digits, \d, [classes], (?:groups), | and the quantifiers ?, {n} and {n,m}; anything else
 * throws, so a new construct in a future metadata version cannot slip through unnoticed.
 */
function firstDigits(pattern) {
	let at = 0;
	const all = () => new Set('0123456789');
	function alternation() {
		const result = { first: new Set(), nullable: false };
		for (;;) {
			const branch = sequence();
			branch.first.forEach((d) => result.first.add(d));
			result.nullable ||= branch.nullable;
			if (pattern[at] !== '|') return result;
			at++;
		}
	}
	function sequence() {
		const result = { first: new Set(), nullable: true };
		while (at < pattern.length && pattern[at] !== '|' && pattern[at] !== ')') {
			const item = quantified();
			if (result.nullable) item.first.forEach((d) => result.first.add(d));
			result.nullable &&= item.nullable;
		}
		return result;
	}
	function quantified() {
		const item = atom();
		if (pattern[at] === '?') {
			at++;
			return { first: item.first, nullable: true };
		}
		if (pattern[at] === '{') {
			const close = pattern.indexOf('}', at);
			const bounds = pattern.slice(at + 1, close);
			if (!/^\d+(,\d+)?$/.test(bounds)) throw new Error(`Unexpected quantifier {${bounds}} in ${pattern}`);
			at = close + 1;
			return { first: item.first, nullable: item.nullable || Number(bounds.split(',')[0]) === 0 };
		}
		return item;
	}
	function atom() {
		const char = pattern[at];
		if (/\d/.test(char)) {
			at++;
			return { first: new Set([char]), nullable: false };
		}
		if (pattern.startsWith('\\d', at)) {
			at += 2;
			return { first: all(), nullable: false };
		}
		if (char === '[') {
			const close = pattern.indexOf(']', at);
			const body = pattern.slice(at + 1, close);
			if (!/^(\d(-\d)?)+$/.test(body)) throw new Error(`Unexpected class [${body}] in ${pattern}`);
			const first = new Set();
			for (const [, from, to] of body.matchAll(/(\d)(?:-(\d))?/g)) {
				for (let d = Number(from); d <= Number(to ?? from); d++) first.add(String(d));
			}
			at = close + 1;
			return { first, nullable: false };
		}
		if (char === '(') {
			at += pattern.startsWith('(?:', at) ? 3 : 1;
			const inner = alternation();
			if (pattern[at] !== ')') throw new Error(`Unbalanced group in ${pattern}`);
			at++;
			return inner;
		}
		throw new Error(`Unexpected "${char}" at ${at} in ${pattern}`);
	}
	const result = alternation();
	if (at !== pattern.length) throw new Error(`Could not read ${pattern}`);
	return result.first;
}

/**
 * Patterns of the numbers a WhatsApp account can have. Service numbers (toll-free, premium) may
 * begin with the trunk digit in some countries (Japan's 00777…), but nobody joins a group from one.
 */
function subscriberPatterns(plan) {
	const types = Array.isArray(plan[TYPES]) ? plan[TYPES] : [];
	const patterns = SUBSCRIBER_TYPES.map((i) => types[i]).filter(Array.isArray).map((type) => type[0]);
	return patterns.length > 0 ? patterns : [plan[NATIONAL_NUMBER_PATTERN]];
}

/** `[4,5,6,7,9]` → `4-7,9`. */
function compactLengths(lengths) {
	const parts = [];
	for (let i = 0; i < lengths.length; i++) {
		let j = i;
		while (j + 1 < lengths.length && lengths[j + 1] === lengths[j] + 1) j++;
		parts.push(j > i ? `${lengths[i]}-${lengths[j]}` : String(lengths[i]));
		i = j;
	}
	return parts.join(',');
}

/**
 * The trunk prefixes people dial before a national number: the national prefix, and the other
 * plain digit strings libphonenumber strips when parsing (Belarus: `0|80?`, Lithuania: `[08]`).
 * Patterns with groups (carrier codes, area codes added to local numbers) are beyond a length
 * table; their countries keep only the national prefix. Longest first, so `80` wins over `8`.
 */
function trunkPrefixes(plan) {
	const prefixes = new Set(typeof plan[NATIONAL_PREFIX] === 'string' ? [plan[NATIONAL_PREFIX]] : []);
	const forParsing = plan[NATIONAL_PREFIX_FOR_PARSING];
	if (typeof forParsing === 'string' && /^[\d|?[\]]+$/.test(forParsing)) {
		for (const branch of forParsing.split('|')) {
			let variants = [''];
			for (const [, chars, optional] of branch.matchAll(/(\d|\[\d+\])(\?)?/g)) {
				const choices = chars.startsWith('[') ? [...chars.slice(1, -1)] : [chars];
				variants = variants.flatMap((v) => [...choices.map((c) => v + c), ...(optional ? [v] : [])]);
			}
			variants.filter((v) => v !== '').forEach((v) => prefixes.add(v));
		}
	}
	return [...prefixes].sort((a, b) => b.length - a.length || a.localeCompare(b));
}

/** One entry per calling code: `lengths`, then `/` and the trunk prefixes, each with `?` when numbers may begin with its digits too. */
function entries() {
	const plans = new Map();
	for (const [code, regions] of Object.entries(metadata.country_calling_codes)) {
		plans.set(code, regions.map((region) => metadata.countries[region]));
	}
	for (const [code, plan] of Object.entries(metadata.nonGeographic)) plans.set(code, [plan]);
	const result = [];
	for (const [code, regionPlans] of [...plans].sort(([a], [b]) => Number(a) - Number(b))) {
		const lengths = [...new Set(regionPlans.flatMap((plan) => plan[POSSIBLE_LENGTHS]))].sort((a, b) => a - b);
		// Regions sharing a calling code (GB, GG, IM, JE) may list different ones: keep those all dial.
		const trunks = regionPlans.map(trunkPrefixes).reduce((common, list) => common.filter((t) => list.includes(t)));
		let entry = compactLengths(lengths);
		if (trunks.length > 0) {
			const marked = trunks.map((trunk) => {
				const ambiguous = regionPlans.some((plan) => subscriberPatterns(plan).some((p) => firstDigits(p).has(trunk[0])));
				return `${trunk}${ambiguous ? '?' : ''}`;
			});
			entry += `/${marked.join(',')}`;
		}
		result.push([code, entry]);
	}
	return result;
}

function render() {
	const lines = [];
	let line = '';
	for (const [code, entry] of entries()) {
		const text = `${code}=${entry}`;
		if (line.length + text.length + 1 > 100) {
			lines.push(line.trimEnd());
			line = '';
		}
		line += `${text} `;
	}
	lines.push(line.trimEnd());
	// One text rather than an object literal: a hundred rows of `code: 'entry',` read as one
	// pattern repeated, and the table is data, not code.
	return `// Generated by scripts/generate-phone-lengths.mjs from libphonenumber-js ${version} metadata: do not edit.
/**
 * Country calling code, \`=\`, the lengths a national number may have (E.164, without the
 * calling code), then \`/\` and the national trunk prefixes dialled before a national number,
 * longest first; a \`?\` after one means some national numbers begin with those digits too, so
 * only the length can tell. Entries are separated by white space.
 */
export const CALLING_CODES = \`
${lines.join('\n')}
\`;
`;
}

const text = render();
if (process.argv.includes('--stdout')) process.stdout.write(text);
else writeFileSync(target, text);
