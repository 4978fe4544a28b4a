/**
 * Whapi stand-in: a fake of the Whapi.Cloud gate (https://gate.whapi.cloud), limited to what
 * join-request moderation touches: /health, /groups, /groups/{GroupID}/applications and /settings,
 * the group's join-approval setting and invite link (group-settings.js), @lid ⇄ phone (contacts.js),
 * /messages/text (the templates' admin notice), plus delivery of `groups.put` webhook events. It follows /work/shared/WHAPI.md and the
 * OpenAPI spec 1.8.7; where those leave a shape unverified, `options` lets a test pick it.
 *
 * One channel (one token, one WhatsApp number) per stand-in. It listens on 127.0.0.1 and records
 * every request so tests can assert on what the nodes sent. Faults (`failNext`, `latency`,
 * `setLoggedOut`) exercise retries, timeouts and error mapping.
 *
 * Standard library only: it is loaded by jest (ts-jest), by plain-Node e2e scripts and by the demo.
 */
'use strict';

const http = require('node:http');
const { randomBytes } = require('node:crypto');
const { EventEmitter, once } = require('node:events');
const { GROUP_ID, GROUP_ID_RULE, errorAnswer, badRequest, isObject } = require('./answers');
const groupSettings = require('./group-settings');
const contacts = require('./contacts');

// How the stand-in's own helpers (addPending, events) take an applicant: digits or a chat ID.
const APPLICANT = /^\d{5,31}(@[\w.]+)?$/;
// What the spec (ApplicationRequest.application, ChatID) lets a decision carry: a full chat ID.
const APPLICATION = /^[\d-]{10,31}@[\w.]{1,}$/;
// The spec's Sender.to: a phone number or a chat ID (contact, group, channel).
const RECIPIENT = /^[\d-]{9,31}(@[\w.]+)?$/;
const APPLICATIONS_PATH = /^\/groups\/([^/]+)\/applications$/;
const NOT_PENDING = 'Application not found';
const PAGING_RULE = 'count must be 1–500 and offset >= 0';
const WEBHOOK_MODES = ['body', 'path', 'method'];
const EVENT_METHODS = ['post', 'put', 'delete', 'patch'];
const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The GroupID from an applications path, decoded; a malformed escape stays as is and fails validation. */
function groupIdIn(path) {
	const match = APPLICATIONS_PATH.exec(path);
	if (!match) return undefined;
	try {
		return decodeURIComponent(match[1]);
	} catch {
		return match[1];
	}
}

/** '15550100000' -> '15550100000@s.whatsapp.net'; a full chat ID (@s.whatsapp.net, @lid) as it is. */
function toChatId(applicant) {
	if (typeof applicant !== 'string' || !APPLICANT.test(applicant)) return undefined;
	return applicant.includes('@') ? applicant : `${applicant}@s.whatsapp.net`;
}

/** count/offset as Whapi validates them: count 1–500 (default 100), offset >= 0. */
function paging(query) {
	const count = query.count ? Number(query.count) : 100;
	const offset = query.offset ? Number(query.offset) : 0;
	const valid = Number.isInteger(count) && count >= 1 && count <= 500;
	return valid && Number.isInteger(offset) && offset >= 0 ? { count, offset } : undefined;
}

/** Why a `webhooks` array would be refused, or undefined when it is acceptable. */
function webhooksProblem(webhooks) {
	if (!Array.isArray(webhooks)) return 'webhooks must be an array';
	for (const [i, entry] of webhooks.entries()) {
		const { url, mode = 'body', events = [], headers = {} } = isObject(entry) ? entry : {};
		if (typeof url !== 'string' || !url) return `webhooks[${i}].url is required`;
		if (!WEBHOOK_MODES.includes(mode)) return `webhooks[${i}].mode is invalid`;
		const isEvent = (e) => isObject(e) && typeof e.type === 'string' && EVENT_METHODS.includes(e.method);
		if (!Array.isArray(events) || !events.every(isEvent)) return `webhooks[${i}].events is invalid`;
		const isHeaders = isObject(headers) && Object.values(headers).every((v) => typeof v === 'string');
		if (!isHeaders) return `webhooks[${i}].headers is invalid`;
		if (Object.keys(headers).length > 5) return `webhooks[${i}].headers: at most 5 headers`;
	}
	return undefined;
}

