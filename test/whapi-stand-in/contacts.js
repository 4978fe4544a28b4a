/**
 * The two identities of a WhatsApp user: the phone chat ID and the `@lid` WhatsApp may show
 * instead. Whapi maps between them with `GET /contacts/ids/{digits}@lid` → `{"id":"<digits>@s.whatsapp.net"}`
 * (not in spec 1.8.7; the shape comes from public client code) and `GET /contacts/lids/{ContactID}`
 * → `{"lid":"<digits>@lid"}` (spec `getLidById`: ContactID is 7–15 digits, 404 "User not found").
 *
 * Whether Whapi knows a mapping depends on what WhatsApp shared, and what it answers when it does
 * not is unverified, so each contact picks its answer (`addContact({lid, phone, answer})`):
 * | answer | `/contacts/ids/{lid}` | `/contacts/lids/{phone}` |
 * | --- | --- | --- |
 * | `known` (default) | `{"id":"<phone>@s.whatsapp.net"}` | `{"lid":"<lid>"}` |
 * | `digits` | `{"id":"<phone>"}` | `{"lid":"<lid>"}` |
 * | `not_found` | 404 `User not found` | 404 |
 * | `empty` | 200 `{}` | 200 `{}` |
 * | `blank` | 200 with no body | 200 with no body |
 * | `other` | 200 `{"lid":"<lid>"}` (the lid echoed, no phone) | 200 `{"id":"<phone>@s.whatsapp.net"}` |
 * A lid or phone no contact names answers 404 `User not found`.
 */
'use strict';

const { errorAnswer, badRequest, decodeSegment } = require('./answers');

const LID = /^\d{5,25}@lid$/;
const CONTACT_ID = /^\d{7,15}$/;
const ANSWERS = ['known', 'digits', 'not_found', 'empty', 'blank', 'other'];
const IDS_PATH = /^\/contacts\/ids\/([^/]+)$/;
const LIDS_PATH = /^\/contacts\/lids\/([^/]+)$/;

/** Registers a user WhatsApp shows as `lid`; `phone` is bare digits. Returns the live record. */
function addContact({ lid, phone, answer = 'known' }) {
	if (!LID.test(lid)) throw new Error(`stand-in: malformed lid ${lid}`);
	if (!CONTACT_ID.test(phone)) throw new Error(`stand-in: malformed phone ${phone}`);
	if (!ANSWERS.includes(answer)) throw new Error(`stand-in: answer must be one of ${ANSWERS.join(', ')}`);
	const contact = { lid, phone, answer };
	this.contacts.set(lid, contact);
	return contact;
}

const notFound = () => errorAnswer(404, 'User not found');

function variant(contact, known) {
	switch (contact?.answer) {
		case undefined:
		case 'not_found':
			return notFound();
		case 'empty':
			return [200, {}];
		case 'blank':
			return [200, undefined];
		default:
			return known(contact);
	}
}

function phoneOf(lid, contact) {
	return variant(contact, (c) => {
		if (c.answer === 'other') return [200, { lid }];
		return [200, { id: c.answer === 'digits' ? c.phone : `${c.phone}@s.whatsapp.net` }];
	});
}

function lidOf(phone, contact) {
	return variant(contact, (c) => [200, c.answer === 'other' ? { id: `${phone}@s.whatsapp.net` } : { lid: c.lid }]);
}

/** The answer for a contact identity call, or undefined when the call is not one. */
function route(standIn, { method, path }) {
	if (method !== 'GET') return undefined;
	const ids = IDS_PATH.exec(path);
	if (ids) {
		const lid = decodeSegment(ids[1]);
		if (!LID.test(lid)) return badRequest('the ID must be <digits>@lid');
		return phoneOf(lid, standIn.contacts.get(lid));
	}
	const lids = LIDS_PATH.exec(path);
	if (lids) {
		const phone = decodeSegment(lids[1]);
		if (!CONTACT_ID.test(phone)) return badRequest('ContactID must match ^([\\d]{7,15})?$');
		return lidOf(phone, [...standIn.contacts.values()].find((c) => c.phone === phone));
	}
	return undefined;
}

module.exports = { route, addContact, ANSWERS };
