import { unreachableReason } from '../../../nodes/WhapiJoinRequestsTrigger/reachability';

const WHAPI = 'https://gate.whapi.cloud';

describe('unreachableReason', () => {
	it.each([
		'http://localhost:5678/webhook/x',
		'http://LOCALHOST:5678/webhook/x',
		'http://n8n.localhost/webhook/x',
		'http://127.0.0.1:5678/webhook/x',
		'http://127.10.20.30/webhook/x',
		'http://10.0.0.5/webhook/x',
		'http://192.168.1.20:5678/webhook/x',
		'http://172.16.0.1/webhook/x',
		'http://172.20.5.5/webhook/x',
		'http://172.31.255.255/webhook/x',
		'http://169.254.1.1/webhook/x',
		'http://100.64.0.1/webhook/x', // carrier-grade NAT, 100.64/10
		'http://100.127.255.254/webhook/x',
		'http://0.0.0.0:5678/webhook/x',
		'http://[::1]:5678/webhook/x',
		'http://[fd00::1]/webhook/x',
		'http://[fe80::1]/webhook/x',
		'http://n8n.local/webhook/x',
		'https://n8n.corp.internal/webhook/x',
	])('%s with public Whapi → a reason naming the URL', (url) => {
		const reason = unreachableReason(url, WHAPI);
		expect(reason).toBeDefined();
		expect(reason).toContain(url);
		expect(reason).toMatch(/cannot reach/);
	});

	it.each([
		'https://n8n.example.com/webhook/x',
		'http://n8n.example.com:5678/webhook/x',
		'http://172.15.0.1/webhook/x', // just below 172.16/12
		'http://172.32.0.1/webhook/x', // just above
		'http://11.0.0.1/webhook/x',
		'http://100.63.255.254/webhook/x', // just below 100.64/10
		'http://100.128.0.1/webhook/x', // just above
		'http://192.169.0.1/webhook/x',
		'https://localhost.example.com/webhook/x',
		'https://203.0.113.7/webhook/x',
	])('%s with public Whapi → reachable', (url) => {
		expect(unreachableReason(url, WHAPI)).toBeUndefined();
	});

	it('a Base URL that is not a URL counts as public: a loopback webhook gets the reason, no exception', () => {
		const reason = unreachableReason('http://localhost:5678/webhook/x', 'not a url');
		expect(reason).toMatch(/cannot reach/);
	});

	it('a loopback webhook is fine when Whapi is on loopback too (a local stand-in)', () => {
		expect(unreachableReason('http://localhost:5678/webhook/x', 'http://127.0.0.1:8080')).toBeUndefined();
		expect(unreachableReason('http://127.0.0.1:5678/webhook/x', 'http://localhost:8080/')).toBeUndefined();
		expect(unreachableReason('http://192.168.1.2:5678/webhook/x', 'http://10.0.0.3')).toBeUndefined();
	});

	it('an invalid Whapi base URL counts as public', () => {
		expect(unreachableReason('http://localhost:5678/webhook/x', 'not a url')).toBeDefined();
		expect(unreachableReason('https://n8n.example.com/webhook/x', 'not a url')).toBeUndefined();
	});

	it('an invalid webhook URL → a reason quoting it', () => {
		for (const url of ['', 'not a url', '/webhook/x', 'http://']) {
			const reason = unreachableReason(url, WHAPI);
			expect(reason).toMatch(/not a valid URL/);
			expect(reason).toContain(`"${url}"`);
		}
	});

	it.each(['ftp://n8n.example.com/webhook/x', 'file:///etc/passwd', 'ws://n8n.example.com/x', 'javascript:alert(1)'])(
		'%s is not http(s)',
		(url) => {
			const reason = unreachableReason(url, WHAPI);
			expect(reason).toMatch(/not an http\(s\) URL/);
			expect(reason).toContain(url);
		},
	);

	it('a non-http scheme is refused even when Whapi is local', () => {
		expect(unreachableReason('ftp://localhost/x', 'http://localhost:8080')).toMatch(/not an http\(s\) URL/);
	});
});
