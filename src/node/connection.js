// How the production server treats connections (used by server.js; plain JS, no build step).
//
// 1. A request refused before its body was read (401 for an unknown device, 413 for a body over
//    the limit, 429 …) is answered with `Connection: close`, and the server then keeps reading and
//    discarding what the client still sends, up to LINLI_DRAIN_BYTES and LINLI_DRAIN_MS, before it
//    closes. Closing a socket with unread data in it makes the kernel send a reset, and the client
//    then sees ECONNRESET (a phone: "network failure") instead of the answer.
// 2. Time limits suited to slow phones, not to attackers: the headers must arrive within
//    LINLI_HEADERS_TIMEOUT_MS (30 s) and the whole request within LINLI_REQUEST_TIMEOUT_MS
//    (120 s: a 256 KiB push at 20 kbit/s); a refused request's remaining body gets LINLI_DRAIN_MS
//    (10 s) at most.
// 3. ADDRESS_HEADER set (behind a proxy) but missing from a request, or an X-Forwarded-For with
//    fewer addresses than XFF_DEPTH: the socket's address is used (and this is logged once) where
//    adapter-node would throw and answer 500.

/** @param {NodeJS.ProcessEnv} env @param {string} name @param {number} fallback */
function positive(env, name, fallback) {
	const value = Number(env[name]);
	return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

/**
 * Options for http.createServer: headers and request time limits, checked every second or so.
 * @param {NodeJS.ProcessEnv} env
 */
export function requestTimeouts(env) {
	const requestTimeout = positive(env, 'LINLI_REQUEST_TIMEOUT_MS', 120_000);
	const headersTimeout = Math.min(
		positive(env, 'LINLI_HEADERS_TIMEOUT_MS', 30_000),
		requestTimeout
	);
	return {
		requestTimeout,
		headersTimeout,
		connectionsCheckingInterval: Math.max(250, Math.min(2_000, Math.floor(headersTimeout / 2)))
	};
}

/**
 * Makes a response sent before its request's body was read in full end the connection gracefully:
 * `Connection: close`, then the rest of the body read and dropped (bounded), then close.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {NodeJS.ProcessEnv} env
 */
export function finishRefusedBodies(req, res, env) {
	const writeHead = res.writeHead;
	/** @type {any} */ (res).writeHead = function (/** @type {any[]} */ ...args) {
		if (!req.complete && !res.headersSent) {
			// Node then sends `Connection: close` and ends the socket after the response.
			res.shouldKeepAlive = false;
			drainAfterResponse(req, env);
		}
		return writeHead.apply(res, /** @type {any} */ (args));
	};
}

/**
 * Once the response is out, Node would destroy the socket (destroySoon): instead, end our side and
 * keep reading the client's until its body is complete or a limit is reached.
 * @param {import('node:http').IncomingMessage} req
 * @param {NodeJS.ProcessEnv} env
 */
function drainAfterResponse(req, env) {
	const socket = req.socket;
	if (/** @type {any} */ (socket).linliDraining) return;
	/** @type {any} */ (socket).linliDraining = true;
	const maxBytes = positive(env, 'LINLI_DRAIN_BYTES', 2 * 1024 * 1024);
	const maxMs = positive(env, 'LINLI_DRAIN_MS', 10_000);
	/** @type {any} */ (socket).destroySoon = function () {
		let bytes = 0;
		const stop = () => {
			clearTimeout(timer);
			socket.destroy();
		};
		const timer = setTimeout(stop, maxMs);
		if (socket.writable) socket.end();
		if (req.readableEnded) return stop();
		// Whatever was reading the body (adapter-node's request stream) is done with it.
		req.removeAllListeners('data');
		req.on('data', (/** @type {Buffer} */ chunk) => {
			bytes += chunk.length;
			if (bytes > maxBytes) stop();
		});
		req.once('end', stop);
		req.once('error', stop);
		req.once('aborted', stop);
		socket.once('end', stop);
		socket.once('close', () => clearTimeout(timer));
		req.resume();
	};
}

/**
 * The address header fallback (3. above). Returns a function to call on each request.
 * @param {NodeJS.ProcessEnv} env
 */
export function addressFallback(env) {
	const header = (env.ADDRESS_HEADER || '').toLowerCase();
	const depth = parseInt(env.XFF_DEPTH || '1', 10) || 1;
	let warned = false;
	return (/** @type {import('node:http').IncomingMessage} */ req) => {
		if (!header) return;
		const value = req.headers[header];
		const text = Array.isArray(value) ? value.join(',') : (value ?? '');
		const missing =
			text.trim() === '' || (header === 'x-forwarded-for' && text.split(',').length < depth);
		if (!missing) return;
		if (!warned) {
			warned = true;
			console.warn(
				`ADDRESS_HEADER=${header} is set, but a request came without it${header === 'x-forwarded-for' ? ` (or with fewer than XFF_DEPTH=${depth} addresses)` : ''}: ` +
					"using the connection's address for such requests. Check that the proxy sets it (logged once)."
			);
		}
		const own = req.socket.remoteAddress ?? '';
		req.headers[header] = header === 'x-forwarded-for' ? Array(depth).fill(own).join(', ') : own;
	};
}
