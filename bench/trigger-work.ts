/**
 * The trigger's own work per event, in-process: parse the body Whapi sent, authenticate the
 * secret header, filter by event and group, and split into one item per applicant — over
 * realistic and worst-case bodies. The baseline, measured in the same run, is what a bare
 * trigger does: parse the body and wrap it as one item. Beside it, the least a trigger that
 * emits one item per applicant must do: parse, and one item per participant of each entry,
 * with no check at all (for the bodies where every participant is an applicant to emit). And
 * "body parsed": our work without the parse, on bodies parsed before the clock starts, which is
 * what webhook() does in n8n (n8n parses the body first, for every trigger alike).
 * Target: under 50 µs per event.
 *
 *   npm run bench:trigger-work [-- --rounds 7]
 */
import { participantEvents } from '../nodes/WhapiJoinRequestsTrigger/events';
import { matchesStored, newSecret, secretDigest } from '../nodes/WhapiJoinRequestsTrigger/webhookEntry';
import { option, summary, writeResult } from './result';

const ROUNDS = option('rounds', 7);
const TARGET_US = 50;
const WATCHED = '120363000000000001@g.us';

const group = (n: number) => `1203630000000${String(n).padStart(5, '0')}@g.us`;
const phone = (n: number) => `1555${String(1000000 + n).padStart(7, '0')}`;
const body = (entries: unknown[], event = { type: 'groups', event: 'put' }) =>
	JSON.stringify({ groups_participants: entries, event, channel_id: 'MANTIS-M72HC' });

const CASES: Array<{ name: string; raw: string; items: number }> = [
	{ name: 'realistic: one request, one phone', raw: body([{ group_id: WATCHED, participants: [phone(1)], action: 'request' }]), items: 1 },
	{
		name: 'realistic: @lid applicant, spec envelope',
		raw: body([{ group_id: WATCHED, participants: ['271828182845904@lid'], action: 'request' }], { type: 'groups', method: 'put' } as never),
		items: 1,
	},
	{ name: 'realistic: unwatched group (filtered out)', raw: body([{ group_id: group(7), participants: [phone(2)], action: 'request' }]), items: 0 },
	{ name: 'realistic: member added (event not watched)', raw: body([{ group_id: WATCHED, participants: [phone(3)], action: 'add' }]), items: 0 },
	{
		name: 'burst: 20 requests in one call',
		raw: body([{ group_id: WATCHED, participants: Array.from({ length: 20 }, (_, i) => phone(i)), action: 'request' }]),
		items: 20,
	},
	{
		name: 'burst: 256 requests in one call',
		raw: body([{ group_id: WATCHED, participants: Array.from({ length: 256 }, (_, i) => phone(i)), action: 'request' }]),
		items: 256,
	},
	{
		name: 'worst case: 100 entries × 1,024 participants, none watched',
		raw: body(Array.from({ length: 100 }, (_, g) => ({ group_id: group(g + 10), participants: Array.from({ length: 1024 }, (_, i) => phone(i)), action: 'request' }))),
		items: 0,
	},
	{
		name: 'worst case: 1,024 requests in one call (a full group)',
		raw: body([{ group_id: WATCHED, participants: Array.from({ length: 1024 }, (_, i) => phone(i)), action: 'request' }]),
		items: 1024,
	},
	{
		name: 'worst case: 1,024 duplicates and malformed ids',
		raw: body([{ group_id: WATCHED, participants: Array.from({ length: 1024 }, (_, i) => (i % 2 ? phone(1) : `x${i}`)), action: 'request' }]),
		items: 1,
	},
];

function perEventUs(work: () => void, iterations: number): number {
	const started = process.hrtime.bigint();
	for (let i = 0; i < iterations; i++) work();
	return Number(process.hrtime.bigint() - started) / 1e3 / iterations;
}