/** Fills in the spec's defaults, as Whapi stores an entry that left them out. */
const withWebhookDefaults = (entry) => ({
	mode: 'body',
	events: [{ type: 'messages', method: 'put' }],
	...clone(entry),
});

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function parseBody(raw) {
	if (raw === '') return undefined;
	try {
		return JSON.parse(raw);
	} catch {
		return raw;
	}
}

/** A running stand-in. Emits 'call' with each recorded call once it has been answered. */
class WhapiStandIn extends EventEmitter {
	constructor({ token, channelId, phone }) {
		super();
		this.token = token;
		this.channelId = channelId;
		/** The channel's own WhatsApp number (bare digits, as Whapi's ContactID). */
		this.phone = phone;
		/** Every request, in the order it was answered (or reset). */
		this.calls = [];
		/** Text messages sent through POST /messages/text: [{id, to, chatId, body, timestamp}]. */
		this.messages = [];
		/** Shapes WHAPI.md marks unverified: the applications list key, and a bare-array answer. */
		this.options = { listKey: 'chatId', bareArray: false };
		/** `revokeCarriesCode`: DELETE /groups/{id}/invite also answers the new `invite_code` (the spec: only `success`). */
		this.options.revokeCarriesCode = false;
		/** Users WhatsApp shows as an @lid, by lid: see contacts.js. */
		this.contacts = new Map();
		this.baseUrl = '';
		this.startedAt = nowSeconds();
		this.loggedOut = false;
		this.latencyMs = 0;
		this.groups = new Map();
		this.faults = [];
		this.timers = new Set();
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
		this.server = http.createServer((req, res) => this.handle(req, res));
	}

	async listen(port) {
		this.server.listen(port, '127.0.0.1');
		await once(this.server, 'listening');
		this.baseUrl = `http://127.0.0.1:${this.server.address().port}`;
	}

