/**
 * The calls the stand-in serves, as Whapi answers them. Each handler takes the stand-in and the
 * recorded call and returns `[status, body, headers?]`. The queue lives in applications.js and the
 * settings in settings.js; a new endpoint gets its own module and one line here.
 */
'use strict';

const { randomBytes } = require('node:crypto');
const spec = require('./spec');
const { applications } = require('./applications');
const { getSettings, patchSettings } = require('./settings');
const groupSettings = require('./group-settings');
const contacts = require('./contacts');

const { errorAnswer, badRequest, isObject, nowSeconds, paging } = spec;

function route(whapi, call) {
	const bearer = /^Bearer\s+(.+)$/i.exec(call.headers.authorization ?? '');
	if (!bearer || bearer[1] !== whapi.token) return errorAnswer(404, 'Channel not found');
	const { method, path } = call;
	if (method === 'GET' && path === '/health') return [200, health(whapi)];
	if (whapi.loggedOut) return errorAnswer(401);
	if (method === 'GET' && path === '/settings') return getSettings(whapi);
	if (method === 'PATCH' && path === '/settings') return patchSettings(whapi, call.body);
	if (method === 'GET' && path === '/groups') return listGroups(whapi, call.query);
	if (method === 'POST' && path === '/messages/text') return sendText(whapi, call.body);
	const identityOrGroup = groupSettings.route(whapi, call) ?? contacts.route(whapi, call);
	if (identityOrGroup) return identityOrGroup;
	const groupId = spec.groupIdIn(path);
	if (groupId && ['GET', 'POST', 'DELETE'].includes(method)) return applications(whapi, groupId, call);
	return errorAnswer(404, 'Not found', `${method} ${path}`);
}

function health(whapi) {
	const status = whapi.loggedOut ? { code: 3, text: 'QR' } : { code: 4, text: 'AUTH' };
	return {
		channel_id: whapi.channelId,
		start_at: whapi.startedAt,
		uptime: nowSeconds() - whapi.startedAt,
		version: '1.8.7-stand-in',
		status,
		...(whapi.loggedOut ? {} : { user: { id: whapi.phone, name: 'Stand-in channel', is_business: false } }),
	};
}

function listGroups(whapi, query) {
	const page = paging(query);
	if (!page) return badRequest(spec.PAGING_RULE);
	const all = [...whapi.groups.values()];
	const from = whapi.options.ignoreOffset ? 0 : page.offset;
	const groups = all.slice(from, from + page.count).map((group) => {
		// Participant IDs are bare digits (ContactID in the spec, and Whapi's own examples).
		const participants = [
			{ id: whapi.phone, rank: group.admin ? 'admin' : 'member' },
			...group.members.map((id) => ({ id, rank: 'member' })),
		];
		const { id, name } = group;
		return { id, name, type: 'group', timestamp: whapi.startedAt, participants, participants_count: participants.length };
	});
	return [200, { groups, count: groups.length, total: all.length, offset: page.offset }];
}

/** Records the message and answers like Whapi's sendMessageText: `{sent: true, message}`. */
function sendText(whapi, body) {
	const { to, body: text } = isObject(body) ? body : {};
	if (typeof to !== 'string' || !spec.RECIPIENT.test(to)) return badRequest('to must be a phone number or a chat ID');
	if (typeof text !== 'string' || text === '') return badRequest('body must be a non-empty string');
	const chatId = to.includes('@') ? to : `${to}@s.whatsapp.net`;
	const timestamp = nowSeconds();
	const id = `${randomBytes(8).toString('hex')}-${randomBytes(4).toString('hex')}`;
	whapi.messages.push({ id, to, chatId, body: text, timestamp });
	const message = {
		id,
		from_me: true,
		type: 'text',
		chat_id: chatId,
		timestamp,
		source: 'api',
		status: 'pending',
		text: { body: text },
		from: whapi.phone,
	};
	return [200, { sent: true, message }];
}

module.exports = { route };
