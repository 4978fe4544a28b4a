import { DEFAULT_BASE_URL, baseUrlOf, findRefusal, networkErrorCode } from '../../nodes/shared/transport';

describe('baseUrlOf', () => {
	it('defaults to https://gate.whapi.cloud (CONTRACT.md)', () => {
		expect(DEFAULT_BASE_URL).toBe('https://gate.whapi.cloud');
		expect(baseUrlOf({})).toBe('https://gate.whapi.cloud');
		expect(baseUrlOf({ baseUrl: '' })).toBe('https://gate.whapi.cloud');
		expect(baseUrlOf({ baseUrl: '   ' })).toBe('https://gate.whapi.cloud');
		expect(baseUrlOf({ baseUrl: 42 as unknown as string })).toBe('https://gate.whapi.cloud');
	});
	it('tolerates trailing slashes and surrounding whitespace', () => {
		expect(baseUrlOf({ baseUrl: 'https://gate.whapi.cloud/' })).toBe('https://gate.whapi.cloud');
		expect(baseUrlOf({ baseUrl: 'http://127.0.0.1:8080///' })).toBe('http://127.0.0.1:8080');
		expect(baseUrlOf({ baseUrl: ' https://proxy.example.com/whapi/ ' })).toBe('https://proxy.example.com/whapi');
	});
	it('keeps a path prefix', () => {
		expect(baseUrlOf({ baseUrl: 'https://proxy.example.com/whapi' })).toBe('https://proxy.example.com/whapi');
	});
});

describe('findRefusal', () => {
	// WHAPI.md: accept/reject answer `[{"chatId","success":bool,"error?"}]`; a failure can arrive in a 200.
	it('array with success:false → its error text', () => {
		expect(findRefusal([{ chatId: '15550100000@s.whatsapp.net', success: false, error: 'not found' }])).toBe('not found');
	});
	it('the first refusal in a mixed array', () => {
		expect(
			findRefusal([
				{ chatId: 'a', success: true },
				{ chatId: 'b', success: false, error: 'first' },
				{ chatId: 'c', success: false, error: 'second' },
			]),
		).toBe('first');
	});
	it('a single object', () => {
		expect(findRefusal({ success: false, error: 'nope' })).toBe('nope');
	});
	it('an error object with a message', () => {
		expect(findRefusal({ success: false, error: { code: 400, message: 'Bad application' } })).toBe('Bad application');
		expect(findRefusal([{ success: false, error: { message: 'in array' } }])).toBe('in array');
	});
	it('no usable reason → "no reason given"', () => {
		expect(findRefusal({ success: false })).toBe('no reason given');
		expect(findRefusal({ success: false, error: '' })).toBe('no reason given');
		expect(findRefusal({ success: false, error: { code: 1 } })).toBe('no reason given');
	});
	it('success true or no success field → undefined', () => {
		expect(findRefusal([{ chatId: 'a', success: true }])).toBeUndefined();
		expect(findRefusal({ success: true, error: 'ignored' })).toBeUndefined();
		expect(findRefusal({ applications: [] })).toBeUndefined();
		expect(findRefusal({ success: 'false' })).toBeUndefined();
		expect(findRefusal({ success: 0 })).toBeUndefined();
	});
	it('odd bodies → undefined', () => {
		for (const body of [undefined, null, '', 'success:false', 0, [], [null, 1, 'x']]) expect(findRefusal(body)).toBeUndefined();
	});
});

describe('networkErrorCode', () => {
	const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

	it('reads the code of the error itself', () => {
		expect(networkErrorCode(withCode('ECONNRESET'))).toBe('ECONNRESET');
		expect(networkErrorCode({ code: 'ETIMEDOUT' })).toBe('ETIMEDOUT');
	});

	it('follows the cause chain (fetch wraps undici errors)', () => {
		const inner = withCode('UND_ERR_SOCKET', 'other side closed');
		const outer = new Error('fetch failed', { cause: inner });
		expect(networkErrorCode(outer)).toBe('UND_ERR_SOCKET');
		const deep = new Error('a', { cause: new Error('b', { cause: new Error('c', { cause: withCode('EPIPE') }) }) });
		expect(networkErrorCode(deep)).toBe('EPIPE');
	});

	it('skips codes that are not network codes on the way down', () => {
		const err = Object.assign(new Error('wrapped'), { code: 'ERR_HTTP_REQUEST', cause: withCode('ECONNREFUSED') });
		expect(networkErrorCode(err)).toBe('ECONNREFUSED');
	});

	it("reads 'socket hang up' as ECONNRESET and a timeout message as ETIMEDOUT", () => {
		expect(networkErrorCode(new Error('socket hang up'))).toBe('ECONNRESET');
		expect(networkErrorCode(new Error('Socket Hang Up'))).toBe('ECONNRESET');
		expect(networkErrorCode(new Error('timeout of 30000ms exceeded'))).toBe('ETIMEDOUT');
	});

	it('undefined for anything else', () => {
		for (const e of [undefined, null, 'ECONNRESET', 42, {}, new Error('bad request'), withCode('ERR_INVALID_URL'), { code: 123 }, { code: 'econnreset' }]) {
			expect(networkErrorCode(e)).toBeUndefined();
		}
	});

	it('stops on a cyclic cause chain', () => {
		const a = new Error('a') as Error & { cause?: unknown };
		const b = new Error('b', { cause: a });
		a.cause = b;
		expect(networkErrorCode(a)).toBeUndefined();
	});
});
