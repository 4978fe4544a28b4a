import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

// The transport's DEFAULT_BASE_URL; test/credentials keeps the two equal.
const DEFAULT_BASE_URL = 'https://gate.whapi.cloud';

const LOGGED_OUT =
	'The token is right, but the channel\'s WhatsApp session is logged out: scan the QR code in the Whapi panel';

export class WhapiApi implements ICredentialType {
	name = 'whapiApi';

	displayName = 'Whapi API';

	icon: Icon = { light: 'file:whapi.svg', dark: 'file:whapi.dark.svg' };

	documentationUrl = 'https://github.com/whapi-join-requests/n8n-nodes-whapi-join-requests#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API token of the Whapi channel, from the channel page in the Whapi panel',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description: 'Where the Whapi API answers. Keep the default unless Whapi gave you another address.',
		},
	];

	// A function rather than a '=Bearer {{$credentials.token}}' template: n8n evaluates such a
	// template as an expression on every request (about 1 ms of its main thread per call in
	// n8n 2.x, bench/README.md), which a bulk decision pays once per item.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.token ?? '')}` },
	});

	// A passive status read: `wakeup=false` does not start a stopped channel. Whapi's error
	// answers are read as bodies (`ignoreHttpStatusErrors`), because n8n versions differ in how
	// they report a failed status; each rule then names the one field the user must fix. An
	// unreachable Base URL surfaces as n8n's connection error (ECONNREFUSED, ENOTFOUND).
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ ($credentials.baseUrl || "${DEFAULT_BASE_URL}").replace(/\\/+$/, "") }}`,
			url: '/health',
			qs: { wakeup: false },
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 404,
					message: 'Whapi does not know this token ("Channel not found"): copy the channel token again from the Whapi panel',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 401,
					message: LOGGED_OUT,
				},
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'status.text', value: 'QR', message: LOGGED_OUT },
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: undefined,
					message: `The Base URL answered, but not like the Whapi API: check the Base URL (normally ${DEFAULT_BASE_URL})`,
				},
			},
		],
	};
}
