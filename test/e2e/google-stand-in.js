'use strict';
// A stand-in for the two Google APIs that n8n's Google Sheets node (v4, service account) calls
// to read a sheet, reached the way n8n reaches the real ones: through an HTTPS proxy.
//
// n8n (both 1.123 and 2.40) sends outbound HTTPS through the proxy named in HTTPS_PROXY, with a
// CONNECT tunnel, and trusts the certificates in NODE_EXTRA_CA_CERTS. So the stand-in is:
//   - a test CA and a certificate for *.googleapis.com signed by it (openssl, at start);
//   - a CONNECT proxy on 127.0.0.1 that terminates TLS for *.googleapis.com:443 itself and
//     refuses every other host (n8n reaches nothing else through it);
//   - behind it, `POST https://oauth2.googleapis.com/token` (JWT-bearer grant; the JWT's RS256
//     signature is checked against the service account's public key), and
//     `GET https://sheets.googleapis.com/v4/spreadsheets/{id}` (sheet properties) and
//     `.../values/{range}` (a whole sheet, header row first), both requiring a token it issued.
//
//   const google = await startGoogleStandIn();
//   google.addSpreadsheet('1abc…', { Allowlist: [['phone'], [15550100000]] });
//   await startN8n({ …, env: google.n8nEnv });       // HTTPS_PROXY, NO_PROXY, NODE_EXTRA_CA_CERTS
//   // credential googleApi: { email: google.serviceAccount.email, privateKey: google.serviceAccount.privateKey }
//   google.reads('1abc…');   google.calls;   google.refused;   await google.close();
//
// Node standard library and the openssl command only.

const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const { once } = require('node:events');
const os = require('node:os');
const path = require('node:path');

const TOKEN_URL = 'https://oauth2.googleapis.com/token';
const GOOGLE_HOST = /^([a-z0-9-]+\.)*googleapis\.com$/i;

/** A CA and a *.googleapis.com server certificate signed by it, as PEM files in `dir`. */
function makeCertificates(dir) {
	const file = (name) => path.join(dir, name);
	const openssl = (...args) => execFileSync('openssl', args, { stdio: 'pipe' });
	openssl(
		'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
		'-keyout', file('ca.key'), '-out', file('ca.crt'), '-subj', '/CN=Google stand-in test CA',
		'-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
	);
	openssl(
		'req', '-newkey', 'rsa:2048', '-nodes', '-sha256',
		'-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=*.googleapis.com',
	);
	fs.writeFileSync(
		file('server.ext'),
		[
			'basicConstraints=CA:FALSE',
			'keyUsage=critical,digitalSignature,keyEncipherment',
			'extendedKeyUsage=serverAuth',
			'subjectAltName=DNS:*.googleapis.com,DNS:googleapis.com',
			'subjectKeyIdentifier=hash',
			'authorityKeyIdentifier=keyid',
		].join('\n'),
	);
	openssl(
		'x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'),
		'-CAcreateserial', '-days', '2', '-sha256', '-extfile', file('server.ext'), '-out', file('server.crt'),
	);
	return {
		caFile: file('ca.crt'),
		key: fs.readFileSync(file('server.key')),
		cert: fs.readFileSync(file('server.crt')),
	};
}

const base64url = (text) => Buffer.from(text, 'base64url');

/** The payload of an RS256 JWT signed with the key matching `publicKey`, or undefined. */
function verifiedJwt(assertion, publicKey) {
	const parts = String(assertion ?? '').split('.');
	if (parts.length !== 3) return undefined;
	try {
		const header = JSON.parse(base64url(parts[0]).toString('utf8'));
		if (header.alg !== 'RS256') return undefined;
		const signed = crypto.verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), publicKey, base64url(parts[2]));
		return signed ? JSON.parse(base64url(parts[1]).toString('utf8')) : undefined;
	} catch {
		return undefined;
	}
}

/** Google's error shape. */
const googleError = (code, message, status) => [code, { error: { code, message, status } }];

