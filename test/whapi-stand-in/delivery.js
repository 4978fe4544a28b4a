/**
 * Webhook delivery the way Whapi describes it: an event is POSTed to each subscribed entry and
 * retried until the receiver answers HTTP 200, waiting `callback_backoff_delay_ms` more after each
 * failure, capped by `max_callback_backoff_delay_ms` (both read live from the channel settings),
 * both multiplied by `scale` so that tests wait milliseconds instead of minutes. With
 * `callback_persist`, the undelivered events survive a stand-in restart (see `snapshot`).
 */
'use strict';

const { randomBytes } = require('node:crypto');
const { post } = require('./wire');

class DeliveryLoop {
	/**
	 * @param {() => object} settings the channel settings, read at every retry
	 * @param {{scale?: number, timeoutMs?: number, concurrency?: number, redeliver?: boolean}} options
	 * @param {(attempt: object) => void} [onAttempt] told of every attempt: `{id, url, attempt, status, body, error?}`
	 */
	constructor(settings, { scale = 1, timeoutMs = 10000, concurrency = 16, redeliver = true } = {}, onAttempt = () => {}) {
		this.settings = settings;
		this.onAttempt = onAttempt;
		this.scale = scale;
		this.timeoutMs = timeoutMs;
		this.concurrency = concurrency;
		this.redeliver = redeliver;
		/** Undelivered events: [{id, url, method, headers, body, attempts, firstAt}]. */
		this.pending = new Map();
		this.timers = new Set();
		this.inFlight = 0;
		this.waiting = [];
		this.stopped = false;
		/** Every POST tried, every one answered 200. */
		this.attempts = 0;
		this.delivered = 0;
		this.idle = [];
	}

	get stats() {
		return { attempts: this.attempts, delivered: this.delivered, pending: this.pending.size };
	}

	/** Queues one event for one entry; resolves with the first attempt's result. */
	send({ url, method = 'POST', headers = {}, body }) {
		const event = { id: randomBytes(8).toString('hex'), url, method, headers, body, attempts: 0, firstAt: Date.now() };
		this.pending.set(event.id, event);
		return this.attempt(event);
	}

	/** Takes back events a previous stand-in left undelivered, and retries them at once. */
	resume(events) {
		for (const event of events) {
			this.pending.set(event.id, { ...event });
			this.schedule(event, 0);
		}
	}

	async attempt(event) {
		await this.slot();
		let result;
		try {
			if (this.stopped) return { url: event.url, status: 0, body: '', error: 'stand-in stopped' };
			this.attempts++;
			event.attempts++;
			result = await post(event.url, event.body, event.headers, event.method, this.timeoutMs);
		} finally {
			this.release();
		}
		this.onAttempt({ id: event.id, attempt: event.attempts, ...result });
		if (result.status === 200) {
			this.delivered++;
			this.pending.delete(event.id);
			this.checkIdle();
		} else if (!this.redeliver) {
			this.pending.delete(event.id);
			this.checkIdle();
		} else if (!this.stopped) {
			this.schedule(event, this.backoffMs(event.attempts));
		}
		return result;
	}

	/** The wait after an event's n-th failed attempt: linear in n, capped, scaled. */
	backoffMs(failures) {
		const { callback_backoff_delay_ms: step = 3000, max_callback_backoff_delay_ms: cap = 900000 } = this.settings();
		return Math.min(step * failures, cap) * this.scale;
	}

	schedule(event, delayMs) {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			void this.attempt(event);
		}, delayMs);
		this.timers.add(timer);
	}

	slot() {
		if (this.inFlight < this.concurrency) {
			this.inFlight++;
			return Promise.resolve();
		}
		return new Promise((resolve) => this.waiting.push(resolve));
	}

	release() {
		const next = this.waiting.shift();
		if (next) next();
		else this.inFlight--;
	}

	/** Resolves once nothing is left to deliver; rejects after timeoutMs. */
	drained(timeoutMs = 60000) {
		if (this.pending.size === 0) return Promise.resolve();
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.idle = this.idle.filter((w) => w !== waiter);
				reject(new Error(`stand-in: ${this.pending.size} deliveries still pending after ${timeoutMs} ms`));
			}, timeoutMs);
			const waiter = () => {
				clearTimeout(timer);
				resolve();
			};
			this.idle.push(waiter);
		});
	}

	checkIdle() {
		if (this.pending.size > 0) return;
		for (const waiter of this.idle.splice(0)) waiter();
	}

	/** Stops retrying; returns the undelivered events so a restarted stand-in can resume them. */
	stop() {
		this.stopped = true;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		for (const resolve of this.waiting.splice(0)) resolve();
		return [...this.pending.values()].map((event) => ({ ...event }));
	}
}

module.exports = { DeliveryLoop };
