import type { WhapiStandIn } from '../../../whapi-stand-in';
import { GROUP, fromList, runJoinRequests, startChannel } from '../../fixtures';

let whapi: WhapiStandIn;
beforeEach(async () => {
	whapi = await startChannel();
});
afterEach(async () => {
	await whapi.close();
});

describe('router', () => {
	it.each([
		['an unknown operation', { operation: 'approveAll' }],
		['an unknown resource', { resource: 'channel', operation: 'list' }],
		['a name inherited by every object', { operation: 'constructor' }],
	])('refuses %s before any call to Whapi', async (_label, parameters) => {
		const run = await runJoinRequests(whapi, { ...parameters, groupId: fromList(GROUP), applicant: '15550100000' });
		expect(run.executionError?.message).toMatch(/^The operation ".*" of resource ".+" is not supported$/);
		expect(whapi.calls).toEqual([]);
	});
});
