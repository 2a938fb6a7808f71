/**
 * A Web Push service on loopback for tests and the bench: HTTPS with a self-signed certificate
 * made on the spot (web-push speaks only HTTPS), recording what it receives, answering 201 (or
 * what the test tells it per path). `subscriber()` makes a phone's subscription keys and decrypts
 * what the sink received for it (RFC 8291, aes128gcm), as the phone would.
 */
import { execFileSync } from 'node:child_process';
import {
	createDecipheriv,
	createECDH,
	createHmac,
	createPublicKey,
	randomBytes,
	verify
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Certificate {
	key: string;
	cert: string;
	/** The certificate's file (for NODE_EXTRA_CA_CERTS). */
	certPath: string;
	dir: string;
}

/** A self-signed certificate for 127.0.0.1 and localhost, made with openssl. */
export function selfSignedCertificate(): Certificate {
	const dir = mkdtempSync(join(tmpdir(), 'linli-push-sink-'));
	const keyPath = join(dir, 'key.pem');
	const certPath = join(dir, 'cert.pem');
	execFileSync(
		'openssl',
		[
			'req',
			'-x509',
			'-newkey',
			'ec',
			'-pkeyopt',
			'ec_paramgen_curve:prime256v1',
			'-nodes',
			'-keyout',
			keyPath,
			'-out',
			certPath,
			'-days',
			'1',
			'-subj',
			'/CN=localhost',
			'-addext',
			'subjectAltName=IP:127.0.0.1,DNS:localhost'
		],
		{ stdio: 'ignore' }
	);
	return {
		key: readFileSync(keyPath, 'utf8'),
		cert: readFileSync(certPath, 'utf8'),
		certPath,
		dir
	};
}

export interface Received {
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
	at: number;
}

export interface Sink {
	/** https://127.0.0.1:<port> */
	origin: string;
	received: Received[];
	certificate: Certificate;
	/** The status to answer for a path (default 201). */
	answer: (path: string) => number;
	close(): Promise<void>;
}

export async function startSink(certificate = selfSignedCertificate()): Promise<Sink> {
	const received: Received[] = [];
	const sink = {
		received,
		certificate,
		answer: (() => 201) as (path: string) => number
	} as Sink;
	const server: Server = createServer(
		{ key: certificate.key, cert: certificate.cert },
		(request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (c: Buffer) => chunks.push(c));
			request.on('end', () => {
				const path = request.url ?? '/';
				received.push({
					path,
					headers: request.headers,
					body: Buffer.concat(chunks),
					at: Date.now()
				});
				response.writeHead(sink.answer(path));
				response.end();
			});
		}
	);
	server.keepAliveTimeout = 30_000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('no port');
	sink.origin = `https://127.0.0.1:${address.port}`;
	sink.close = async () => {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
		rmSync(certificate.dir, { recursive: true, force: true });
	};
	return sink;
}

export interface Subscriber {
	subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
	/** The plaintext of a message encrypted for this subscription (throws if it is not). */
	decrypt(body: Buffer): string;
}

const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();

/** A phone's subscription at `endpoint`: its P-256 key pair and auth secret. */
export function subscriber(endpoint: string): Subscriber {
	const ecdh = createECDH('prime256v1');
	const uaPublic = ecdh.generateKeys();
	const authSecret = randomBytes(16);
	return {
		subscription: {
			endpoint,
			keys: { p256dh: uaPublic.toString('base64url'), auth: authSecret.toString('base64url') }
		},
		decrypt(body) {
			// RFC 8188 header: salt (16) | record size (4) | key id length (1) | key id (sender's key)
			const salt = body.subarray(0, 16);
			const idLength = body[20] ?? 0;
			const asPublic = body.subarray(21, 21 + idLength);
			const ciphertext = body.subarray(21 + idLength);
			// RFC 8291 §3.4
			const shared = ecdh.computeSecret(asPublic);
			const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
			const ikm = hmac(hmac(authSecret, shared), Buffer.concat([keyInfo, Buffer.from([1])]));
			const prk = hmac(salt, ikm);
			const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16);
			const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12);
			const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
			decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
			const padded = Buffer.concat([
				decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
				decipher.final()
			]);
			// The last record ends with the delimiter 2, then zero padding.
			let end = padded.length - 1;
			while (end >= 0 && padded[end] === 0) end--;
			if (padded[end] !== 2) throw new Error('bad padding delimiter');
			return padded.subarray(0, end).toString('utf8');
		}
	};
}

/**
 * Checks a request's VAPID authorization (RFC 8292): `vapid t=<JWT>, k=<public key>`, the JWT
 * signed with that key for the endpoint's origin. Returns the key.
 */
export function checkVapid(received: Received, origin: string): string {
	const header = String(received.headers.authorization ?? '');
	const match = /^vapid t=([^,]+),\s*k=(.+)$/.exec(header);
	if (!match) throw new Error(`no VAPID authorization: ${header}`);
	const [jwt = '', k = ''] = match.slice(1);
	const [head = '', claims = '', signature = ''] = jwt.split('.');
	const publicKey = Buffer.from(k, 'base64url');
	const key = createPublicKey({
		key: {
			kty: 'EC',
			crv: 'P-256',
			x: publicKey.subarray(1, 33).toString('base64url'),
			y: publicKey.subarray(33, 65).toString('base64url')
		},
		format: 'jwk'
	});
	const ok = verify(
		'sha256',
		Buffer.from(`${head}.${claims}`),
		{ key, dsaEncoding: 'ieee-p1363' },
		Buffer.from(signature, 'base64url')
	);
	if (!ok) throw new Error('VAPID signature does not verify');
	const parsed = JSON.parse(Buffer.from(claims, 'base64url').toString()) as { aud: string };
	if (parsed.aud !== origin) throw new Error(`VAPID aud ${parsed.aud} is not ${origin}`);
	return k;
}
