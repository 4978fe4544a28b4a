/**
 * Bad parameters, one table: each must stop the run with an error that names the item and the
 * field and says what to fix, before anything reaches Whapi for that item. Values come from
 * expressions, where the editor's own checks (required, min/max, regex) do not apply.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { WhapiStandIn } from '../../whapi-stand-in';
import { GROUP, byId, fromList, runJoinRequests, startChannel } from '../fixtures';

let whapi: WhapiStandIn;
beforeEach(async () => {
	whapi = await startChannel();
	whapi.addPending(GROUP, '15550100001');
});
afterEach(async () => {
	await whapi.close();
});

const GOOD = { group: GROUP, applicant: '15550100001', approve: true };
const decide: INodeParameters = {
	operation: 'decide',
	groupId: byId('={{ $json.group }}'),
	applicant: '={{ $json.applicant }}',
	approve: '={{ $json.approve }}',
};

interface Case {
	what: string;
	/** The second item's values (the first is always good). */
	bad: IDataObject;
	field: string;
	/** What the message must say beyond "Invalid <field> in item 1". */
	says: RegExp;
}

const groups: Case[] = [
	{ what: 'empty', bad: { group: '' }, field: 'Group', says: /empty/ },
	{ what: 'blank', bad: { group: '   ' }, field: 'Group', says: /empty/ },
	{ what: 'a number (digits lost)', bad: { group: 120363000000000001 }, field: 'Group', says: /not a number/ },
	{ what: 'letters', bad: { group: 'abc@g.us' }, field: 'Group', says: /not a WhatsApp group ID/ },
	{ what: 'too short', bad: { group: '12345' }, field: 'Group', says: /not a WhatsApp group ID/ },
	{ what: 'a chat ID', bad: { group: '120363000000000001@s.whatsapp.net' }, field: 'Group', says: /not a WhatsApp group ID/ },
	{ what: 'an invite link', bad: { group: 'https://chat.whatsapp.com/AbCdEf' }, field: 'Group', says: /not a WhatsApp group ID/ },
	{ what: 'a list', bad: { group: [GROUP] }, field: 'Group', says: /group ID/i },
	{ what: 'an object', bad: { group: { id: GROUP } }, field: 'Group', says: /group ID/i },
	{ what: 'null', bad: { group: null }, field: 'Group', says: /empty/ },
];

const applicants: Case[] = [
	{ what: 'empty', bad: { applicant: '' }, field: 'Applicant', says: /empty/ },
	{ what: 'blank', bad: { applicant: '  ' }, field: 'Applicant', says: /empty/ },
	{ what: 'null', bad: { applicant: null }, field: 'Applicant', says: /empty/ },
	{ what: 'words', bad: { applicant: 'John Smith' }, field: 'Applicant', says: /not a phone number/ },
	{ what: 'letters in a phone', bad: { applicant: '+1 555 CALL NOW' }, field: 'Applicant', says: /not a phone number/ },
	{ what: 'too few digits', bad: { applicant: '+1 555' }, field: 'Applicant', says: /digits/ },
	{ what: 'too many digits', bad: { applicant: '+1234567890123456' }, field: 'Applicant', says: /digits/ },
	{ what: 'country code 0', bad: { applicant: '+0 555 010 0001' }, field: 'Applicant', says: /country code/ },
	{ what: 'a national number (trunk 0)', bad: { applicant: '0176 1234567' }, field: 'Applicant', says: /country code/ },
	{ what: 'a malformed @lid', bad: { applicant: 'abc@lid' }, field: 'Applicant', says: /@lid/ },
	{ what: 'a group ID', bad: { applicant: GROUP }, field: 'Applicant', says: /not a phone number/ },
	{ what: 'a fraction', bad: { applicant: 1555010000.5 }, field: 'Applicant', says: /empty|phone/ },
	{ what: 'a list', bad: { applicant: ['15550100002'] }, field: 'Applicant', says: /empty|phone/ },
	{ what: 'an object', bad: { applicant: { phone: '15550100002' } }, field: 'Applicant', says: /empty|phone/ },
];

const approvals: Case[] = [
	{ what: '"maybe"', bad: { approve: 'maybe' }, field: 'Approve', says: /true or false/ },
	{ what: '"yes"', bad: { approve: 'yes' }, field: 'Approve', says: /true or false/ },
	{ what: '1', bad: { approve: 1 }, field: 'Approve', says: /true or false/ },
	{ what: 'null', bad: { approve: null }, field: 'Approve', says: /true or false/ },
];

const decisionCalls = () => whapi.calls.filter((c) => c.path.endsWith('/applications') && c.method !== 'GET');