/** Like perEventUs, over bodies parsed before the clock starts. */
function perParsedEventUs(work: (parsed: unknown) => void, raw: string, iterations: number): number {
	const bodies: unknown[] = Array.from({ length: iterations }, () => JSON.parse(raw));
	let next = 0;
	return perEventUs(() => work(bodies[next++]), iterations);
}

function main() {
	const header = newSecret();
	const stored = secretDigest(header);
	const filter = { actions: new Set(['request']), groups: new Set([WATCHED]) };
	const receivedAt = new Date().toISOString();
	const results: Record<string, unknown> = {};
	let worstRealistic = 0;
	console.log(`Trigger work per event, median of ${ROUNDS} rounds (min–max); baseline = parse + wrap as one item`);
	for (const c of CASES) {
		// In n8n the body reaches webhook() parsed (n8n parses it first, for every trigger alike):
		// "body parsed" times this alone, on bodies parsed before the clock starts, each one fresh.
		const fromParsed = (parsed: unknown) => {
			if (!matchesStored(stored, header)) throw new Error('secret');
			const events = participantEvents(parsed, filter, receivedAt);
			if (events.length !== c.items) throw new Error(`${c.name}: ${events.length} items, expected ${c.items}`);
			events.map((json) => ({ json }));
		};
		const ours = () => fromParsed(JSON.parse(c.raw));
		const baseline = () => [{ json: JSON.parse(c.raw) as unknown }];
		// Only where every participant is an applicant to emit (more than one item): see above.
		const splits = c.items > 1;
		const leastSplit = () => {
			const parsed = JSON.parse(c.raw) as { groups_participants: Array<{ group_id: string; participants: string[]; action: string }>; channel_id: string };
			const items = [];
			for (const { group_id: groupId, participants, action } of parsed.groups_participants) {
				for (const applicant of participants) items.push({ json: { groupId, applicant, action, channelId: parsed.channel_id, receivedAt } });
			}
			return items;
		};
		const iterations = Math.max(20, Math.round(2e6 / c.raw.length));
		for (let i = 0; i < iterations; i++) {
			ours();
			baseline();
			if (splits) leastSplit();
		}
		const a: number[] = [];
		const parsed: number[] = [];
		const b: number[] = [];
		const least: number[] = [];
		const ratios: number[] = [];
		for (let r = 0; r < ROUNDS; r++) {
			const x = perEventUs(ours, iterations);
			parsed.push(perParsedEventUs(fromParsed, c.raw, iterations));
			const y = perEventUs(baseline, iterations);
			a.push(x);
			b.push(y);
			if (splits) least.push(perEventUs(leastSplit, iterations));
			ratios.push(x / y);
		}
		const s = summary(a);
		const perItem = splits ? s.median / c.items : undefined;
		if (c.name.startsWith('realistic')) worstRealistic = Math.max(worstRealistic, s.median);
		results[c.name] = { bytes: c.raw.length, items: c.items, oursUs: s, oursFromParsedBodyUs: summary(parsed), baselineUs: summary(b), leastSplitUs: splits ? summary(least) : undefined, ratio: summary(ratios), perItemUs: perItem };
		const line = `${s.median.toFixed(2)} µs (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
		console.log(
			`  ${c.name.padEnd(58)} ${String(c.raw.length).padStart(8)} B  ${line.padEnd(26)} body parsed ${summary(parsed).median.toFixed(2)} µs  baseline ${summary(b).median.toFixed(2)} µs  ×${summary(ratios).median.toFixed(2)}${splits ? `  least split ${summary(least).median.toFixed(2)} µs` : ''}${perItem === undefined ? '' : `  ${perItem.toFixed(2)} µs/item`}`,
		);
	}
	console.log(`  realistic events: worst median ${worstRealistic.toFixed(2)} µs against the ${TARGET_US} µs target: ${worstRealistic < TARGET_US ? 'met' : 'MISSED'}`);
	writeResult('trigger-work', { targetUs: TARGET_US, rounds: ROUNDS, worstRealisticUs: worstRealistic, cases: results });
}

main();