class GoogleStandIn {
	constructor() {
		this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'google-stand-in-'));
		let certificates;
		try {
			certificates = makeCertificates(this.dir);
		} catch (error) {
			fs.rmSync(this.dir, { recursive: true, force: true });
			throw error;
		}
		const { caFile, key, cert } = certificates;
		this.caFile = caFile;
		const keys = crypto.generateKeyPairSync('rsa', {
			modulusLength: 2048,
			publicKeyEncoding: { type: 'spki', format: 'pem' },
			privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
		});
		/** For a `googleApi` credential: `{ email, privateKey }`. */
		this.serviceAccount = {
			email: 'whapi-allowlist@stand-in-project.iam.gserviceaccount.com',
			privateKey: keys.privateKey,
		};
		this.publicKey = keys.publicKey;
		/** Every request that reached Google through the tunnel: {host, method, path, query, status}. */
		this.calls = [];
		/** CONNECT or plain proxy requests refused: `host:port` strings. */
		this.refused = [];
		this.tokens = new Set();
		this.spreadsheets = new Map();
		this.sockets = new Set();
		this.google = https.createServer({ key, cert }, (req, res) => this.handle(req, res));
		this.proxy = http.createServer((req, res) => {
			this.refused.push(req.headers.host ?? req.url);
			res.writeHead(403).end('this proxy only tunnels to googleapis.com');
		});
		this.proxy.on('connect', (req, socket, head) => this.tunnel(req, socket, head));
		this.proxy.on('connection', (socket) => this.track(socket));
	}

	track(socket) {
		this.sockets.add(socket);
		socket.once('close', () => this.sockets.delete(socket));
	}

	async listen() {
		this.proxy.listen(0, '127.0.0.1');
		await once(this.proxy, 'listening');
		this.proxyUrl = `http://127.0.0.1:${this.proxy.address().port}`;
	}

	/** Environment for the n8n process: proxy, loopback exempt, and trust in the test CA. */
	get n8nEnv() {
		return {
			HTTPS_PROXY: this.proxyUrl,
			NO_PROXY: '127.0.0.1,localhost,::1',
			NODE_EXTRA_CA_CERTS: this.caFile,
		};
	}

	/** Adds a spreadsheet: `{ <sheet title>: rows }`, each row an array of cells, header row first. */
	addSpreadsheet(id, sheets) {
		this.spreadsheets.set(id, new Map(Object.entries(sheets)));
	}

	/** Values reads of one spreadsheet, in order. */
	reads(id) {
		return this.calls.filter((c) => c.path.startsWith(`/v4/spreadsheets/${id}/values/`) && c.status === 200);
	}

	tunnel(req, socket, head) {
		const [host, port] = String(req.url).split(':');
		if (!GOOGLE_HOST.test(host) || port !== '443') {
			this.refused.push(req.url);
			socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
			return;
		}
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		if (head?.length) socket.unshift(head);
		this.google.emit('connection', socket);
	}

	async handle(req, res) {
		const url = new URL(req.url, `https://${req.headers.host}`);
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		const body = Buffer.concat(chunks).toString('utf8');
		const call = { host: url.hostname, method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams) };
		let status;
		let payload;
		try {
			[status, payload] = this.route(url, req, body);
		} catch (error) {
			[status, payload] = googleError(500, String(error?.stack ?? error), 'INTERNAL');
		}
		call.status = status;
		this.calls.push(call);
		const text = JSON.stringify(payload);
		res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(text) });
		res.end(text);
	}

	route(url, req, body) {
		if (url.hostname === 'oauth2.googleapis.com' && req.method === 'POST' && url.pathname === '/token') {
			return this.token(new URLSearchParams(body));
		}
		if (url.hostname !== 'sheets.googleapis.com') return googleError(404, `no stand-in for ${url.hostname}`, 'NOT_FOUND');
		const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
		if (!bearer || !this.tokens.has(bearer[1])) {
			return googleError(401, 'Request had invalid authentication credentials.', 'UNAUTHENTICATED');
		}
		const match = /^\/v4\/spreadsheets\/([^/]+)(?:\/values\/(.+))?$/.exec(url.pathname);
		if (!match || req.method !== 'GET') return googleError(404, `no stand-in for ${req.method} ${url.pathname}`, 'NOT_FOUND');
		const sheets = this.spreadsheets.get(match[1]);
		if (!sheets) return googleError(404, 'Requested entity was not found.', 'NOT_FOUND');
		if (match[2] === undefined) {
			const properties = [...sheets.entries()].map(([title, rows], index) => ({
				sheetId: index === 0 ? 0 : 1000 + index,
				title,
				index,
				sheetType: 'GRID',
				gridProperties: { rowCount: Math.max(rows.length, 1000), columnCount: 26 },
			}));
			return [200, { sheets: properties.map((p) => ({ properties: p })) }];
		}
		// A range is a sheet title, quoted or not, optionally followed by !A1 notation; the
		// stand-in always answers the whole sheet.
		const range = decodeURIComponent(match[2]);
		const title = range.split('!')[0].replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
		const rows = sheets.get(title);
		if (!rows) return googleError(400, `Unable to parse range: ${range}`, 'INVALID_ARGUMENT');
		const width = Math.max(1, ...rows.map((r) => r.length));
		const lastColumn = String.fromCharCode(64 + Math.min(width, 26));
		return [200, { range: `'${title}'!A1:${lastColumn}${rows.length}`, majorDimension: 'ROWS', values: rows }];
	}

	token(form) {
		if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
			return [400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' }];
		}
		const claims = verifiedJwt(form.get('assertion'), this.publicKey);
		const now = Math.floor(Date.now() / 1000);
		const valid =
			claims &&
			claims.iss === this.serviceAccount.email &&
			claims.aud === TOKEN_URL &&
			typeof claims.scope === 'string' &&
			claims.exp > now;
		if (!valid) return [400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }];
		const accessToken = `ya29.stand-in-${crypto.randomBytes(16).toString('hex')}`;
		this.tokens.add(accessToken);
		return [200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' }];
	}

	async close() {
		for (const socket of this.sockets) socket.destroy();
		await new Promise((resolve) => this.proxy.close(() => resolve()));
		this.google.close();
		fs.rmSync(this.dir, { recursive: true, force: true });
	}
}

async function startGoogleStandIn() {
	const standIn = new GoogleStandIn();
	await standIn.listen();
	return standIn;
}

module.exports = { startGoogleStandIn, GoogleStandIn };
