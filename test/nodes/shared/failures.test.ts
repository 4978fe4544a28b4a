import { answerFailure, outcomeUnknown, unreachableFailure } from '../../../nodes/shared/failures';
import { fakeNode } from '../fake-node';

const node = fakeNode();
const where = { baseUrl: 'https://gate.whapi.cloud', defaultBaseUrl: 'https://gate.whapi.cloud', outcomeUnknown: false };
const call = { method: 'POST' as const, path: '/groups/x/applications', itemIndex: 3, applicant: '15550100000' };

describe('unreachableFailure', () => {
	it('names the network code, the base URL, the applicant and the item', () => {
		const failure = unreachableFailure(node, call, { ...where, code: 'EPROTO', error: new Error('write EPROTO') });
		expect(failure.message).toBe('Could not reach Whapi at https://gate.whapi.cloud (EPROTO) (applicant 15550100000)');
		expect(failure.errorResponse).toEqual({ code: 'EPROTO' });
		expect(failure.context.itemIndex).toBe(3);
	});

	it('keeps the applicant in the description, where n8n puts its own words in the message', () => {
		const failure = unreachableFailure(node, call, { ...where, code: 'ECONNREFUSED', error: new Error('connect ECONNREFUSED') });
		expect(failure.message).toBe('The service refused the connection - perhaps it is offline');
		expect(failure.description).toBe(
			'Check the Base URL in the Whapi API credential (normally https://gate.whapi.cloud) and that this n8n can reach it. (applicant 15550100000)',
		);
	});

	it('without a code, gives the error\'s own message', () => {
		const failure = unreachableFailure(node, { ...call, applicant: undefined }, { ...where, code: undefined, error: new Error('socket hang up') });
		expect(failure.message).toBe('Could not reach Whapi at https://gate.whapi.cloud (socket hang up)');
		expect(failure.errorResponse).toEqual({ code: 'UNKNOWN' });
	});

	it('without a code or an Error, says the error is unknown', () => {
		const failure = unreachableFailure(node, { ...call, applicant: undefined }, { ...where, code: undefined, error: 'thrown text' });
		expect(failure.message).toBe('Could not reach Whapi at https://gate.whapi.cloud (unknown error)');
		expect(failure.errorResponse).toEqual({ code: 'UNKNOWN' });
	});

	it('marks the failure whose call may have taken effect, and only that one', () => {
		const lost = unreachableFailure(node, call, { ...where, code: 'ECONNRESET', error: undefined, outcomeUnknown: true });
		const refused = unreachableFailure(node, call, { ...where, code: 'ECONNREFUSED', error: undefined });
		expect([outcomeUnknown(lost), outcomeUnknown(refused)]).toEqual([true, false]);
	});
});

describe('answerFailure', () => {
	const answer = (status: number, body: unknown) => ({ status, body, afterLostAnswer: false });

	it('a success: false inside a 200 says Whapi did not carry out the request, and what to check', () => {
		const failure = answerFailure(node, call, answer(200, [{ success: false, error: 'Application not found' }]));
		expect([failure.message, failure.description]).toEqual([
			'Whapi did not carry out the request: Application not found (applicant 15550100000)',
			'Whapi answered HTTP 200 with success: false. Check the Group and Applicant of this item.',
		]);
	});

	it('a success: false in an answer of HTTP 300 or above is described by its status, not as a refusal', () => {
		const failure = answerFailure(node, call, answer(300, { success: false, error: 'moved' }));
		expect(failure.message).toBe('Whapi answered with HTTP 300 (Whapi 300: moved) (applicant 15550100000)');
	});

	it('keeps an object body as the response of the error', () => {
		const failure = answerFailure(node, call, answer(400, { error: { code: 400, message: 'bad' } }));
		expect(failure.errorResponse).toEqual({ response: { error: { code: 400, message: 'bad' } } });
	});

	it.each([
		['null', null],
		['a text', 'Bad Gateway'],
	])('keeps no response for a body that is %s', (_label, body) => {
		expect(answerFailure(node, call, answer(502, body)).errorResponse).toEqual({});
	});
});
