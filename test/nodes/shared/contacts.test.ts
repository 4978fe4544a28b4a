import { lidFromPhoneAnswer, phoneFromLidAnswer } from '../../../nodes/shared/contacts';

const LID = '123456789012345@lid';

describe('phoneFromLidAnswer', () => {
	it.each([
		['the known shape', { id: '15550100000@s.whatsapp.net' }, '15550100000'],
		['bare digits', { id: '15550100000' }, '15550100000'],
		['an @c.us chat ID', { id: '15550100000@c.us' }, '15550100000'],
		['a phone key', { phone: '15550100000' }, '15550100000'],
		['a chat_id key', { chat_id: '15550100000@s.whatsapp.net' }, '15550100000'],
		['a wrapped contact', { contact: { id: '15550100000@s.whatsapp.net' } }, '15550100000'],
		['an array', [{ id: '15550100000@s.whatsapp.net' }], '15550100000'],
		['a bare string', '15550100000@s.whatsapp.net', '15550100000'],
		['JSON served as text', '{"id":"15550100000@s.whatsapp.net"}', '15550100000'],
		['a JSON array served as text', '[{"id":"15550100000@s.whatsapp.net"}]', '15550100000'],
		['JSON served as text after a line break', '\n  {"id":"15550100000@s.whatsapp.net"}', '15550100000'],
		['bare digits served as text', '15550100000', '15550100000'],
		['spaces around', { id: ' 15550100000@s.whatsapp.net ' }, '15550100000'],
	])('reads %s', (_, body, phone) => {
		expect(phoneFromLidAnswer(LID, body)).toBe(phone);
	});

	it.each([
		['an empty object', {}],
		['no body', undefined],
		['an empty text', ''],
		['null', null],
		['the lid echoed', { lid: LID }],
		['the lid as id', { id: LID }],
		['the lid digits bare', { id: '123456789012345' }],
		['an error body', { error: { code: 404, message: 'User not found' } }],
		['broken JSON text', '{"id":'],
		['too few digits', { id: '123456' }],
		['too many digits', { id: '1234567890123456' }],
		['a number', { id: 15550100000 }],
		['an empty array', []],
		['a group ID', { id: '120363012345678901@g.us' }],
	])('%s is unknown: null', (_, body) => {
		expect(phoneFromLidAnswer(LID, body)).toBeNull();
	});

	it('skips an unusable key for a usable one', () => {
		expect(phoneFromLidAnswer(LID, { id: LID, phone: '15550100000' })).toBe('15550100000');
	});
});

describe('lidFromPhoneAnswer', () => {
	it.each([
		['the spec shape', { lid: LID }],
		['an id key', { id: LID }],
		['the batch map', { '15550100000': { lid: LID } }],
		['a bare string', LID],
		['an upper-case suffix', { lid: '123456789012345@LID' }],
		['a wrapped contact', { data: { lid: LID } }],
	])('reads %s', (_, body) => {
		expect(lidFromPhoneAnswer(body)).toBe(LID);
	});

	it.each([
		['an empty object', {}],
		['no body', undefined],
		['a phone chat ID', { id: '15550100000@s.whatsapp.net' }],
		['bare digits', { lid: '123456789012345' }],
		['an error body', { error: { code: 404, message: 'User not found' } }],
	])('%s is unknown: null', (_, body) => {
		expect(lidFromPhoneAnswer(body)).toBeNull();
	});
});
