import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_BASE_URL, WhapiTransport } from '../../../nodes/shared/transport';

/** The base URL the transport settles on for a credential's stored fields. */
async function baseUrlOf(credentials: ICredentialDataDecryptedObject): Promise<string> {
	const context = { getCredentials: async () => credentials } as unknown as IExecuteFunctions;
	return (await WhapiTransport.connect(context)).baseUrl;
}

describe('WhapiTransport.connect: base URL', () => {
	it('defaults to https://gate.whapi.cloud (CONTRACT.md)', async () => {
		expect(DEFAULT_BASE_URL).toBe('https://gate.whapi.cloud');
		await expect(baseUrlOf({})).resolves.toBe('https://gate.whapi.cloud');
		await expect(baseUrlOf({ baseUrl: '' })).resolves.toBe('https://gate.whapi.cloud');
		await expect(baseUrlOf({ baseUrl: '   ' })).resolves.toBe('https://gate.whapi.cloud');
		await expect(baseUrlOf({ baseUrl: 42 as unknown as string })).resolves.toBe('https://gate.whapi.cloud');
	});
	it('tolerates trailing slashes and surrounding whitespace', async () => {
		await expect(baseUrlOf({ baseUrl: 'https://gate.whapi.cloud/' })).resolves.toBe('https://gate.whapi.cloud');
		await expect(baseUrlOf({ baseUrl: 'http://127.0.0.1:8080///' })).resolves.toBe('http://127.0.0.1:8080');
		await expect(baseUrlOf({ baseUrl: ' https://proxy.example.com/whapi/ ' })).resolves.toBe('https://proxy.example.com/whapi');
	});
	it('keeps a path prefix', async () => {
		await expect(baseUrlOf({ baseUrl: 'https://proxy.example.com/whapi' })).resolves.toBe('https://proxy.example.com/whapi');
	});
});
