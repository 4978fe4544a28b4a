/**
 * How fast one execution may call Whapi. Every call of the execution passes through one gate:
 * at most `concurrency` calls in flight, starts spaced to stay under `maxPerSecond` when set,
 * and a pause that holds every call back after a 429, not just the one that received it.
 * Once an item has failed the execution, calls of later items are no longer let through.
 * Waits use n8n's `sleep`; waiting for a free slot needs no timer at all.
 */

import { sleep } from 'n8n-workflow';

export interface GateLimits {
	/** Calls in flight at once; 1 makes the execution strictly sequential. */
	concurrency: number;
	/** Call starts per second, spread evenly; undefined or 0 for no pacing. */
	maxPerSecond?: number;
}

/** Thrown instead of starting a call of an item after the one that failed the execution. */
export class CallStopped extends Error {
	constructor(readonly itemIndex: number) {
		super(`Not sent: an earlier item failed, so item ${itemIndex} was stopped`);
	}
}

export class RequestGate {
	private active = 0;
	private lastItem = Infinity;
	private readonly queue: Array<() => void> = [];
	private nextStart = 0;
	private pausedUntil = 0;

	constructor(
		readonly limits: GateLimits,
		private readonly now: () => number = Date.now,
	) {}

	/**
	 * Runs `call` for item `itemIndex` once a slot is free, the pause (if any) is over and pacing
	 * allows it; throws CallStopped instead when an earlier item has failed the execution.
	 */
	async run<T>(call: () => Promise<T>, itemIndex = 0): Promise<T> {
		await this.enter();
		try {
			await this.waitForTurn();
			if (itemIndex > this.lastItem) throw new CallStopped(itemIndex);
			return await call();
		} finally {
			this.leave();
		}
	}

	/** Lets no call of an item after `itemIndex` start from now on: that item failed the execution. */
	stopAfter(itemIndex: number): void {
		this.lastItem = Math.min(this.lastItem, itemIndex);
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
