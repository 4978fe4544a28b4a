#!/usr/bin/env node
/**
 * Runs a Whapi stand-in with two demo groups, for the demo and for trying the nodes by hand:
 *   node test/whapi-stand-in/cli.js [--port N] [--token T]
 * Prints {"baseUrl","token","channelId"} as one JSON line on stdout, then one line per call on
 * stderr; stops on SIGINT or SIGTERM.
 */
'use strict';

const { parseArgs } = require('node:util');
const { startWhapiStandIn } = require('.');

async function main() {
	const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, token: { type: 'string' } } });
	const whapi = await startWhapiStandIn({ port: Number(values.port), token: values.token });

	whapi.addGroup({ id: '120363000000000001@g.us', name: 'Cohort A' });
	whapi.addPending('120363000000000001@g.us', '15550100000', { timestamp: 1717680789 });
	whapi.addPending('120363000000000001@g.us', '15550100001');
	whapi.addPending('120363000000000001@g.us', '123456789012345@lid', { requestMethod: 'linked_group_join' });
	whapi.addGroup({ id: '120363000000000002@g.us', name: 'Cohort B' });
	whapi.addPending('120363000000000002@g.us', '15550100002');

	whapi.on('call', (call) => process.stderr.write(`${call.method} ${call.path} -> ${call.status}\n`));
	process.stdout.write(`${JSON.stringify({ baseUrl: whapi.baseUrl, token: whapi.token, channelId: whapi.channelId })}\n`);

	const stop = () => whapi.close().then(() => process.exit(0));
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
