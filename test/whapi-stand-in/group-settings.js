/**
 * Group settings and the invite link, as in Whapi's spec 1.8.7:
 * - `PATCH /groups/{GroupID}` `{"setting","policy"}` (`updateGroupSetting`) → `{"success":true}`.
 *   Both fields are required and enumerated; the spec's example body (`subject`) is refused.
 *   `approve_participants` is the switch join requests hang on: `admins` makes new members wait
 *   for an admin (the group gets a queue), `anyone` lets them in directly.
 * - `GET /groups/{GroupID}/invite` (`getGroupInvite`) → `{"invite_code"}`, the code of
 *   `https://chat.whatsapp.com/<code>`; `DELETE` on the same path (`revokeGroupInvite`) → `{"success":true}`
 *   and the old code stops working.
 * Checks run in the gate's order: parameters (400), the group (404), admin rights (403).
 */
'use strict';

const { randomBytes } = require('node:crypto');
const { GROUP_ID, GROUP_ID_RULE, errorAnswer, badRequest, isObject, decodeSegment } = require('./answers');

const GROUP_PATH = /^\/groups\/([^/]+)(\/invite)?$/;
const SETTINGS = ['send_messages', 'edit_group_info', 'approve_participants', 'add_participants'];
const POLICIES = ['anyone', 'admins'];
const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh invite code matching the spec's InviteCode pattern `^[A-Za-z0-9]{14,22}$`. */
function newInviteCode() {
	return [...randomBytes(22)].map((byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('');
}

/** The live group's invite code; WhatsApp makes one the first time an admin asks for it. */
function inviteCodeOf(group) {
	group.inviteCode ??= newInviteCode();
	return group.inviteCode;
}

function updateSetting(standIn, group, { setting, policy }) {
	if (setting === 'approve_participants') {
		const wasRequired = group.approvalRequired;
		group.approvalRequired = policy === 'admins';
		// WhatsApp's app admits the waiting applicants when approval is switched off (unverified for Whapi).
		if (wasRequired && !group.approvalRequired) {
			group.members.push(...group.queue.map((a) => a.chatId.split('@')[0]));
			group.queue = [];
		}
	} else {
		group.policies = { ...group.policies, [setting]: policy };
	}
	return [200, { success: true }];
}

/** The answer for a group settings or invite call, or undefined when the call is not one. */
function route(standIn, { method, path, body }) {
	const match = GROUP_PATH.exec(path);
	const isInvite = Boolean(match?.[2]);
	if (!match || (isInvite ? !['GET', 'DELETE'].includes(method) : method !== 'PATCH')) return undefined;
	const groupId = decodeSegment(match[1]);
	if (!GROUP_ID.test(groupId)) return badRequest(GROUP_ID_RULE);
	if (!isInvite) {
		const { setting, policy } = isObject(body) ? body : {};
		if (!SETTINGS.includes(setting) || !POLICIES.includes(policy)) {
			return badRequest(`body must be {"setting":"${SETTINGS.join('|')}","policy":"${POLICIES.join('|')}"}`);
		}
	}
	const group = standIn.groups.get(groupId);
	if (!group) return errorAnswer(404, 'Specified group not found');
	if (!group.admin) return errorAnswer(403, 'You do not have permissions for this action');
	if (!isInvite) return updateSetting(standIn, group, body);
	if (method === 'GET') return [200, { invite_code: inviteCodeOf(group) }];
	group.inviteCode = newInviteCode();
	return [200, standIn.options.revokeCarriesCode ? { success: true, invite_code: group.inviteCode } : { success: true }];
}

module.exports = { route, inviteCodeOf };
