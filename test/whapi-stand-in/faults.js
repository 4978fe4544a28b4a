/**
 * Faults the stand-in injects instead of (or after) serving a call: queued ones (`failNext`) for
 * tests that need one exact failure, and seeded random ones (`randomFaults`) for fault campaigns.
 *
 * A random draw depends only on the seed, the call (kind, method, path, applicant or page) and how
 * many times that same call was made before: a campaign replays the same faults for the same calls
 * whatever order concurrent executions make them in.
 */
'use strict';

const { createHash } = require('node:crypto');
const { APPLICATIONS_PATH, errorAnswer } = require('./spec');

const isDecision = (call) => APPLICATIONS_PATH.test(call.path) && ['POST', 'DELETE'].includes(call.method);

/** The kind of Whapi call, as `randomFaults` rates name them. */
function callKind(call) {
	if (isDecision(call)) return 'decision';
	if (APPLICATIONS_PATH.test(call.path)) return 'list';
	if (call.path === '/settings') return 'settings';
	if (call.path === '/groups' || call.path.startsWith('/groups/')) return 'groups';
	if (call.path === '/health') return 'health';
	if (call.path.startsWith('/messages/')) return 'messages';
	return 'other';
}

/** A number in [0, 1) from the seed and the parts, the same on every run. */
function draw(seed, ...parts) {
	const digest = createHash('sha256').update(JSON.stringify([seed, ...parts])).digest();
	return digest.readUInt32BE(0) / 2 ** 32;
}

class FaultQueue {
	constructor() {
		this.queued = [];
		this.random = undefined;
		this.seen = new Map();
		/** How many faults were injected, by label (`fault.label`, or a name derived from the fault). */
		this.injected = {};
	}

	/** The next n calls matching fault.path (RegExp or source) and fault.method get the fault. */
	add(n, fault) {
		const path = typeof fault.path === 'string' ? new RegExp(fault.path) : fault.path;
		this.queued.push({ ...fault, path, remaining: n });
	}

	/** Random faults: `{seed, rates: {decision: 0.2, ...}, mix: [{weight, ...fault}]}`; undefined stops them. */
	setRandom(plan) {
		this.random = plan && { seed: plan.seed ?? 1, rates: plan.rates ?? {}, mix: plan.mix ?? [] };
		this.seen.clear();
	}

	/** The fault for this call, if any: a queued one first, else a random draw. Counts what it returns. */
	take(call) {
		const fault = this.takeQueued(call) ?? this.takeRandom(call);
		if (fault) {
			const label = fault.label ?? faultLabel(fault);
			this.injected[label] = (this.injected[label] ?? 0) + 1;
		}
		return fault;
	}

	takeQueued(call) {
		const fault = this.queued.find(
			(f) =>
				(!f.path || f.path.test(call.path)) &&
				(!f.method || f.method.toUpperCase() === call.method) &&
				(!f.successFalse || isDecision(call)),
		);
		if (!fault) return undefined;
		if (--fault.remaining <= 0) this.queued.splice(this.queued.indexOf(fault), 1);
		return fault;
	}

	takeRandom(call) {
		if (!this.random) return undefined;
		const { seed, rates, mix } = this.random;
		const kind = callKind(call);
		const rate = rates[kind] ?? 0;
		if (!(rate > 0) || mix.length === 0) return undefined;
		const key = [kind, call.method, call.path, call.body?.application ?? call.query.offset ?? ''].join(' ');
		const nth = (this.seen.get(key) ?? 0) + 1;
		this.seen.set(key, nth);
		if (draw(seed, key, nth, 'hit') >= rate) return undefined;
		const total = mix.reduce((sum, f) => sum + (f.weight ?? 1), 0);
		let pick = draw(seed, key, nth, 'pick') * total;
		return mix.find((f) => (pick -= f.weight ?? 1) < 0) ?? mix[mix.length - 1];
	}
}

function faultLabel(fault) {
	if (fault.lostAnswer !== undefined) return `lost-answer-${fault.lostAnswer}`;
	if ('body' in fault) return 'body';
	if (fault.status) return String(fault.status) + (fault.status === 429 && fault.retryAfter === null ? '-no-retry-after' : '');
	if (fault.reset) return 'reset';
	if (fault.hang) return 'hang';
	if (fault.successFalse) return 'success-false';
	if (fault.noEffect) return 'no-effect';
	return 'delay';
}

/**
 * A fault's `[status, body, headers?]` when it answers instead of serving, or undefined when the
 * call is to be served (delay only, `lostAnswer`, `noEffect`) or not answered at all (`reset`, `hang`).
 */
function faultAnswer(fault, call) {
	if (fault.lostAnswer !== undefined || fault.noEffect || fault.reset || fault.hang) return undefined;
	if (fault.status === 429) {
		const retryAfter = fault.retryAfter === null ? {} : { 'Retry-After': String(fault.retryAfter ?? 1) };
		return [...errorAnswer(429, fault.message), retryAfter];
	}
	if ('body' in fault) return [fault.status ?? 200, fault.body];
	if (fault.status) return errorAnswer(fault.status, fault.message);
	if (fault.successFalse) {
		return [200, [{ chatId: call.body?.application, success: false, error: fault.error ?? 'Unknown error' }]];
	}
	return undefined;
}

module.exports = { FaultQueue, faultAnswer, callKind };
