import type { INodeParameters } from 'n8n-workflow';

import type { WhapiStandIn } from '../../../../whapi-stand-in';
import { GROUP, NODE_NAME, fromList, runJoinRequests, startChannel } from '../../../fixtures';

let whapi: WhapiStandIn;
beforeEach(async () => {
	whapi = await startChannel();
});
afterEach(async () => {
	await whapi.close();
});

const decisionCalls = () => whapi.calls.filter((c) => c.path.endsWith('/applications') && c.method !== 'GET');
const accept = (applicant: string, options: INodeParameters = {}) => ({
	operation: 'accept',
	groupId: fromList(GROUP),
	applicant,
	options,
});

describe('phone numbers without a country code', () => {
	it('refuses (555) 010-0000 before any call, naming the item and saying to add the country code', async () => {
		whapi.addPending(GROUP, '15550100000');
		whapi.addPending(GROUP, '5550100000@s.whatsapp.net');
		const run = await runJoinRequests(whapi, accept('={{ $json.phone }}'), [{ phone: '+1 555 010 0001' }, { phone: '(555) 010-0000' }]);
		expect(run.executionError?.message).toMatch(/^Invalid Applicant in item 1: "\(555\) 010-0000" has no country code\. Add it in international form/);
		expect(run.executionError?.message).toContain('Default Country Code');
		expect(decisionCalls().map((c) => c.body.application)).toEqual(['15550100001@s.whatsapp.net']);
		expect(whapi.pending(GROUP)).toEqual(['15550100000@s.whatsapp.net', '5550100000@s.whatsapp.net']);
	});

	it('with Continue On Fail, fails only that item, paired to it', async () => {
		whapi.addPending(GROUP, '15550100001');
		const run = await runJoinRequests(
			whapi,
			accept('={{ $json.phone }}'),
			[{ phone: '07911 123456' }, { phone: '15550100001' }],
			{ continueOnFail: true },
		);
		expect(run.outputOf(NODE_NAME)).toEqual([
			{ error: expect.stringMatching(/^Invalid Applicant in item 0: "07911 123456" has no country code/) },
			{ groupId: GROUP, applicant: '15550100001@s.whatsapp.net', decision: 'accepted', status: 'done' },
		]);
		expect(run.pairedItemsOf(NODE_NAME)).toEqual([[{ item: 0 }], [{ item: 1 }]]);
	});

	it('applies Default Country Code to national numbers, and leaves international ones alone', async () => {
		whapi.addPending(GROUP, '15550100000');
		whapi.addPending(GROUP, '447911123456');
		const run = await runJoinRequests(whapi, accept('={{ $json.phone }}', { defaultCountryCode: '1' }), [
			{ phone: '(555) 010-0000' },
			{ phone: '+44 7911 123456' },
		]);
		expect(run.executionError).toBeUndefined();
		expect(run.outputOf(NODE_NAME).map((o) => [o.applicant, o.status])).toEqual([
			['15550100000@s.whatsapp.net', 'done'],
			['447911123456@s.whatsapp.net', 'done'],
		]);
		expect(whapi.pending(GROUP)).toEqual([]);
	});

	it('reads Default Country Code per item, stripping the trunk 0 where the country dials one', async () => {
		whapi.addPending(GROUP, '447911123456');
		whapi.addPending(GROUP, '390612345678');
		const run = await runJoinRequests(whapi, accept('={{ $json.phone }}', { defaultCountryCode: '={{ $json.country }}' }), [
			{ phone: '07911 123456', country: '+44' },
			{ phone: '06 1234 5678', country: '39' },
		]);
		expect(run.executionError).toBeUndefined();
		expect(decisionCalls().map((c) => c.body.application)).toEqual(['447911123456@s.whatsapp.net', '390612345678@s.whatsapp.net']);
		expect(whapi.decisions.map((d) => d.outcome)).toEqual(['done', 'done']);
	});

	it('refuses a Default Country Code that is no calling code, naming the item and the field', async () => {
		const run = await runJoinRequests(whapi, accept('(555) 010-0000', { defaultCountryCode: '={{ $json.country }}' }), [{ country: 'US' }]);
		expect(run.executionError?.message).toMatch(/^Invalid Default Country Code in item 0: "US" is not a country calling code/);
		expect(decisionCalls()).toEqual([]);
	});
});