	/** Stops listening and drops open connections, so a test run ends without open handles. */
	async close() {
		for (const timer of this.timers) clearTimeout(timer);
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server.close(() => resolve()));
	}

	/** Adds a group the channel belongs to; returns the live record, which a test may change. */
	addGroup({ id, name, admin = true, approvalRequired = true }) {
		if (!GROUP_ID.test(id)) throw new Error(`stand-in: malformed group id ${id}`);
		const group = { id, name, admin, approvalRequired, queue: [], members: [] };
		this.groups.set(id, group);
		return group;
	}

	/** Queues a join request; does nothing when the applicant is already pending. Returns its chat ID. */
	addPending(groupId, applicant, { requestMethod = 'invite_link', timestamp = nowSeconds() } = {}) {
		const group = this.groups.get(groupId);
		if (!group) throw new Error(`stand-in: unknown group ${groupId}`);
		if (!group.approvalRequired) throw new Error(`stand-in: group ${groupId} does not require approval: no queue`);
		const chatId = toChatId(applicant);
		if (!chatId) throw new Error(`stand-in: malformed applicant ${applicant}`);
		if (!group.queue.some((a) => a.chatId === chatId)) group.queue.push({ chatId, requestMethod, timestamp });
		return chatId;
	}

	/** Registers a user WhatsApp shows as an @lid and what Whapi answers about it (contacts.js). */
	addContact(contact) {
		return contacts.addContact.call(this, contact);
	}

	/** A group's current invite code, made on first use as WhatsApp does. */
	inviteCode(groupId) {
		return groupSettings.inviteCodeOf(this.groups.get(groupId));
	}

	/** Chat IDs still pending in a group, oldest first. */
	pending(groupId) {
		return (this.groups.get(groupId)?.queue ?? []).map((a) => a.chatId);
	}

	/** Accept/reject calls read back from `calls`, so they cannot drift from what was answered. */
	get decisions() {
		return this.calls.flatMap((call) => {
			const groupId = groupIdIn(call.path);
			const applicant = toChatId(call.body?.application);
			if (!groupId || !['POST', 'DELETE'].includes(call.method) || !applicant) return [];
			// A call whose answer was lost still took effect: its effect is what Whapi did.
			const served = call.effect ?? call.response;
			const answer = Array.isArray(served) ? served[0] : undefined;
			const outcome =
				answer?.success === true ? 'done' : answer?.error === NOT_PENDING ? 'not_pending' : 'failed';
			const decision = call.method === 'POST' ? 'accepted' : 'rejected';
			return [{ groupId, applicant, decision, outcome }];
		});
	}

	/** /health calls that left out wakeup=false; on the real gate each would start the channel. */
	get wakeups() {
		return this.calls.filter((c) => c.path === '/health' && c.query.wakeup !== 'false').length;
	}

	/** The channel's webhook entries (live); assigning replaces the whole list, e.g. to seed foreign entries. */
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

	/**
	 * Makes the next n calls matching fault.path (RegExp or source) and fault.method fail with the fault:
	 * { status, retryAfter?, message? } | { reset: true } | { delayMs }
	 * | { successFalse: true, error? } (accept/reject calls only)
	 * | { lostAnswer: 502 (any status) | 'reset' | 'hang' } (served, then the answer is lost).
	 */
	failNext(n, fault) {
		const path = typeof fault.path === 'string' ? new RegExp(fault.path) : fault.path;
		this.faults.push({ ...fault, path, remaining: n });
	}

	/** Delay added before every answer. */
	latency(ms) {
		this.latencyMs = ms;
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
	 * Sends a groups.put event to every webhook entry subscribed to it, the way Whapi does, and keeps
	 * the queue in step with it (a request joins it, a revoked or rejected one leaves it).
	 */
	async emitGroupsPut({ groupId, participants, action = 'request', envelopeKey = 'event' }) {
		const group = this.groups.get(groupId);
		for (const applicant of participants) {
			if (action === 'request' && group?.approvalRequired) this.addPending(groupId, applicant);
			if ((action === 'revoke_request' || action === 'rejected_request') && group) {
				group.queue = group.queue.filter((a) => a.chatId !== toChatId(applicant));
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
		return Promise.all(
			targets.map((entry) => {
				// mode "path" appends the event to the URL and mode "method" uses the event's verb.
				const url = entry.mode === 'path' ? `${entry.url.replace(/\/$/, '')}/groups/put` : entry.url;
				return this.deliver(url, body, entry.headers, entry.mode === 'method' ? 'PUT' : 'POST');
			}),
		);
	}

	/** Posts JSON to a URL; never rejects: a network error resolves with status 0 and `error`. */
	deliver(url, body, headers = {}, method = 'POST') {
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		return new Promise((resolve) => {
			const req = http.request(url, {
				method,
				agent: false,
				headers: { 'Content-Type': 'application/json', ...headers, 'Content-Length': Buffer.byteLength(text) },
			});
			req.setTimeout(10000, () => req.destroy(new Error('delivery timed out')));
			req.on('response', async (res) => resolve({ url, status: res.statusCode, body: await readBody(res) }));
			req.on('error', (error) => resolve({ url, status: 0, body: '', error: error.message }));
			req.end(text);
		});
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
		try {
			call.body = parseBody(await readBody(req));
			const fault = this.takeFault(call);
			const delayMs = this.latencyMs + (fault?.delayMs ?? 0);
			if (delayMs) await this.sleep(delayMs);
			if (fault?.reset) {
				req.socket.destroy();
				return this.record(call);
			}
			if (fault?.lostAnswer !== undefined) return this.loseAnswer(req, res, call, fault.lostAnswer);
			const [status, payload, headers] = fault ? this.faultAnswer(fault, call) : this.route(call);
			this.answer(res, call, status, payload, headers);
		} catch (error) {
			this.answer(res, call, ...errorAnswer(500, 'Internal server error', String(error?.stack ?? error)));
		}
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

	/** Takes one use of the first queued fault that applies to this call. */
	takeFault(call) {
		const isDecision = APPLICATIONS_PATH.test(call.path) && ['POST', 'DELETE'].includes(call.method);
		const fault = this.faults.find(
			(f) =>
				(!f.path || f.path.test(call.path)) &&
				(!f.method || f.method.toUpperCase() === call.method) &&
				(!f.successFalse || isDecision),
		);
		if (!fault) return undefined;
		if (--fault.remaining <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
		return fault;
	}

	/**
	 * Serves the call, so it takes effect, then loses the answer on the way back: a 502 from a
	 * proxy, a reset connection, or no answer at all until the client gives up (`'hang'`).
	 */
	loseAnswer(req, res, call, how) {
		call.effect = this.route(call)[1];
		if (how === 'reset') req.socket.destroy();
		if (how === 'reset' || how === 'hang') return this.record(call);
		const [status, payload] = errorAnswer(how);
		return this.answer(res, call, status, payload);
	}

	/** A fault's answer; a delay-only fault is served normally. */
	faultAnswer(fault, call) {
		if (fault.status === 429) {
			return [...errorAnswer(429, fault.message), { 'Retry-After': String(fault.retryAfter ?? 1) }];
		}
		if (fault.status) return errorAnswer(fault.status, fault.message);
		if (fault.successFalse) {
			const chatId = toChatId(call.body?.application) ?? call.body?.application;
			return [200, [{ chatId, success: false, error: fault.error ?? 'Unknown error' }]];
		}
		return this.route(call);
	}

	route(call) {
		const bearer = /^Bearer\s+(.+)$/i.exec(call.headers.authorization ?? '');
		if (!bearer || bearer[1] !== this.token) return errorAnswer(404, 'Channel not found');
		const { method, path } = call;
		if (method === 'GET' && path === '/health') return [200, this.health()];
		if (this.loggedOut) return errorAnswer(401);
		if (method === 'GET' && path === '/settings') return [200, clone(this.settings)];
		if (method === 'PATCH' && path === '/settings') return this.patchSettings(call.body);
		if (method === 'GET' && path === '/groups') return this.listGroups(call.query);
		if (method === 'POST' && path === '/messages/text') return this.sendText(call.body);
		const identityOrGroup = groupSettings.route(this, call) ?? contacts.route(this, call);
		if (identityOrGroup) return identityOrGroup;
		const groupId = groupIdIn(path);
		if (groupId && ['GET', 'POST', 'DELETE'].includes(method)) return this.applications(groupId, call);
		return errorAnswer(404, 'Not found', `${method} ${path}`);
	}

	health() {
		const status = this.loggedOut ? { code: 3, text: 'QR' } : { code: 4, text: 'AUTH' };
		return {
			channel_id: this.channelId,
			start_at: this.startedAt,
			uptime: nowSeconds() - this.startedAt,
			version: '1.8.7-stand-in',
			status,
			...(this.loggedOut ? {} : { user: { id: this.phone, name: 'Stand-in channel', is_business: false } }),
		};
	}

	listGroups(query) {
		const page = paging(query);
		if (!page) return badRequest(PAGING_RULE);
		const all = [...this.groups.values()];
		const groups = all.slice(page.offset, page.offset + page.count).map((group) => {
			// Participant IDs are bare digits (ContactID in the spec, and Whapi's own examples).
			const participants = [
				{ id: this.phone, rank: group.admin ? 'admin' : 'member' },
				...group.members.map((id) => ({ id, rank: 'member' })),
			];
			const { id, name } = group;
			return { id, name, type: 'group', timestamp: this.startedAt, participants, participants_count: participants.length };
		});
		return [200, { groups, count: groups.length, total: all.length, offset: page.offset }];
	}

	/** Validates as the gate does (parameters, then the group, then admin rights) before serving. */
	applications(groupId, { method, query, body }) {
		if (!GROUP_ID.test(groupId)) return badRequest(GROUP_ID_RULE);
		const page = method === 'GET' ? paging(query) : undefined;
		const applicant = method === 'GET' || !APPLICATION.test(body?.application) ? undefined : toChatId(body.application);
		if (method === 'GET' && !page) return badRequest(PAGING_RULE);
		if (method !== 'GET' && !applicant) return badRequest('body must be {"application":"<ChatID>"}');
		const group = this.groups.get(groupId);
		if (!group) return errorAnswer(404, 'Group not found');
		if (!group.admin) return errorAnswer(403);
		return page ? this.listApplications(group, page) : this.decide(group, applicant, method === 'POST');
	}

	listApplications(group, { count, offset }) {
		const applications = group.queue.slice(offset, offset + count).map((a) => ({
			[this.options.listKey]: a.chatId,
			request_method: a.requestMethod,
			timestamp: a.timestamp,
		}));
		if (this.options.bareArray) return [200, applications];
		return [200, { applications, count: applications.length, total: group.queue.length, offset }];
	}

	decide(group, applicant, accept) {
		const index = group.queue.findIndex((a) => a.chatId === applicant);
		if (index < 0) return [200, [{ chatId: applicant, success: false, error: NOT_PENDING }]];
		group.queue.splice(index, 1);
		if (accept) group.members.push(applicant.split('@')[0]);
		return [200, [{ chatId: applicant, success: true }]];
	}

	/** Records the message and answers like Whapi's sendMessageText: `{sent: true, message}`. */
	sendText(body) {
		const { to, body: text } = isObject(body) ? body : {};
		if (typeof to !== 'string' || !RECIPIENT.test(to)) return badRequest('to must be a phone number or a chat ID');
		if (typeof text !== 'string' || text === '') return badRequest('body must be a non-empty string');
		const chatId = to.includes('@') ? to : `${to}@s.whatsapp.net`;
		const timestamp = nowSeconds();
		const id = `${randomBytes(8).toString('hex')}-${randomBytes(4).toString('hex')}`;
		this.messages.push({ id, to, chatId, body: text, timestamp });
		const message = {
			id,
			from_me: true,
			type: 'text',
			chat_id: chatId,
			timestamp,
			source: 'api',
			status: 'pending',
			text: { body: text },
			from: this.phone,
		};
		return [200, { sent: true, message }];
	}

	patchSettings(body) {
		if (!isObject(body)) return errorAnswer(400, 'Wrong settings format', 'body must be a JSON object');
		if ('webhooks' in body) {
			const problem = webhooksProblem(body.webhooks);
			if (problem) return errorAnswer(400, 'Wrong settings format', problem);
		}
		const before = clone(this.settings);
		// Only the fields sent change, and `webhooks` is replaced whole, never merged entry by entry.
		for (const key of Object.keys(body)) {
			if (key === 'webhooks') this.settings.webhooks = body.webhooks.map(withWebhookDefaults);
			else if (key in this.settings) this.settings[key] = clone(body[key]);
		}
		const changed = (key) => JSON.stringify(before[key]) !== JSON.stringify(this.settings[key]);
		const changes = Object.keys(before).filter(changed);
		return [200, { before_update: before, after_update: clone(this.settings), changes }];
	}
}

/**
 * Starts a stand-in on 127.0.0.1.
 * @param {{ token?: string, channelId?: string, phone?: string, port?: number }} [options]
 *   token defaults to a random one; port 0 (the default) picks a free port.
 * @returns {Promise<WhapiStandIn>}
 */
async function startWhapiStandIn(options = {}) {
	const {
		token = randomBytes(16).toString('hex'),
		channelId = 'MANTIS-M72HC',
		phone = '15550009999',
		port = 0,
	} = options;
	const standIn = new WhapiStandIn({ token, channelId, phone });
	await standIn.listen(port);
	return standIn;
}

module.exports = { startWhapiStandIn, WhapiStandIn, toChatId };
