/**
 * A group's invite link from Whapi's answer. `GET /groups/{GroupID}/invite` answers
 * `{"invite_code":"…"}` (spec 1.8.7, GroupInvite); the revocation's answer is only `{"success":true}`
 * in the spec, but may carry the new code, so other plausible keys and a full link count too.
 */

import { asRecord } from '../../../shared/records';

export const INVITE_LINK_PREFIX = 'https://chat.whatsapp.com/';

/** Wider than the spec's `^[A-Za-z0-9]{14,22}$` so a longer code still works, but URL-safe. */
const INVITE_CODE = /^[A-Za-z0-9]{6,64}$/;
const LINK = /^https?:\/\/chat\.whatsapp\.com\/(?:invite\/)?([A-Za-z0-9]{6,64})\/?$/i;
const CODE_KEYS = ['invite_code', 'inviteCode', 'code'];
const LINK_KEYS = ['invite_link', 'inviteLink', 'link', 'url'];

export function inviteLinkOf(code: string): string {
	return `${INVITE_LINK_PREFIX}${code}`;
}

/** The invite code in an answer, or undefined when it carries none. */
export function readInviteCode(body: unknown): string | undefined {
	const record = asRecord(body);
	if (!record) return undefined;
	for (const key of CODE_KEYS) {
		const value = record[key];
		if (typeof value === 'string' && INVITE_CODE.test(value.trim())) return value.trim();
	}
	for (const key of LINK_KEYS) {
		const value = record[key];
		const match = typeof value === 'string' ? LINK.exec(value.trim()) : null;
		if (match) return match[1];
	}
	return undefined;
}

export interface InviteOutput {
	[key: string]: string;
	groupId: string;
	inviteCode: string;
	inviteLink: string;
}

export function inviteOutput(groupId: string, inviteCode: string): InviteOutput {
	return { groupId, inviteCode, inviteLink: inviteLinkOf(inviteCode) };
}
