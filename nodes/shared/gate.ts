/**
 * How fast one execution may call Whapi. Every call of the execution passes through one gate:
 * at most `concurrency` calls in flight, starts spaced to stay under `maxPerSecond` when set,
 * and a pause that holds every call back after a 429, not just the one that received it.
 * Waits use n8n's `sleep`; waiting for a free slot needs no timer at all.
 */

import { sleep } from 'n8n-workflow';

export interface GateLimits {
	/** Calls in flight at once; 1 makes the execution strictly sequential. */
	concurrency: number;
	/** Call starts per second, spread evenly; undefined or 0 for no pacing. */
	maxPerSecond?: number;
}

export class RequestGate {
	private active = 0;
	private readonly queue: Array<() => void> = [];
	private nextStart = 0;
	private pausedUntil = 0;

	constructor(
		readonly limits: GateLimits,
		private readonly now: () => number = Date.now,
	) {}

	/** Runs `call` once a slot is free, the pause (if any) is over and pacing allows it. */
	async run<T>(call: () => Promise<T>): Promise<T> {
		await this.enter();
		try {
			await this.waitForTurn();
			return await call();
		} finally {
			this.leave();
		}
	}

	/** Holds back every call of the execution for `ms` from now (Whapi asked us to slow down). */
	pause(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
	}

	private async enter(): Promise<void> {
		if (this.active < this.limits.concurrency) {
			this.active++;
			return;
		}
		// The slot is handed over by leave(), so `active` stays counted for us.
		await new Promise<void>((resolve) => this.queue.push(resolve));
	}

	private leave(): void {
		const next = this.queue.shift();
		if (next) next();
		else this.active--;
	}

	private async waitForTurn(): Promise<void> {
		for (;;) {
			const now = this.now();
			if (now < this.pausedUntil) {
				await sleep(this.pausedUntil - now);
				continue;
			}
			const rate = this.limits.maxPerSecond;
			// Unset or 0: no pacing (the options refuse a negative rate).
			if (!rate) return;
			const start = Math.max(now, this.nextStart);
			this.nextStart = start + 1000 / rate;
			if (start > now) await sleep(start - now);
			// A 429 may have arrived while we waited for our start: honour it too.
			if (this.now() >= this.pausedUntil) return;
		}
	}
}
