/**
 * What Whapi's OpenAPI spec 1.8.7 and /work/shared/WHAPI.md say about the calls the stand-in serves:
 * identifier patterns, paging limits, the webhook entry and settings formats (the error body lives in
 * answers.js and is re-exported here). The stand-in refuses whatever these refuse, so it is never
 * looser than Whapi.
 */
'use strict';

const { GROUP_ID, GROUP_ID_RULE, errorAnswer, badRequest, isObject, decodeSegment } = require('./answers');

// The spec's ChatID, which ApplicationRequest.application must match: bare digits are refused.
const CHAT_ID = /^[\d-]{10,31}@[\w.]{1,}$/;
// ParticipantEvent.participants: the spec's ContactID (7–15 digits), or an @lid since 2025 (WHAPI.md).
const EVENT_PARTICIPANT = /^(\d{7,15}|\d{1,31}@lid)$/;
// Settings the spec bounds (milliseconds).
const SETTING_RANGES = {
	callback_backoff_delay_ms: [3000, 15000],
	max_callback_backoff_delay_ms: [600000, 3600000],
};
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
	return match ? decodeSegment(match[1]) : undefined;
}

/**
 * For seeding queues by hand: '15550100000' -> '15550100000@s.whatsapp.net'; a full chat ID
 * (@s.whatsapp.net, @lid) as it is; undefined when the result would not be a valid ChatID.
 */
function toChatId(applicant) {
	if (typeof applicant !== 'string') return undefined;
	const chatId = /^\d+$/.test(applicant) ? `${applicant}@s.whatsapp.net` : applicant;
	return CHAT_ID.test(chatId) ? chatId : undefined;
}

/** Why a settings PATCH body would be refused (the spec's bounds), or undefined. */
function settingsProblem(body) {
	for (const [key, [min, max]] of Object.entries(SETTING_RANGES)) {
		const value = body[key];
		if (value !== undefined && !(typeof value === 'number' && value >= min && value <= max)) {
			return `${key} must be a number from ${min} to ${max}`;
		}
	}
	if ('callback_persist' in body && typeof body.callback_persist !== 'boolean') return 'callback_persist must be a boolean';
	return undefined;
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

module.exports = {
	GROUP_ID,
	GROUP_ID_RULE,
	CHAT_ID,
	EVENT_PARTICIPANT,
	RECIPIENT,
	APPLICATIONS_PATH,
	NOT_PENDING,
	PAGING_RULE,
	errorAnswer,
	badRequest,
	clone,
	isObject,
	nowSeconds,
	groupIdIn,
	toChatId,
	paging,
	webhooksProblem,
	settingsProblem,
	withWebhookDefaults,
};
