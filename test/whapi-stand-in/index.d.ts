/// <reference types="node" />
import { EventEmitter } from 'node:events';

/** Options of {@link startWhapiStandIn}. */
export interface StandInOptions {
	/** The channel token expected as `Authorization: Bearer <token>`; random by default. */
	token?: string;
	/** Default `MANTIS-M72HC`. */
	channelId?: string;
	/** The channel's own WhatsApp number, bare digits; default `15550009999`. */
	phone?: string;
	/** Default 0: a free port. */
	port?: number;
	/** How webhook events are delivered (see {@link DeliveryOptions}). */
	delivery?: DeliveryOptions;
	/** Read at start when it exists (a restart), written by `close()`: see {@link WhapiStandIn.snapshot}. */
	stateFile?: string;
	/** A {@link WhapiStandIn.snapshot} to start from, instead of a file. */
	state?: StandInState;
}

export interface DeliveryOptions {
	/** Multiplies the back-off (`callback_backoff_delay_ms` per failure, capped by `max_callback_backoff_delay_ms`); default 1. */
	scale?: number;
	/** Per attempt; default 10000. */
	timeoutMs?: number;
	/** Attempts in flight at once; default 16. */
	concurrency?: number;
	/** Whether a delivery not answered 200 is retried; default true, as Whapi does. */
	redeliver?: boolean;
}

/** An event not yet answered 200. */
export interface PendingDelivery {
	id: string;
	url: string;
	method: string;
	headers: Record<string, string>;
	body: unknown;
	attempts: number;
	/** ms since epoch. */
	firstAt: number;
}

/** What survives a stand-in restart; `deliveries` only with `callback_persist`. */
export interface StandInState {
	settings: Record<string, unknown>;
	groups: StandInGroup[];
	contacts: Array<Required<Contact>>;
	applied: AppliedDecision[];
	deliveries: PendingDelivery[];
}

/** A decision that took effect in the queue, whatever the caller was answered. */
export interface AppliedDecision {
	groupId: string;
	/** The chat ID as queued. */
	applicant: string;
	decision: 'accepted' | 'rejected';
	/** The `application` value the caller sent (the other identity of the person, possibly). */
	via: string;
	/** ms since epoch. */
	at: number;
}

/** Answers where Whapi's own is unknown; each can be changed at any time. */
export interface StandInAnswerOptions {
	/** The applications list key; default `chatId`. */
	listKey: 'chatId' | 'chat_id';
	/** Answer the list as a bare array; default false. */
	bareArray: boolean;
	/** Deciding an applicant who is not pending: 200 `[{success:false, error:'Application not found'}]` (default), or that error as 400 or 404. */
	notPendingAs: 'success-false' | 400 | 404;
	/** At most this many applications per page whatever `count` asks (pages shorter than asked before the last); 0 = no limit. */
	pageLimit: number;
	/** Leave `total` out of the list answer. */
	omitTotal: boolean;
	/** List an applicant under the other identity of a contact ({@link WhapiStandIn.addContact}): `lid`, `phone`, or as queued (default). */
	listIdentity: 'as-queued' | 'lid' | 'phone';
	/** Header values read back by GET /settings (and the PATCH answer) replaced by `***` (true) or the string given. */
	maskHeaders: boolean | string;
	/** GET /settings without a `webhooks` key. */
	settingsWithoutWebhooks: boolean;
	/** DELETE /groups/{id}/invite also answers the new `invite_code` (the spec answers only `success`). */
	revokeCarriesCode: boolean;
	/** `GET /groups` and the applications list serve from the start whatever the `offset`. */
	ignoreOffset: boolean;
}

/** Injected faults so far, by label (`fault.label`, else e.g. `500`, `429-no-retry-after`, `reset`, `hang`, `lost-answer-502`, `no-effect`). */
export type FaultCounts = Record<string, number>;

/** Call kinds that {@link RandomFaults.rates} name. */
export type CallKind = 'decision' | 'list' | 'settings' | 'groups' | 'health' | 'messages' | 'other';

export interface RandomFaults {
	/** Same seed, same faults for the same calls, whatever their order. Default 1. */
	seed?: number | string;
	/** Probability that a call of that kind meets a fault. */
	rates: Partial<Record<CallKind, number>>;
	/** The faults to pick from, by weight (default 1). */
	mix: Array<Fault & { weight?: number }>;
}

export interface GroupSeed {
	/** `^[\d-]{10,31}@g\.us$` */
	id: string;
	name: string;
	/** Whether the channel's number is a group admin; false answers 403 on applications. Default true. */
	admin?: boolean;
	/** Whether new members wait for an admin's approval; false means no queue. Default true. */
	approvalRequired?: boolean;
}

