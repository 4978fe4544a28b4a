/**
 * Answers in Whapi's shapes, shared by the stand-in's route modules: an answer is
 * `[status, payload, headers?]`, and an error payload is `{"error":{"code","message","details?"}}`.
 */
'use strict';

const GROUP_ID = /^[\d-]{10,31}@g\.us$/;
const GROUP_ID_RULE = 'GroupID must match ^[\\d-]{10,31}@g\\.us$';
const ERROR_TEXT = {
	400: 'Wrong request parameters', 401: 'Need channel authorization', 403: 'Not permitted', 404: 'Not found',
	429: 'Too many requests', 500: 'Internal server error', 502: 'Bad gateway', 503: 'Service unavailable',
	504: 'Gateway timeout',
};

const errorAnswer = (code, message = ERROR_TEXT[code] ?? 'Error', details) => [
	code,
	{ error: { code, message, ...(details ? { details } : {}) } },
];
const badRequest = (details) => errorAnswer(400, undefined, details);
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A path segment decoded; a malformed escape stays as it is and fails validation later. */
function decodeSegment(segment) {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

module.exports = { GROUP_ID, GROUP_ID_RULE, errorAnswer, badRequest, isObject, decodeSegment };
