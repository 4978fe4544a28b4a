import type { IDataObject } from 'n8n-workflow';

/** What the fake response recorded. `body` is what `send`/`json`/`end` was given (objects kept as objects). */
export interface RecordedResponse {
	statusCode: number;
	body: unknown;
	headers: Record<string, string | number | string[]>;
	ended: boolean;
}

export interface FakeRequestInput {
	method?: string;
	headers?: Record<string, string | string[] | undefined>;
	body?: unknown;
	query?: IDataObject;
	params?: IDataObject;
	/** Raw body bytes; defaults to the JSON of `body` (n8n's body parser keeps them as `req.rawBody`). */
	rawBody?: Buffer;
	/** Path of the request, e.g. `/webhook/<id>/webhook`. */
	path?: string;
}

/**
 * An express-like request: the fields n8n's WebhookContext and typical nodes read
 * (`body`, `headers` lower-cased like Node's, `query`, `params`, `rawBody`, `method`, `get()`/`header()`).
 */
export function createFakeRequest(input: FakeRequestInput) {
	const headers: Record<string, string | string[]> = {};
	for (const [key, value] of Object.entries(input.headers ?? {})) {
		if (value !== undefined) headers[key.toLowerCase()] = value;
	}
	const body = input.body ?? {};
	if (input.body !== undefined && headers['content-type'] === undefined && typeof body === 'object') {
		headers['content-type'] = 'application/json';
	}
	const rawBody =
		input.rawBody ?? Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
	const path = input.path ?? '/webhook';
	const query = input.query ?? {};
	const search = new URLSearchParams(
		Object.entries(query).map(([k, v]) => [k, String(v)] as [string, string]),
	).toString();
	const get = (name: string) => {
		const value = headers[name.toLowerCase()];
		return value;
	};
	return {
		method: (input.method ?? 'POST').toUpperCase(),
		headers,
		body,
		rawBody,
		query,
		params: input.params ?? {},
		path,
		url: search ? `${path}?${search}` : path,
		originalUrl: search ? `${path}?${search}` : path,
		ip: '127.0.0.1',
		ips: [] as string[],
		hostname: '127.0.0.1',
		protocol: 'http',
		secure: false,
		socket: { remoteAddress: '127.0.0.1' },
		connection: { remoteAddress: '127.0.0.1' },
		contentType: headers['content-type'],
		get,
		header: get,
		on: () => undefined,
		once: () => undefined,
	};
}

/**
 * An express-like response that records what a node (or the harness's stand-in for n8n's webhook
 * layer) sent. Supports `status().send()`, `status().json()`, `sendStatus`, `end`, `setHeader`,
 * `set`/`header`, `type`, `writeHead`, `write`, `getHeader`, `headersSent`.
 */
export function createFakeResponse() {
	const recorded: RecordedResponse = { statusCode: 200, body: undefined, headers: {}, ended: false };
	const chunks: Array<string | Buffer> = [];
	const setHeader = (name: string, value: string | number | string[]) => {
		recorded.headers[name.toLowerCase()] = value;
		return res;
	};
	const res = {
		get statusCode() {
			return recorded.statusCode;
		},
		set statusCode(code: number) {
			recorded.statusCode = code;
		},
		get headersSent() {
			return recorded.ended || chunks.length > 0;
		},
		get writableEnded() {
			return recorded.ended;
		},
		get finished() {
			return recorded.ended;
		},
		status(code: number) {
			recorded.statusCode = code;
			return res;
		},
		sendStatus(code: number) {
			recorded.statusCode = code;
			recorded.body = String(code);
			recorded.ended = true;
			return res;
		},
		setHeader,
		header(name: string | Record<string, string>, value?: string) {
			if (typeof name === 'object') {
				for (const [k, v] of Object.entries(name)) setHeader(k, v);
			} else if (value !== undefined) {
				setHeader(name, value);
			}
			return res;
		},
		set(name: string | Record<string, string>, value?: string) {
			return res.header(name, value);
		},
		getHeader(name: string) {
			return recorded.headers[name.toLowerCase()];
		},
		removeHeader(name: string) {
			delete recorded.headers[name.toLowerCase()];
		},
		type(contentType: string) {
			return setHeader('content-type', contentType);
		},
		contentType(contentType: string) {
			return setHeader('content-type', contentType);
		},
		writeHead(code: number, headers?: Record<string, string>) {
			recorded.statusCode = code;
			for (const [k, v] of Object.entries(headers ?? {})) setHeader(k, v);
			return res;
		},
		write(chunk: string | Buffer) {
			chunks.push(chunk);
			return true;
		},
		send(body?: unknown) {
			if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) {
				recorded.headers['content-type'] ??= 'application/json; charset=utf-8';
			}
			recorded.body = body;
			recorded.ended = true;
			return res;
		},
		json(body?: unknown) {
			recorded.headers['content-type'] ??= 'application/json; charset=utf-8';
			recorded.body = body;
			recorded.ended = true;
			return res;
		},
		end(chunk?: string | Buffer) {
			if (chunk !== undefined) chunks.push(chunk);
			if (recorded.body === undefined && chunks.length > 0) {
				recorded.body = chunks.map((c) => c.toString()).join('');
			}
			recorded.ended = true;
			return res;
		},
		on: () => res,
		once: () => res,
		flushHeaders: () => undefined,
	};
	return { res, recorded };
}
