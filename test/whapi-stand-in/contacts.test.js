const { startWhapiStandIn } = require('.');

const TOKEN = 'good-token';
const LID = '123456789012345@lid';
const PHONE = '15550100000';

let whapi;

beforeEach(async () => {
	whapi = await startWhapiStandIn({ token: TOKEN });
});

afterEach(() => whapi.close());

async function get(path, token = TOKEN) {
	const res = await fetch(whapi.baseUrl + path, { headers: { Authorization: `Bearer ${token}` } });
	const text = await res.text();
	return { status: res.status, text, body: text ? JSON.parse(text) : undefined };
}

const ids = (lid) => `/contacts/ids/${encodeURIComponent(lid)}`;
const lids = (phone) => `/contacts/lids/${phone}`;

describe('GET /contacts/ids/{lid}: the phone behind an @lid', () => {
	test.each([
		['known', { id: `${PHONE}@s.whatsapp.net` }],
		['digits', { id: PHONE }],
		['empty', {}],
		['other', { lid: LID }],
	])('answer %s', async (answer, expected) => {
		whapi.addContact({ lid: LID, phone: PHONE, answer });
		expect(await get(ids(LID))).toMatchObject({ status: 200, body: expected });
	});

	test('an unencoded @ works too', async () => {
		whapi.addContact({ lid: LID, phone: PHONE });
		expect((await get(`/contacts/ids/${LID}`)).body).toEqual({ id: `${PHONE}@s.whatsapp.net` });
	});

	test('blank: 200 with no body at all', async () => {
		whapi.addContact({ lid: LID, phone: PHONE, answer: 'blank' });
		expect(await get(ids(LID))).toEqual({ status: 200, text: '', body: undefined });
	});

	test('not_found and a lid nobody registered answer 404 User not found', async () => {
		whapi.addContact({ lid: LID, phone: PHONE, answer: 'not_found' });
		expect(await get(ids(LID))).toMatchObject({ status: 404, body: { error: { code: 404, message: 'User not found' } } });
		expect((await get(ids('999999999@lid'))).status).toBe(404);
	});

	test.each([PHONE, `${PHONE}@s.whatsapp.net`, 'abc@lid'])('%s is not an @lid: 400', async (id) => {
		expect((await get(ids(id))).status).toBe(400);
	});

	test('needs the token and a logged-in session', async () => {
		whapi.addContact({ lid: LID, phone: PHONE });
		expect((await get(ids(LID), 'bad')).body.error.message).toBe('Channel not found');
		whapi.setLoggedOut(true);
		expect((await get(ids(LID))).status).toBe(401);
	});
});

describe('GET /contacts/lids/{ContactID}: the @lid behind a phone', () => {
	test.each([
		['known', 200, { lid: LID }],
		['digits', 200, { lid: LID }],
		['other', 200, { id: `${PHONE}@s.whatsapp.net` }],
		['empty', 200, {}],
		['not_found', 404, { error: { code: 404, message: 'User not found' } }],
	])('answer %s', async (answer, status, body) => {
		whapi.addContact({ lid: LID, phone: PHONE, answer });
		expect(await get(lids(PHONE))).toMatchObject({ status, body });
	});

	test('a phone nobody registered answers 404; a ContactID that is not 7–15 digits 400', async () => {
		expect((await get(lids('15550100009'))).status).toBe(404);
		expect((await get(lids(`${PHONE}@s.whatsapp.net`))).status).toBe(400);
		expect((await get(lids('123456'))).status).toBe(400);
	});
});

test('addContact refuses malformed seeds', () => {
	expect(() => whapi.addContact({ lid: PHONE, phone: PHONE })).toThrow(/malformed lid/);
	expect(() => whapi.addContact({ lid: LID, phone: '+1 555' })).toThrow(/malformed phone/);
	expect(() => whapi.addContact({ lid: LID, phone: PHONE, answer: 'maybe' })).toThrow(/answer must be/);
});