export interface PendingApplication {
	chatId: string;
	requestMethod: string;
	/** Unix seconds. */
	timestamp: number;
}

/** A group's live record: a test may flip `admin` or `approvalRequired` at any time. */
export interface StandInGroup extends Required<GroupSeed> {
	queue: PendingApplication[];
	/** Bare-digit IDs of applicants accepted so far; listed as members by GET /groups. */
	members: string[];
	/** The invite code, once made (GET /groups/{id}/invite or `inviteCode()`); a revocation replaces it. */
	inviteCode?: string;
	/** Policies set with PATCH /groups/{id} other than approve_participants (which is `approvalRequired`). */
	policies?: Record<string, 'anyone' | 'admins'>;
}

/** What the stand-in answers about one @lid user: see contacts.js. */
export type ContactAnswer = 'known' | 'digits' | 'not_found' | 'empty' | 'blank' | 'other';

export interface Contact {
	/** `<digits>@lid` */
	lid: string;
	/** Bare digits with country code. */
	phone: string;
	/** Default `known`. */
	answer?: ContactAnswer;
}

export interface RecordedCall {
	method: string;
	path: string;
	query: Record<string, string>;
	/** Lowercased names, as Node gives them. */
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON, the raw text when it is not JSON, or undefined when empty. */
	body: any;
	/** 0 when the connection was reset instead of answered. */
	status: number;
	/** The JSON answered, or undefined after a reset. */
	response: any;
	/** With a `lostAnswer` fault: the answer Whapi gave before it was lost. */
	effect?: any;
}

export interface Decision {
	groupId: string;
	/** Full chat ID. */
	applicant: string;
	decision: 'accepted' | 'rejected';
	outcome: 'done' | 'not_pending' | 'failed';
}

/** A text message sent through `POST /messages/text`. */
export interface SentText {
	/** The message ID answered. */
	id: string;
	/** As sent: a phone number or a chat ID. */
	to: string;
	/** `to` as a chat ID (bare digits get `@s.whatsapp.net`). */
	chatId: string;
	body: string;
	/** Unix seconds. */
	timestamp: number;
}

export interface WebhookEvent {
	type: string;
	method: 'post' | 'put' | 'delete' | 'patch';
}

export interface WebhookEntry {
	url: string;
	mode?: 'body' | 'path' | 'method';
	events?: WebhookEvent[];
	/** At most 5. */
	headers?: Record<string, string>;
	[key: string]: unknown;
}

/** What {@link WhapiStandIn.failNext} makes a call do instead of being served. */
export interface Fault {
	/** Only calls whose path matches (a RegExp, or its source). */
	path?: RegExp | string;
	/** Only calls with this HTTP method. */
	method?: string;
	/** Answer this status with an error body (429 also sends `Retry-After`). */
	status?: number;
	/** Seconds, for 429; default 1; null sends no Retry-After. */
	retryAfter?: number | null;
	/** Error message instead of the status's usual one. */
	message?: string;
	/** Destroy the socket without answering. */
	reset?: boolean;
	/** Accept/reject only: 200 `[{chatId, success:false, error}]`, the applicant stays pending. */
	successFalse?: boolean;
	error?: string;
	/** Wait this long first; alone, the call is then served normally. */
	delayMs?: number;
	/** Hold the connection unanswered until the caller gives up (or `hangMs`), then drop it; nothing takes effect. */
	hang?: boolean;
	/** Default 120000. */
	hangMs?: number;
	/**
	 * Serve the call (it takes effect) and then lose the answer: answer this status instead
	 * (502 as from a proxy), destroy the socket (`'reset'`), or never answer (`'hang'`, until the caller gives up or `hangMs`).
	 */
	lostAnswer?: number | 'reset' | 'hang';
	/** Answer this JSON (with `status`, default 200) instead of serving: shapes a reader must survive. */
	body?: unknown;
	/** Answer as if served, but put the state back: a PATCH /settings that does not stick. */
	noEffect?: boolean;
	/** Name counted in {@link WhapiStandIn.faultCounts}. */
	label?: string;
}

export type GroupsPutAction = 'add' | 'remove' | 'promote' | 'demote' | 'request' | 'revoke_request' | 'rejected_request';

export interface GroupsPutEvent {
	groupId: string;
	/** As Whapi sends them: bare digits or `<digits>@lid`. */
	participants: string[];
	/** Default `request`. */
	action?: GroupsPutAction | null;
	/** The key beside `type` in `event`: `event` as delivered (default), `method` as in the spec. */
	envelopeKey?: 'event' | 'method';
	/** Deliver the same event this many times to each entry (Whapi may repeat one); default 1. */
	copies?: number;
}

export interface Delivery {
	url: string;
	/** 0 when the request failed; then `error` says why. */
	status: number;
	body: string;
	error?: string;
}