describe.each([
	['Group', groups],
	['Applicant', applicants],
	['Approve', approvals],
])('a bad %s stops the run at its item, before any call for it', (_, cases) => {
	it.each(cases.map((c) => [c.what, c] as const))('%s', async (__, c) => {
		const run = await runJoinRequests(whapi, decide, [GOOD, { ...GOOD, applicant: '15550100002', ...c.bad }]);
		const error = run.executionError;
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(new RegExp(`\\b${c.field}\\b.* item 1\\b|\\bitem 1\\b.*\\b${c.field}\\b`));
		expect(error?.message).toMatch(c.says);
		expect(`${error?.message} ${error?.description ?? ''}`).toMatch(/[Ff]ix|[Ee]nter|[Ss]et|[Aa]dd|[Pp]ick|must/);
		// Item 0 was decided; nothing was sent for item 1.
		expect(decisionCalls().map((call) => call.body)).toEqual([{ application: '15550100001@s.whatsapp.net' }]);
	});
});

describe('bad options and list parameters stop the run before any call', () => {
	it.each([
		['Max Retries below 0', { operation: 'accept', groupId: fromList(GROUP), applicant: '15550100001', options: { maxRetries: '={{ -1 }}' } }, /^Invalid Max Retries in item 0: -1 is not a whole number from 0 to 10\.$/],
		['Max Retries above 10', { operation: 'accept', groupId: fromList(GROUP), applicant: '15550100001', options: { maxRetries: '={{ 1000 }}' } }, /Max Retries/],
		['Max Retries not a number', { operation: 'accept', groupId: fromList(GROUP), applicant: '15550100001', options: { maxRetries: '={{ "three" }}' } }, /Max Retries/],
		['Max Retries a fraction', { operation: 'accept', groupId: fromList(GROUP), applicant: '15550100001', options: { maxRetries: '={{ 2.5 }}' } }, /Max Retries/],
		['Parallel Requests 0', { operation: 'accept', groupId: fromList(GROUP), applicant: '15550100001', options: { parallelRequests: 0 } }, /Parallel Requests/],
		['Parallel Requests above 20', { operation: 'accept', groupId: fromList(GROUP), applicant: '15550100001', options: { parallelRequests: 50 } }, /^Invalid Parallel Requests in item 0: 50 is not a whole number from 1 to 20\.$/],
		['Parallel Requests a fraction', { operation: 'accept', groupId: fromList(GROUP), applicant: '15550100001', options: { parallelRequests: 2.5 } }, /Parallel Requests/],
		['Max Requests per Second below 0', { operation: 'accept', groupId: fromList(GROUP), applicant: '15550100001', options: { maxRequestsPerSecond: -1 } }, /Max Requests per Second/],
		['Max Requests per Second not a number', { operation: 'accept', groupId: fromList(GROUP), applicant: '15550100001', options: { maxRequestsPerSecond: 'fast' } }, /Max Requests per Second/],
		['Error When Not Pending not a boolean', { operation: 'accept', groupId: fromList(GROUP), applicant: '15550100001', options: { failIfNotPending: '={{ "maybe" }}' } }, /Error When Not Pending/],
		['Limit 0', { operation: 'list', groupId: fromList(GROUP), returnAll: false, limit: '={{ 0 }}' }, /^Invalid Limit in item 0: 0 is not a whole number 1 or more\.$/],
		['Limit below 0', { operation: 'list', groupId: fromList(GROUP), returnAll: false, limit: '={{ -5 }}' }, /Limit/],
		['Limit not a number', { operation: 'list', groupId: fromList(GROUP), returnAll: false, limit: '={{ "ten" }}' }, /Limit/],
		['Limit a fraction', { operation: 'list', groupId: fromList(GROUP), returnAll: false, limit: '={{ 2.5 }}' }, /Limit/],
		['Resolve Phone Numbers not a boolean', { operation: 'list', groupId: fromList(GROUP), options: { resolvePhoneNumbers: '={{ "maybe" }}' } }, /^Invalid Resolve Phone Numbers in item 0: /],
		['Return All not a boolean', { operation: 'list', groupId: fromList(GROUP), returnAll: '={{ "all" }}' }, /Return All/],
	] as Array<[string, INodeParameters, RegExp]>)('%s', async (_, parameters, field) => {
		const run = await runJoinRequests(whapi, parameters);
		const error = run.executionError;
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(field);
		expect(error?.message).toMatch(/item 0/);
		expect(whapi.calls.filter((c) => c.path !== '/health')).toEqual([]);
		expect(whapi.pending(GROUP)).toEqual(['15550100001@s.whatsapp.net']);
	});

	it('the bounds themselves are accepted: Max Retries 10, Parallel Requests 20', async () => {
		// Parallel Requests takes no expression (noDataExpression): n8n reads "={{ 20 }}" as text.
		const options = { maxRetries: '={{ 10 }}', parallelRequests: 20 };
		const run = await runJoinRequests(whapi, { operation: 'accept', groupId: fromList(GROUP), applicant: '15550100001', options });
		expect(run.executionError).toBeUndefined();
		expect(whapi.pending(GROUP)).toEqual([]);
	});
});
