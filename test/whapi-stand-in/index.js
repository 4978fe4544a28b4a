/**
 * Whapi stand-in: a fake of the Whapi.Cloud gate (https://gate.whapi.cloud), limited to what
 * join-request moderation touches: /health, /groups, /groups/{GroupID}/applications and /settings,
 * the group's join-approval setting and invite link, @lid ⇄ phone lookups,
 * /messages/text (the templates' admin notice), plus delivery of `groups.put` webhook events with
 * Whapi's retries. It follows /work/shared/WHAPI.md and the OpenAPI spec 1.8.7 and refuses what the
 * spec refuses; where Whapi's answer is unknown, `options` lets a test pick each plausible one.
 *
 * One channel (one token, one WhatsApp number) per stand-in. It listens on 127.0.0.1 and records
 * every request so tests can assert on what the nodes sent, and keeps its own ledger of the
 * decisions that took effect (`applied`), which stays true when an answer is lost. Faults
 * (`failNext`, `randomFaults`, `latency`, `setLoggedOut`) exercise retries, timeouts and error mapping.
 *
 * Files: spec.js (the spec's rules), answers.js (Whapi's answer shapes), routes.js (dispatch and small
 * endpoints), applications.js (the queue), settings.js, group-settings.js (join approval, invite
 * link), contacts.js (@lid ⇄ phone), faults.js, delivery.js (webhook delivery loop), wire.js (HTTP plumbing).
 * Standard library only: it is loaded by jest (ts-jest), by plain-Node e2e scripts and by the demo.
 */
'use strict';

const http = require('node:http');
const fs = require('node:fs');
const { randomBytes } = require('node:crypto');
const { EventEmitter, once } = require('node:events');
const spec = require('./spec');
const { FaultQueue, faultAnswer } = require('./faults');
const { DeliveryLoop } = require('./delivery');
const { route } = require('./routes');
const groupSettings = require('./group-settings');
const contacts = require('./contacts');
const { readBody, parseBody, post } = require('./wire');

const { errorAnswer, clone, nowSeconds, toChatId } = spec;

/** The answers where Whapi's own is unknown; each default is the stand-in's historic answer. */
const DEFAULT_OPTIONS = {
	listKey: 'chatId',
	bareArray: false,
	/** DELETE /groups/{id}/invite also answers the new `invite_code` (the spec: only `success`). */
	revokeCarriesCode: false,
	notPendingAs: 'success-false',
	pageLimit: 0,
	omitTotal: false,
	listIdentity: 'as-queued',
	maskHeaders: false,
	settingsWithoutWebhooks: false,
	ignoreOffset: false,
};

/**
 * A running stand-in. Emits 'call' with each recorded call once it has been answered, and
 * 'delivery' with each webhook delivery attempt `{id, url, attempt, status, body, error?}`.
 */
class WhapiStandIn extends EventEmitter {
	constructor({ token, channelId, phone, delivery, stateFile }) {
		super();
		this.token = token;
		this.channelId = channelId;
		/** The channel's own WhatsApp number (bare digits, as Whapi's ContactID). */
		this.phone = phone;
		/** Every request, in the order it was answered (or reset). */
		this.calls = [];
		/** Text messages sent through POST /messages/text: [{id, to, chatId, body, timestamp}]. */
		this.messages = [];
		/** Decisions that took effect: [{groupId, applicant, decision, via, at}], whatever was answered. */
		this.applied = [];
		/** Users WhatsApp shows as an @lid, by lid (contacts.js): one person under two chat IDs. */
		this.contacts = new Map();
		this.options = { ...DEFAULT_OPTIONS };
		this.baseUrl = '';
		this.startedAt = nowSeconds();
		this.loggedOut = false;
		this.latencyMs = 0;
		this.jitterMs = 0;
		this.groups = new Map();
		this.faults = new FaultQueue();
		this.timers = new Set();
		this.hanging = new Set();
		this.stateFile = stateFile;
		this.settings = {
			callback_backoff_delay_ms: 3000,
			max_callback_backoff_delay_ms: 900000,
			callback_persist: true,
			media: { auto_download: ['image', 'document'], init_avatars: false },
			webhooks: [],
			proxy: '',
			offline_mode: false,
			full_history: false,
		};
		this.delivery = new DeliveryLoop(() => this.settings, delivery, (attempt) => this.emit('delivery', attempt));
		this.server = http.createServer((req, res) => this.handle(req, res));
		// The e2e secret check (test/e2e/secrets.js) learns of every stand-in, and so of its token.
		WhapiStandIn.tracker?.(this);
	}

	async listen(port) {
		this.server.listen(port, '127.0.0.1');
		await once(this.server, 'listening');
		this.baseUrl = `http://127.0.0.1:${this.server.address().port}`;
	}

