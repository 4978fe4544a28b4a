// Mutants that no test can kill because they change nothing n8n can observe, each with the
// reason. Stryker marks them "Ignored" with that reason (shown in its report) instead of
// counting them as survivors. Loaded by stryker.config.mjs (`plugins`, `ignorers`).
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

const GET_NODE_PARAMETER_FALLBACK =
	"Equivalent: the fallback of getNodeParameter is never read. n8n fills every displayed parameter with its description's default before the node runs (the Workflow builds node.parameters with defaults), and each parameter is read only where it is displayed.";

/** Execute functions take (name, itemIndex, fallback, options); hook and webhook functions (name, fallback, options). */
function fallbackIndex(args) {
	const second = args[1];
	return second && (second.type === 'Identifier' || second.type === 'NumericLiteral') ? 2 : 1;
}

function isGetNodeParameterFallback(path) {
	const call = path.parentPath;
	if (!call?.isCallExpression() || path.listKey !== 'arguments') return false;
	const callee = call.node.callee;
	if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier' || callee.property.name !== 'getNodeParameter') return false;
	return path.key === fallbackIndex(call.node.arguments);
}

const UNWRAP_NOT_JSON =
	'Equivalent: in unwrap (nodes/shared/contacts.ts), a text that starts like JSON but is not JSON is dropped here; kept, it would be read as a phone number or @lid text, which cannot start with { or [, so it names nothing either way.';

/** The catch of the JSON.parse in contacts.ts's unwrap. */
function isUnwrapCatch(path) {
	if (!path.isCatchClause()) return false;
	const fn = path.getFunctionParent();
	return fn?.node.type === 'FunctionDeclaration' && fn.node.id?.name === 'unwrap' && path.parentPath.get('block').toString().includes('JSON.parse(');
}

const PARALLEL_PAGES_AT_ONE =
	"Equivalent: readPending's `parallel: transport.concurrency > 1` (queue.ts). With one call in flight the transport's gate serves the pages one after another, and the pages asked are the same either way (full pages up to Whapi's total, or what is still wanted), so reading them 'in parallel' at a concurrency of 1 is the sequential read.";

function isParallelAtOne(path) {
	return path.isObjectProperty() && path.node.key.type === 'Identifier' && path.node.key.name === 'parallel' && path.get('value').toString() === 'transport.concurrency > 1';
}

const CHANNEL_QUEUE_CLEANUP =
	"Equivalent: the finally of oneAtATime (webhookList.ts) only frees memory. Left in the map, a channel's tail is a promise that has already settled, and the next task chained to it starts at the same turn as after Promise.resolve(); at most one entry per channel stays.";

/** The finally block of webhookList.ts's oneAtATime. */
function isChannelQueueCleanup(path) {
	if (!path.isBlockStatement() || path.key !== 'finalizer' || !path.parentPath.isTryStatement()) return false;
	const fn = path.getFunctionParent();
	return fn?.node.type === 'FunctionDeclaration' && fn.node.id?.name === 'oneAtATime';
}

const ACCEPT_JSON =
	"Equivalent: `json: true` in the transport's request options (transport.ts). In n8n's httpRequest (2.x and 1.x alike) it only adds the header Accept: application/json; without it axios sends its own Accept, which lists application/json, and reads a JSON answer the same way, so no Whapi answer differs.";

/** The `json: true` of a request's options. */
function isAcceptJson(path) {
	return path.isObjectProperty() && path.node.key.type === 'Identifier' && path.node.key.name === 'json' && path.node.value.type === 'BooleanLiteral' && path.node.value.value === true;
}

export const strykerPlugins = [
	declareValuePlugin(PluginKind.Ignore, 'equivalent-mutants', {
		shouldIgnore(path) {
			if (isGetNodeParameterFallback(path)) return GET_NODE_PARAMETER_FALLBACK;
			if (isUnwrapCatch(path)) return UNWRAP_NOT_JSON;
			if (isParallelAtOne(path)) return PARALLEL_PAGES_AT_ONE;
			if (isChannelQueueCleanup(path)) return CHANNEL_QUEUE_CLEANUP;
			if (isAcceptJson(path)) return ACCEPT_JSON;
			return undefined;
		},
	}),
];
