/**
 * The join-request queue of each group: listing, accepting and rejecting, with the answers Whapi
 * might give where nobody has shown its real one (`whapi.options`), and the ledger of decisions that
 * took effect, which stays true when an answer is lost on the way back.
 */
'use strict';

const spec = require('./spec');

const { errorAnswer, badRequest, paging } = spec;

/** Validates as the gate does (parameters, then the group, then admin rights) before serving. */
function applications(whapi, groupId, { method, query, body }) {
	if (!spec.GROUP_ID.test(groupId)) return badRequest(spec.GROUP_ID_RULE);
	const page = method === 'GET' ? paging(query) : undefined;
	const applicant = method === 'GET' ? undefined : body?.application;
	if (method === 'GET' && !page) return badRequest(spec.PAGING_RULE);
	if (method !== 'GET' && !(typeof applicant === 'string' && spec.CHAT_ID.test(applicant))) {
		return badRequest('application must be a ChatID matching ^[\\d-]{10,31}@[\\w.]{1,}$');
	}
	const group = whapi.groups.get(groupId);
	if (!group) return errorAnswer(404, 'Group not found');
	if (!group.admin) return errorAnswer(403);
	return page ? listApplications(whapi, group, page) : decide(whapi, group, applicant, method === 'POST');
}

/** How the list names an applicant: as queued, or by the other identity (`addContact`) when `listIdentity` asks for it. */
function listedAs(whapi, chatId) {
	const other = whapi.otherIdentity(chatId);
	const { listIdentity } = whapi.options;
	if (other && listIdentity === 'lid' && other.endsWith('@lid')) return other;
	if (other && listIdentity === 'phone' && !other.endsWith('@lid')) return other;
	return chatId;
}

function listApplications(whapi, group, { count, offset }) {
	const { pageLimit, listKey, bareArray, omitTotal } = whapi.options;
	const size = pageLimit > 0 ? Math.min(count, pageLimit) : count;
	const from = whapi.options.ignoreOffset ? 0 : offset;
	const applications = group.queue.slice(from, from + size).map((a) => ({
		[listKey]: listedAs(whapi, a.chatId),
		request_method: a.requestMethod,
		timestamp: a.timestamp,
	}));
	if (bareArray) return [200, applications];
	const total = omitTotal ? {} : { total: group.queue.length };
	return [200, { applications, count: applications.length, ...total, offset }];
}

/** "Not pending" in the shape `options.notPendingAs` picks: 200 success:false (default), 400 or 404. */
function notPending(whapi, applicant) {
	const as = whapi.options.notPendingAs;
	if (as === 400 || as === 404) return errorAnswer(as, spec.NOT_PENDING);
	return [200, [{ chatId: applicant, success: false, error: spec.NOT_PENDING }]];
}

function decide(whapi, group, applicant, accept) {
	const index = group.queue.findIndex((a) => whapi.sameApplicant(a.chatId, applicant));
	if (index < 0) return notPending(whapi, applicant);
	const [application] = group.queue.splice(index, 1);
	if (accept) group.members.push(application.chatId.split('@')[0]);
	whapi.applied.push({
		groupId: group.id,
		applicant: application.chatId,
		decision: accept ? 'accepted' : 'rejected',
		via: applicant,
		at: Date.now(),
	});
	return [200, [{ chatId: applicant, success: true }]];
}

module.exports = { applications };
