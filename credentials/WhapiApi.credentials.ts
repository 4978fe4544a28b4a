import type {
	IAuthenticateGeneric,
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

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
			default: 'https://gate.whapi.cloud',
			description: 'Where the Whapi API answers. Keep the default unless Whapi gave you another address.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.token}}',
			},
		},
	};

	// A passive status read: `wakeup=false` does not start a stopped channel. Each rule turns one
	// failure into the field the user must fix; an unreachable Base URL surfaces as n8n's
	// connection error (ECONNREFUSED, ENOTFOUND).
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ ($credentials.baseUrl || "https://gate.whapi.cloud").replace(/\\/+$/, "") }}',
			url: '/health',
			qs: { wakeup: false },
		},
		// n8n checks every rule by its own type, but types the list as all-of-one-kind: hence the cast.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'Whapi does not know this token ("Channel not found"): copy the channel token again from the Whapi panel',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'The token is right, but the channel\'s WhatsApp session is logged out: scan the QR code in the Whapi panel',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status.text',
					value: 'QR',
					message: 'The token is right, but the channel\'s WhatsApp session is logged out: scan the QR code in the Whapi panel',
				},
			},
		] as Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> as IAuthenticateRuleResponseCode[],
	};
}