	/**
	 * Stops listening, stops delivering and drops open connections, so a test run ends without open
	 * handles. With a `stateFile`, writes the channel's state there first (see `snapshot`).
	 */
	async close() {
		const undelivered = this.delivery.stop();
		if (this.stateFile) fs.writeFileSync(this.stateFile, JSON.stringify(this.snapshot(undelivered)));
		for (const timer of this.timers) clearTimeout(timer);
		for (const release of this.hanging) release();
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server.close(() => resolve()));
	}

	/**
	 * What survives a restart of the channel: settings, groups, queues, contacts and the ledger,
	 * plus the undelivered events when `callback_persist` is on (Whapi keeps them on disk then).
	 */
	snapshot(undelivered = [...this.delivery.pending.values()]) {
		return {
			settings: clone(this.settings),
			groups: clone([...this.groups.values()]),
			contacts: [...this.contacts.values()].map(clone),
			applied: clone(this.applied),
			deliveries: this.settings.callback_persist ? clone(undelivered) : [],
		};
	}

	restore(state) {
		this.settings = clone(state.settings);
		for (const group of state.groups) this.groups.set(group.id, group);
		this.contacts = new Map(state.contacts.map((c) => [c.lid, c]));
		this.applied = clone(state.applied);
		this.delivery.resume(state.deliveries);
	}

	/** Adds a group the channel belongs to; returns the live record, which a test may change. */
	addGroup({ id, name, admin = true, approvalRequired = true }) {
		if (!spec.GROUP_ID.test(id)) throw new Error(`stand-in: malformed group id ${id}`);
		const group = { id, name, admin, approvalRequired, queue: [], members: [] };
		this.groups.set(id, group);
		return group;
	}

	/**
	 * Queues a join request; does nothing when the applicant (by either chat ID of a contact) is already pending.
	 * Returns its chat ID.
	 */
	addPending(groupId, applicant, { requestMethod = 'invite_link', timestamp = nowSeconds() } = {}) {
		const group = this.groups.get(groupId);
		if (!group) throw new Error(`stand-in: unknown group ${groupId}`);
		if (!group.approvalRequired) throw new Error(`stand-in: group ${groupId} does not require approval: no queue`);
		const chatId = toChatId(applicant);
		if (!chatId) throw new Error(`stand-in: malformed applicant ${applicant}`);
		if (!group.queue.some((a) => this.sameApplicant(a.chatId, chatId))) group.queue.push({ chatId, requestMethod, timestamp });
		return chatId;
	}

	/** Chat IDs still pending in a group, oldest first. */
	pending(groupId) {
		return (this.groups.get(groupId)?.queue ?? []).map((a) => a.chatId);
	}

	/** Registers a user WhatsApp shows as an @lid and what Whapi answers about it (contacts.js). */
	addContact(contact) {
		return contacts.addContact.call(this, contact);
	}

	/** A group's current invite code, made on first use as WhatsApp does. */
	inviteCode(groupId) {
		return groupSettings.inviteCodeOf(this.groups.get(groupId));
	}

	/** The other chat ID of a person registered with `addContact`, if any. */
	otherIdentity(chatId) {
		const [digits, suffix] = chatId.split('@');
		if (suffix === 'lid') {
			const contact = this.contacts.get(chatId);
			return contact && `${contact.phone}@s.whatsapp.net`;
		}
		const contact = [...this.contacts.values()].find((c) => c.phone === digits);
		return contact?.lid;
	}

	/** Whether two chat IDs name one person (the same ID, or the two IDs of one contact). */
	sameApplicant(a, b) {
		return a === b || this.otherIdentity(a) === b;
	}

	/**
	 * Per applicant of a group (or of every group), the decisions that took effect:
	 * `{ '<chat ID as queued>': { accepted, rejected } }`. The authoritative count: it ignores what the
	 * answers said, so a decision whose answer was lost still counts, and a refused one does not.
	 */
	tally(groupId) {
		const counts = {};
		for (const entry of this.applied) {
			if (groupId && entry.groupId !== groupId) continue;
			counts[entry.applicant] ??= { accepted: 0, rejected: 0 };
			counts[entry.applicant][entry.decision]++;
		}
		return counts;
	}

	/**
	 * Accept/reject calls read back from `calls`, with what Whapi did for each: a call whose answer
	 * was lost (`lostAnswer`) still took effect, so its outcome is that effect.
	 */
	get decisions() {
		return this.calls.flatMap((call) => {
			const groupId = spec.groupIdIn(call.path);
			const applicant = call.body?.application;
			const valid = typeof applicant === 'string' && spec.CHAT_ID.test(applicant);
			if (!groupId || !['POST', 'DELETE'].includes(call.method) || !valid) return [];
			const served = call.effect ?? call.response;
			const answer = Array.isArray(served) ? served[0] : undefined;
			const refusal = answer?.error ?? served?.error?.message;
			const outcome = answer?.success === true ? 'done' : refusal === spec.NOT_PENDING ? 'not_pending' : 'failed';
			const decision = call.method === 'POST' ? 'accepted' : 'rejected';
			return [{ groupId, applicant, decision, outcome }];
		});
	}

	/** Webhook delivery counts: `{attempts, delivered, pending}`. */
	get deliveries() {
		return this.delivery.stats;
	}

	/** Resolves once every queued webhook event got its 200; rejects after timeoutMs. */
	deliveriesDrained(timeoutMs) {
		return this.delivery.drained(timeoutMs);
	}

	/** /health calls that left out wakeup=false; on the real gate each would start the channel. */
	get wakeups() {
		return this.calls.filter((c) => c.path === '/health' && c.query.wakeup !== 'false').length;
	}

	/** The channel's webhook entries (live, never masked); assigning replaces the whole list, e.g. to seed foreign entries. */
	get webhooks() {
		return this.settings.webhooks;
	}

	set webhooks(list) {
		this.settings.webhooks = clone(list);
	}

	/** Logged out: /health reports QR and every other authenticated call answers 401. */
	setLoggedOut(loggedOut = true) {
		this.loggedOut = loggedOut;
	}

	/** Makes the next n calls matching fault.path (RegExp or source) and fault.method meet the fault. */
	failNext(n, fault) {
		this.faults.add(n, fault);
	}

	/**
	 * Random faults for a campaign: `{seed, rates: {decision, list, settings, groups, health, messages,
	 * other}, mix: [{weight, label?, ...fault}]}`; `null` stops them. `faultCounts` says what was injected.
	 */
	randomFaults(plan) {
		this.faults.setRandom(plan);
	}

	/** How many faults were injected, by label. */
	get faultCounts() {
		return { ...this.faults.injected };
	}

	/**
	 * Delay added before every answer: `ms`, or with `jitterMs` a delay drawn evenly from
	 * [ms − jitterMs, ms + jitterMs] (never below 0) for each call, as a real network varies.
	 */
	latency(ms, jitterMs = 0) {
		this.latencyMs = ms;
		this.jitterMs = jitterMs;
	}

	/** This call's latency. */
	drawLatency() {
		if (!this.jitterMs) return this.latencyMs;
		return Math.max(0, this.latencyMs + (Math.random() * 2 - 1) * this.jitterMs);
	}

	/** Resolves with the first recorded call, past or future, that matches; rejects after timeoutMs. */
	waitForCall(predicate = () => true, timeoutMs = 5000) {
		const seen = this.calls.find(predicate);
		if (seen) return Promise.resolve(seen);
		return new Promise((resolve, reject) => {
			const onCall = (call) => {
				if (!predicate(call)) return;
				clearTimeout(timer);
				this.off('call', onCall);
				resolve(call);
			};
			const timer = setTimeout(() => {
				this.off('call', onCall);
				reject(new Error(`stand-in: no matching call within ${timeoutMs} ms`));
			}, timeoutMs);
			this.on('call', onCall);
		});
	}

	/**
	 * Sends a groups.put event to every webhook entry subscribed to it, the way Whapi does (retried
	 * until 200), and keeps the queue in step with it (a request joins it, a revoked or rejected one
	 * leaves it). `copies: 2` delivers the same event twice, as Whapi may. Resolves with the first
	 * attempt of each delivery.
	 */
	async emitGroupsPut({ groupId, participants, action = 'request', envelopeKey = 'event', copies = 1 }) {
		if (!spec.GROUP_ID.test(groupId)) throw new Error(`stand-in: malformed group id ${groupId}`);
		const odd = participants.find((p) => typeof p !== 'string' || !spec.EVENT_PARTICIPANT.test(p));
		if (odd !== undefined) throw new Error(`stand-in: Whapi sends participants as digits or <digits>@lid, not ${odd}`);
		const group = this.groups.get(groupId);
		for (const applicant of participants) {
			if (action === 'request' && group?.approvalRequired) this.addPending(groupId, applicant);
			if ((action === 'revoke_request' || action === 'rejected_request') && group) {
				group.queue = group.queue.filter((a) => !this.sameApplicant(a.chatId, toChatId(applicant)));
			}
		}
		const body = {
			groups_participants: [{ group_id: groupId, participants, action }],
			event: { type: 'groups', [envelopeKey]: 'put' },
			channel_id: this.channelId,
		};
		const targets = this.settings.webhooks.filter((entry) =>
			(entry.events ?? []).some((e) => e.type === 'groups' && e.method === 'put'),
		);
		const sends = targets.flatMap((entry) => {
			// mode "path" appends the event to the URL and mode "method" uses the event's verb.
			const url = entry.mode === 'path' ? `${entry.url.replace(/\/$/, '')}/groups/put` : entry.url;
			const method = entry.mode === 'method' ? 'PUT' : 'POST';
			return Array.from({ length: copies }, () => this.delivery.send({ url, method, headers: entry.headers, body }));
		});
		return Promise.all(sends);
	}

	/** One bare POST of JSON to a URL, outside the delivery loop; never rejects (status 0 and `error`). */
	deliver(url, body, headers = {}, method = 'POST') {
		return post(url, body, headers, method);
	}

	async handle(req, res) {
		const url = new URL(req.url, 'http://stand-in');
		const call = {
			method: req.method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: { ...req.headers },
			body: undefined,
			status: 0,
			response: undefined,
		};
		// 'received' now and 'call' once answered or reset: what a benchmark needs to count calls in flight.
		this.emit('received', call);
		try {
			call.body = parseBody(await readBody(req));
			const fault = this.faults.take(call);
			const delayMs = this.drawLatency() + (fault?.delayMs ?? 0);
			if (delayMs) await this.sleep(delayMs);
			if (fault?.reset || fault?.hang) return await this.drop(req, call, fault);
			const faulty = fault && faultAnswer(fault, call);
			if (faulty) return this.answer(res, call, ...faulty);
			const served = fault?.noEffect ? this.withoutEffect(() => route(this, call)) : route(this, call);
			if (fault?.lostAnswer === undefined) return this.answer(res, call, ...served);
			// It took effect; the caller never learns it.
			call.effect = served[1];
			if (typeof fault.lostAnswer === 'number') return this.answer(res, call, ...errorAnswer(fault.lostAnswer));
			return await this.drop(req, call, { hang: fault.lostAnswer === 'hang', hangMs: fault.hangMs });
		} catch (error) {
			this.answer(res, call, ...errorAnswer(500, 'Internal server error', String(error?.stack ?? error)));
		}
	}

	/**
	 * Resets the connection, or with `hang` holds it unanswered until the caller gives up (or hangMs).
	 * The call is recorded (status 0) at once: what it did has happened by then.
	 */
	async drop(req, call, { hang, hangMs = 120000 }) {
		this.record(call);
		if (hang) {
			await new Promise((resolve) => {
				const release = () => {
					this.hanging.delete(release);
					clearTimeout(timer);
					resolve();
				};
				const timer = setTimeout(release, hangMs);
				this.hanging.add(release);
				req.socket.once('close', release);
			});
		}
		req.socket.destroy();
	}

	/** Serves a call whose effect does not stick: the state is put back as it was. */
	withoutEffect(serve) {
		const settings = clone(this.settings);
		const queues = [...this.groups.values()].map((g) => [g, clone(g.queue), clone(g.members)]);
		const applied = this.applied.length;
		const served = serve();
		this.settings = settings;
		for (const [group, queue, members] of queues) Object.assign(group, { queue, members });
		this.applied.length = applied;
		return served;
	}

	answer(res, call, status, payload, headers = {}) {
		const text = payload === undefined ? '' : JSON.stringify(payload);
		const length = Buffer.byteLength(text);
		res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': length, ...headers });
		res.end(text);
		call.status = status;
		call.response = payload;
		this.record(call);
	}

	record(call) {
		this.calls.push(call);
		this.emit('call', call);
	}

	sleep(ms) {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}
}

/**
 * Starts a stand-in on 127.0.0.1.
 * @param {{ token?: string, channelId?: string, phone?: string, port?: number,
 *   delivery?: { scale?: number, timeoutMs?: number, concurrency?: number, redeliver?: boolean },
 *   stateFile?: string, state?: object }} [options]
 *   token defaults to a random one; port 0 (the default) picks a free port. `stateFile` is read at
 *   start when it exists and written by `close()`; `state` restores a `snapshot()` directly.
 * @returns {Promise<WhapiStandIn>}
 */
async function startWhapiStandIn(options = {}) {
	const {
		token = randomBytes(16).toString('hex'),
		channelId = 'MANTIS-M72HC',
		phone = '15550009999',
		port = 0,
		delivery,
		stateFile,
	} = options;
	const standIn = new WhapiStandIn({ token, channelId, phone, delivery, stateFile });
	await standIn.listen(port);
	const state = options.state ?? (stateFile && fs.existsSync(stateFile) ? JSON.parse(fs.readFileSync(stateFile, 'utf8')) : undefined);
	if (state) standIn.restore(state);
	return standIn;
}

module.exports = { startWhapiStandIn, WhapiStandIn, toChatId };
