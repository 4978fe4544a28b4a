import type { IExecuteFunctions } from 'n8n-workflow';

import { router } from '../../../../nodes/WhapiJoinRequests/actions/router';
import type { WhapiStandIn } from '../../../whapi-stand-in';
import { GROUP, fromList, runJoinRequests, startChannel } from '../../fixtures';
import { fakeNode } from '../../fake-node';

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

	it('an unknown operation is refused with a description telling the user to pick it again', async () => {
		const run = await runJoinRequests(whapi, { operation: 'approveAll', groupId: fromList(GROUP), applicant: '15550100000' });
		expect([run.executionError?.message, run.executionError?.description]).toEqual([
			'The operation "approveAll" of resource "joinRequest" is not supported',
			'Open the node and pick the resource and operation again.',
		]);
	});

	it('an error none of our checks made (a bug, or n8n failing a read) still reaches n8n with its item index', async () => {
		const node = fakeNode();
		let optionsReads = 0;
		const context = {
			getInputData: () => [{ json: {} }],
			getNode: () => node,
			continueOnFail: () => false,
			getCredentials: async () => ({ token: 'not-used' }),
			getNodeParameter: (name: string, _itemIndex: number, fallback: unknown) => {
				if (name === 'resource') return 'group';
				if (name === 'operation') return 'getInviteLink';
				// The first read paces the execution; the second is item 0's own.
				if (name === 'options' && ++optionsReads > 1) throw new TypeError('boom');
				return fallback;
			},
		} as unknown as IExecuteFunctions;
		await expect(router.call(context)).rejects.toMatchObject({ name: 'NodeOperationError', message: 'boom', context: { itemIndex: 0 } });
		expect(optionsReads).toBe(2);
	});
});
