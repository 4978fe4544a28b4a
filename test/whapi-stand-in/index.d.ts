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
	/** Seconds, for 429; default 1. */
	retryAfter?: number;
	/** Error message instead of the status's usual one. */
	message?: string;
	/** Destroy the socket without answering. */
	reset?: boolean;
	/** Accept/reject only: 200 `[{chatId, success:false, error}]`, the applicant stays pending. */
	successFalse?: boolean;
	error?: string;
	/**
	 * Serve the call (it takes effect) and then lose the answer: answer this status instead
	 * (502 as from a proxy), destroy the socket (`'reset'`), or never answer (`'hang'`).
	 */
	lostAnswer?: number | 'reset' | 'hang';
	/** Wait this long first; alone, the call is then served normally. */
	delayMs?: number;
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
}

export interface Delivery {
	url: string;
	/** 0 when the request failed; then `error` says why. */
	status: number;
	body: string;
	error?: string;
}

export declare class WhapiStandIn extends EventEmitter {
	/** `http://127.0.0.1:<port>` */
	/** The underlying HTTP server: its 'request' event fires when a call arrives, before it is answered and recorded. */
	readonly server: import('node:http').Server;
	readonly baseUrl: string;
	readonly token: string;
	readonly channelId: string;
	readonly phone: string;
	/** Every request, in the order answered (or reset). Emitted as 'call' too. */
	readonly calls: RecordedCall[];
	/** Accept/reject calls, derived from `calls`. */
	readonly decisions: Decision[];
	/** Text messages sent through `POST /messages/text`, in order. */
	readonly messages: SentText[];
	/** /health calls made without `wakeup=false`. */
	readonly wakeups: number;
	/** The channel's webhook entries; assigning replaces the whole list. */
	webhooks: WebhookEntry[];
	/** Shapes of the applications list answer that WHAPI.md marks unverified. */
	/** `revokeCarriesCode`: the invite revocation also answers the new `invite_code` (the spec answers only `success`). */
	options: { listKey: 'chatId' | 'chat_id'; bareArray: boolean; revokeCarriesCode: boolean };
	/** Users WhatsApp shows as an @lid, by lid. */
	readonly contacts: Map<string, Required<Contact>>;
	readonly groups: Map<string, StandInGroup>;

	addGroup(group: GroupSeed): StandInGroup;
	/** Queues a join request (idempotent); `applicant` may be digits, `@s.whatsapp.net` or `@lid`. Returns the chat ID. */
	addPending(groupId: string, applicant: string, options?: { requestMethod?: string; timestamp?: number }): string;
	/** Registers an @lid user and what Whapi answers about it. */
	addContact(contact: Contact): Required<Contact>;
	/** The group's current invite code (made on first use). */
	inviteCode(groupId: string): string;
	/** Chat IDs still pending, oldest first. */
	pending(groupId: string): string[];
	setLoggedOut(loggedOut?: boolean): void;
	failNext(n: number, fault: Fault): void;
	/** Delay in ms added before every answer. */
	latency(ms: number): void;
	/** The first call, past or future, matching the predicate; rejects after timeoutMs (default 5000). */
	waitForCall(predicate?: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
	/** Delivers a groups.put event to every entry subscribed to groups/put, and updates the queue to match. */
	emitGroupsPut(event: GroupsPutEvent): Promise<Delivery[]>;
	deliver(url: string, body: unknown, headers?: Record<string, string>, method?: string): Promise<Delivery>;
	close(): Promise<void>;

	on(event: 'call', listener: (call: RecordedCall) => void): this;
}

export declare function startWhapiStandIn(options?: StandInOptions): Promise<WhapiStandIn>;

/** `15550100000` → `15550100000@s.whatsapp.net`; full chat IDs unchanged; undefined when malformed. */
export declare function toChatId(applicant: unknown): string | undefined;
