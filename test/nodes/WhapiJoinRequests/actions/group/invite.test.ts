import { inviteLinkOf, readInviteCode } from '../../../../../nodes/WhapiJoinRequests/actions/group/invite';

const CODE = 'AbCdEfGhIjKlMnOpQrStUv';

describe('inviteLinkOf', () => {
	it('builds the chat.whatsapp.com link', () => {
		expect(inviteLinkOf(CODE)).toBe(`https://chat.whatsapp.com/${CODE}`);
	});
});

describe('readInviteCode', () => {
	it.each([
		['the spec shape', { invite_code: CODE }],
		['a revocation that carries the code', { success: true, invite_code: CODE }],
		['camelCase', { inviteCode: CODE }],
		['a code key', { code: CODE }],
		['a full link', { invite_link: `https://chat.whatsapp.com/${CODE}` }],
		['a link with a trailing slash', { link: `https://chat.whatsapp.com/${CODE}/` }],
		['the invite/ form of the link', { url: `https://chat.whatsapp.com/invite/${CODE}` }],
		['spaces around', { invite_code: ` ${CODE} ` }],
		['spaces around a link', { invite_link: ` https://chat.whatsapp.com/${CODE}\n` }],
	])('reads %s', (_, body) => {
		expect(readInviteCode(body)).toBe(CODE);
	});

	it.each([
		['the spec revocation answer', { success: true }],
		['an empty object', {}],
		['no body', undefined],
		['a text', CODE],
		['an array', [{ invite_code: CODE }]],
		['a code with a slash', { invite_code: 'abc/def/ghijkl' }],
		['a code too short', { invite_code: 'abc' }],
		['a link elsewhere', { link: `https://example.com/${CODE}` }],
		['a number', { invite_code: 12345678 }],
	])('%s carries none', (_, body) => {
		expect(readInviteCode(body)).toBeUndefined();
	});
});
