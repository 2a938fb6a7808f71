// The production server: adapter-node's handler behind a thin layer that puts the security headers
// on EVERY response. adapter-node serves static files and prerendered pages before SvelteKit's
// `handle` runs, so headers set there alone would miss them. The same layer compresses HTML and
// JSON, answers refused requests in a way the client receives (connection.js), bounds how long a
// request may take to arrive, and falls back to the socket's address when a proxy header is missing.
import { createServer } from 'node:http';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import compression from 'compression';
import { commonSecurityHeaders, staticCsp } from './csp.js';
import { addressFallback, finishRefusedBodies, requestTimeouts } from './connection.js';

const BUILD = new URL(`../../${process.env.LINLI_BUILD_OUT || 'build'}/`, import.meta.url).pathname;

/**
 * Prerendered pages carry their CSP (with the hashes of their inline scripts) in a <meta> tag,
 * which cannot hold frame-ancestors. Send the same policy as a header, with frame-ancestors.
 */
function prerenderedPolicies() {
	const policies = new Map();
	const root = join(BUILD, 'prerendered');
	let files = [];
	try {
		files = readdirSync(root, { recursive: true }).filter((f) => String(f).endsWith('.html'));
	} catch {
		return policies;
	}
	for (const file of files) {
		const html = readFileSync(join(root, String(file)), 'utf8');
		const meta = /<meta http-equiv="content-security-policy" content="([^"]*)"/i.exec(html);
		if (!meta?.[1]) continue;
		const policy = meta[1]
			.replaceAll('&#39;', "'")
			.replaceAll('&quot;', '"')
			.replaceAll('&amp;', '&');
		const path = `/${relative(root, join(root, String(file)))}`;
		const withFrames = `${policy}; frame-ancestors 'none'`;
		policies.set(path, withFrames);
		policies.set(path.replace(/\.html$/, ''), withFrames);
		policies.set(path.replace(/index\.html$/, ''), withFrames);
	}
	return policies;
}

export async function startServer({ port = 3000, host = '0.0.0.0' } = {}) {
	const dataDir = process.env.DATA_DIR || 'data';
	mkdirSync(dataDir, { recursive: true });

	// Server-side rendering reads lesson packs from here instead of fetching them over the network.
	process.env.LINLI_CLIENT_DIR ??= join(BUILD, 'client');
	// Without ORIGIN, take the scheme from the socket and the host from the request, so that
	// http://localhost:3000, http://127.0.0.1:3000 and a LAN address all work. Behind a proxy
	// that terminates TLS, set ORIGIN=https://your.domain instead.
	const deriveOrigin = !process.env.ORIGIN;
	if (deriveOrigin) {
		process.env.PROTOCOL_HEADER = 'x-linli-proto';
		process.env.HOST_HEADER = 'host';
	}
	// Pack uploads (POST /api/packs) may be up to 25 MiB; pages keep the 512K limit below (a
	// declared larger body is refused before it is read); the API's handlers bound their own.
	const uploadLimit = 26 * 1024 * 1024;
	process.env.BODY_SIZE_LIMIT ??= String(uploadLimit);
	const { handler } = await import(join(BUILD, 'handler.js'));
	const policies = prerenderedPolicies();
	// HTML and JSON (and other compressible types) rendered per request: brotli or gzip as the
	// client accepts. Static files keep the .br/.gz copies adapter-node precompressed at build
	// time (a response that already has a Content-Encoding is left alone).
	const compress = compression({ threshold: 1024 });
	const fallBackToSocket = addressFallback(process.env);

	const server = createServer(requestTimeouts(process.env), (req, res) => {
		finishRefusedBodies(req, res, process.env);
		fallBackToSocket(req);
		if (deriveOrigin) {
			// Set here, never taken from the client.
			req.headers['x-linli-proto'] = /** @type {{ encrypted?: boolean }} */ (req.socket).encrypted
				? 'https'
				: 'http';
		}
		for (const [name, value] of Object.entries(commonSecurityHeaders)) res.setHeader(name, value);
		// SvelteKit replaces this on the pages it renders (with the nonce of their scripts).
		const path = (req.url ?? '/').split('?')[0] ?? '/';
		res.setHeader('content-security-policy', policies.get(path) ?? staticCsp);
		if (path === '/service-worker.js') res.setHeader('cache-control', 'no-cache');
		// Pages and their form actions read bodies through SvelteKit, whose limit is now the upload's:
		// refuse a declared larger body there before it is read. The API's handlers check the
		// caller first, then read with their own limits (readJson), so a phone that must register
		// again hears 401, not 413.
		const declared = Number(req.headers['content-length'] ?? 0);
		if (declared > 512 * 1024 && !path.startsWith('/api/')) {
			res.writeHead(413, { 'content-type': 'application/json; charset=utf-8' });
			res.end('{"error":"too_large","message":"The request body is too large."}');
			return;
		}
		compress(/** @type {any} */ (req), /** @type {any} */ (res), () =>
			handler(req, res, () => {
				res.statusCode = 404;
				res.end('Not found');
			})
		);
	});

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve(undefined));
	});
	return server;
}

/** Serves on PORT (default 3000) and HOST (default all interfaces) until SIGINT or SIGTERM. */
export async function main() {
	const port = Number(process.env.PORT || 3000);
	const host = process.env.HOST || '0.0.0.0';
	const server = await startServer({ port, host });
	const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
	console.log(`Linli is running at http://${shown}:${port}`);
	const stop = () => {
		server.close(() => process.exit(0));
		setTimeout(() => process.exit(0), 3000).unref();
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
