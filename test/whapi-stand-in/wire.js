/** HTTP plumbing shared by the server side and the webhook delivery side of the stand-in. */
'use strict';

const http = require('node:http');

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** Parsed JSON, the raw text when it is not JSON, or undefined when empty. */
function parseBody(raw) {
	if (raw === '') return undefined;
	try {
		return JSON.parse(raw);
	} catch {
		return raw;
	}
}

/** Sends JSON to a URL; never rejects: a network error or a timeout resolves with status 0 and `error`. */
function post(url, body, headers = {}, method = 'POST', timeoutMs = 10000) {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	return new Promise((resolve) => {
		const req = http.request(url, {
			method,
			agent: false,
			headers: { 'Content-Type': 'application/json', ...headers, 'Content-Length': Buffer.byteLength(text) },
		});
		req.setTimeout(timeoutMs, () => req.destroy(new Error('delivery timed out')));
		req.on('response', async (res) => resolve({ url, status: res.statusCode, body: await readBody(res) }));
		req.on('error', (error) => resolve({ url, status: 0, body: '', error: error.message }));
		req.end(text);
	});
}

module.exports = { readBody, parseBody, post };
