import type { IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';

import { WhapiJoinRequests } from '../../../../nodes/WhapiJoinRequests/WhapiJoinRequests.node';
import { channelGroups } from '../../../../nodes/shared/methods/channelGroups';
import { listSearch, loadOptions } from '../../../harness';
import type { WhapiStandIn } from '../../../whapi-stand-in';
import { GROUP, OTHER_GROUP, credentialTypes, credentialsFor, startChannel } from '../../fixtures';

let whapi: WhapiStandIn;
beforeEach(async () => {
	whapi = await startChannel();
});
afterEach(async () => {
	await whapi.close();
});

const nodeType = new WhapiJoinRequests();
const search = async () => (await listSearch('searchGroups', { nodeType, credentials: credentialsFor(whapi), credentialTypes })).results;
const groupsCalls = () => whapi.calls.filter((c) => c.path === '/groups');

describe('the group picker reads odd answers defensively', () => {
	it.each([
		['a null body', null],
		['groups: null', { groups: null, total: 0 }],
		['groups: [null]', { groups: [null], total: 1 }],
		['groups that are not a list', { groups: { id: GROUP }, total: 1 }],
		['a bare array', [null, 7, 'text']],
	])('%s: an empty list, no error', async (_label, body) => {
		whapi.failNext(1, { body, path: '^/groups$' });
		expect(await search()).toEqual([]);
	});

	it('keeps the groups it can read among ones it cannot', async () => {
		const odd = [
			null,
			{ id: 42, name: 'numeric id' },
			{ id: GROUP, name: 'Cohort A', participants: {} },
			{ id: OTHER_GROUP, name: null, participants: [null, { id: null }, 'x', { id: '15550009999', rank: 'admin' }] },
		];
		whapi.failNext(1, { body: { groups: odd, total: 4 }, path: '^/groups$' });
		expect(await search()).toEqual([
			// The channel's own number (15550009999) is an admin among the odd participants; a
			// group without a readable participant list does not show it as an admin.
			{ name: OTHER_GROUP, value: OTHER_GROUP },
			{ name: 'Cohort A (channel is not an admin: cannot decide)', value: GROUP },
		]);
	});

	it('survives a null /health answer, when it cannot tell admin groups', async () => {
		whapi.failNext(1, { body: null, path: '^/health$' });
		const results = await search();
		expect(results.map((r) => r.value).sort()).toEqual([GROUP, OTHER_GROUP, '120363000000000003@g.us']);
	});

	it('pages through a server that ignores offset once, listing each group once', async () => {
		for (let i = 0; i < 620; i++) whapi.addGroup({ id: `1203639${String(i).padStart(11, '0')}@g.us`, name: `Group ${i}` });
		whapi.options.ignoreOffset = true;
		const options = await loadOptions('getGroups', { nodeType, credentials: credentialsFor(whapi), credentialTypes });
		expect(options).toHaveLength(500);
		expect(new Set(options.map((o) => o.value)).size).toBe(500);
		expect(groupsCalls()).toHaveLength(2);
	});
});

describe('a group list that never ends', () => {
	it('stops after 200 pages, saying to enter the group ID instead', async () => {
		let groupsCalls = 0;
		// A channel that always has another full page of new groups, and never says how many.
		const httpRequestWithAuthentication = async (_type: string, options: IHttpRequestOptions) => {
			if (options.url.endsWith('/health')) return { statusCode: 200, headers: {}, body: { user: { id: '15550100000' } } };
			groupsCalls++;
			const { count, offset } = options.qs as { count: number; offset: number };
			const groups = Array.from({ length: count }, (_, i) => ({ id: `120363${String(offset + i).padStart(12, '0')}@g.us`, name: `g${offset + i}` }));
			return { statusCode: 200, headers: {}, body: { groups } };
		};
		const context = {
			getNode: () => ({ name: 'Whapi', credentials: { whapiApi: { id: '1', name: 'Whapi' } } }),
			getCredentials: async () => ({ token: 'not-used' }),
			helpers: { httpRequestWithAuthentication },
		} as unknown as ILoadOptionsFunctions;
		await expect(channelGroups(context)).rejects.toThrow(
			"Could not read the channel's groups (enter the group ID instead): Whapi still had more after 200 pages of up to 500. Try again later.",
		);
		expect(groupsCalls).toBe(200);
	});
});