export declare class WhapiStandIn extends EventEmitter {
	/** The underlying HTTP server: its 'request' event fires when a call arrives, before it is answered and recorded. */
	readonly server: import('node:http').Server;
	/** `http://127.0.0.1:<port>` */
	readonly baseUrl: string;
	readonly token: string;
	readonly channelId: string;
	readonly phone: string;
	/** Every request, in the order answered (or reset). Emitted as 'call' too. */
	readonly calls: RecordedCall[];
	/** Accept/reject calls, derived from `calls`: what Whapi did for each (a lost answer's effect included). */
	readonly decisions: Decision[];
	/** Decisions that took effect, in order: the authoritative record (see {@link tally}). */
	readonly applied: AppliedDecision[];
	/** Webhook delivery counts so far. */
	readonly deliveries: { attempts: number; delivered: number; pending: number };
	/** Injected faults so far, by label. */
	readonly faultCounts: FaultCounts;
	/** Text messages sent through `POST /messages/text`, in order. */
	readonly messages: SentText[];
	/** /health calls made without `wakeup=false`. */
	readonly wakeups: number;
	/** The channel's webhook entries; assigning replaces the whole list. */
	webhooks: WebhookEntry[];
	/** Answers where Whapi's own is unknown. */
	options: StandInAnswerOptions;
	/** Channel settings (live): `callback_backoff_delay_ms`, `max_callback_backoff_delay_ms`, `callback_persist`, `webhooks`, ... */
	settings: Record<string, any>;
	/** Users WhatsApp shows as an @lid, by lid. */
	readonly contacts: Map<string, Required<Contact>>;
	readonly groups: Map<string, StandInGroup>;

	addGroup(group: GroupSeed): StandInGroup;
	/** Queues a join request (idempotent, by either identity); `applicant` may be digits, `@s.whatsapp.net` or `@lid`. Returns the chat ID. */
	addPending(groupId: string, applicant: string, options?: { requestMethod?: string; timestamp?: number }): string;
	/** Registers an @lid user and what Whapi answers about it; the queue then treats its two chat IDs as one person. */
	addContact(contact: Contact): Required<Contact>;
	/** The group's current invite code (made on first use). */
	inviteCode(groupId: string): string;
	/** The other chat ID of a contact: its `@lid` for its phone chat ID, and the reverse. */
	otherIdentity(chatId: string): string | undefined;
	/** Whether two chat IDs name one person. */
	sameApplicant(a: string, b: string): boolean;
	/** Per applicant (chat ID as queued), the decisions that took effect; one group, or all. */
	tally(groupId?: string): Record<string, { accepted: number; rejected: number }>;
	/** Seeded random faults for a campaign; null stops them. */
	randomFaults(plan: RandomFaults | null): void;
	/** Resolves once every webhook event got its 200; rejects after timeoutMs (default 60000). */
	deliveriesDrained(timeoutMs?: number): Promise<void>;
	/** The state a restart keeps (also written to `stateFile` by `close()`). */
	snapshot(): StandInState;
	/** Chat IDs still pending, oldest first. */
	pending(groupId: string): string[];
	setLoggedOut(loggedOut?: boolean): void;
	failNext(n: number, fault: Fault): void;
	/** Delay in ms added before every answer; with jitterMs, drawn evenly from ms ± jitterMs per call. */
	latency(ms: number, jitterMs?: number): void;
	/** The latency the next call would get. */
	drawLatency(): number;
	/** The first call, past or future, matching the predicate; rejects after timeoutMs (default 5000). */
	waitForCall(predicate?: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
	/**
	 * Delivers a groups.put event to every entry subscribed to groups/put (retried until 200), and
	 * updates the queue to match; resolves with each delivery's first attempt. Throws on a participant
	 * Whapi would not send (not 7–15 digits nor `<digits>@lid`).
	 */
	emitGroupsPut(event: GroupsPutEvent): Promise<Delivery[]>;
	deliver(url: string, body: unknown, headers?: Record<string, string>, method?: string): Promise<Delivery>;
	close(): Promise<void>;

	on(event: 'call', listener: (call: RecordedCall) => void): this;
	/** A call has arrived (its body not yet read); 'call' follows once it is answered or reset. */
	on(event: 'received', listener: (call: RecordedCall) => void): this;
	/** Every webhook delivery attempt; `id` is the event's, the same across its retries. */
	on(event: 'delivery', listener: (attempt: Delivery & { id: string; attempt: number }) => void): this;
}

export declare function startWhapiStandIn(options?: StandInOptions): Promise<WhapiStandIn>;

/** `15550100000` → `15550100000@s.whatsapp.net`; full chat IDs unchanged; undefined when not a valid ChatID. */
export declare function toChatId(applicant: unknown): string | undefined;
