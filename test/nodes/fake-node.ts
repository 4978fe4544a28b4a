import type { INode } from 'n8n-workflow';

/** A node as `getNode()` returns it, for tests that call our code with a hand-made context. */
export function fakeNode(type = 'whapiJoinRequests', name = 'Whapi'): INode {
	return { id: 'node', name, type, typeVersion: 1, position: [0, 0], parameters: {} };
}
