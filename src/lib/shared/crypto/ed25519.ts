/**
 * Ed25519 key pairs, signatures and their verification, the same on Node 20, the server and every
 * browser: WebCrypto where it implements Ed25519 (Node 20, Chromium 137+, Firefox 129+, Safari 17+),
 * else @noble/ed25519 (audited, 5 KB, loaded only when needed). Both follow RFC 8032; noble runs in
 * its strict mode (`zip215: false`) so that a signature one accepts the other accepts too.
 *
 * Keys travel as raw bytes: a 32-byte private seed and a 32-byte public key (RFC 8032 §5.1.5).
 * Every signature is made over a context string and a NUL byte before the message (see
 * `signMessage`), so a signature made for one purpose (a pack manifest) can never be replayed for
 * another (an event ticket) even when the same key signs both.
 *
 * Relative imports only: shared by the app, the server and the linli CLI.
 */
import { bufferSource, concatBytes, utf8 } from './bytes.js';

export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_PRIVATE_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

export type Ed25519Backend = 'webcrypto' | 'noble';

export interface Ed25519KeyPair {
	/** The 32-byte seed: keep it secret. */
	privateKey: Uint8Array;
	publicKey: Uint8Array;
}

/** DER prefix of a PKCS#8 Ed25519 private key: the 32-byte seed follows (RFC 8410 §7). */
export const PKCS8_ED25519_PREFIX = new Uint8Array([
	0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
]);
/** DER prefix of an SPKI Ed25519 public key: the 32-byte key follows (RFC 8410 §4). */
export const SPKI_ED25519_PREFIX = new Uint8Array([
	0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
]);

// RFC 8032 §7.1 test 1: used to find out whether this WebCrypto really verifies Ed25519.
const PROBE_KEY = hex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
const PROBE_SIGNATURE = hex(
	'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'
);

function hex(text: string): Uint8Array {
	return new Uint8Array(text.match(/../g)!.map((byte) => parseInt(byte, 16)));
}

let forced: Ed25519Backend | undefined;
let detected: Promise<Ed25519Backend> | undefined;

/** Forces one implementation (tests, benchmarks); `undefined` goes back to detecting. */
export function useEd25519Backend(backend: Ed25519Backend | undefined) {
	forced = backend;
}

async function detect(): Promise<Ed25519Backend> {
	const subtle = globalThis.crypto?.subtle;
	if (!subtle) return 'noble';
	try {
		const key = await subtle.importKey('raw', bufferSource(PROBE_KEY), 'Ed25519', false, [
			'verify'
		]);
		const ok = await subtle.verify(
			'Ed25519',
			key,
			bufferSource(PROBE_SIGNATURE),
			new Uint8Array(0)
		);
		return ok ? 'webcrypto' : 'noble';
	} catch {
		return 'noble';
	}
}

/** The implementation in use here: WebCrypto when it has Ed25519, else noble. */
export async function ed25519Backend(): Promise<Ed25519Backend> {
	if (forced) return forced;
	detected ??= detect();
	return detected;
}

async function noble() {
	const ed = await import('@noble/ed25519');
	return ed;
}

function subtle(): SubtleCrypto {
	return globalThis.crypto.subtle;
}

/** A new key pair from the platform's secure random source. */
export async function generateKeyPair(): Promise<Ed25519KeyPair> {
	if ((await ed25519Backend()) === 'noble') {
		const ed = await noble();
		const privateKey = ed.utils.randomSecretKey();
		return { privateKey, publicKey: await ed.getPublicKeyAsync(privateKey) };
	}
	const pair = (await subtle().generateKey('Ed25519', true, ['sign', 'verify'])) as CryptoKeyPair;
	const pkcs8 = new Uint8Array(await subtle().exportKey('pkcs8', pair.privateKey));
	const publicKey = new Uint8Array(await subtle().exportKey('raw', pair.publicKey));
	return { privateKey: pkcs8.slice(PKCS8_ED25519_PREFIX.length), publicKey };
}

function checkLength(bytes: Uint8Array, length: number, what: string) {
	if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
		throw new TypeError(`an Ed25519 ${what} is ${length} bytes`);
	}
}

async function importPrivate(privateKey: Uint8Array, extractable = false) {
	checkLength(privateKey, ED25519_PRIVATE_KEY_BYTES, 'private key');
	return subtle().importKey(
		'pkcs8',
		bufferSource(concatBytes(PKCS8_ED25519_PREFIX, privateKey)),
		'Ed25519',
		extractable,
		['sign']
	);
}

/** The public key that belongs to a private seed. */
export async function publicKeyOf(privateKey: Uint8Array): Promise<Uint8Array> {
	checkLength(privateKey, ED25519_PRIVATE_KEY_BYTES, 'private key');
	if ((await ed25519Backend()) === 'noble') return (await noble()).getPublicKeyAsync(privateKey);
	const jwk = await subtle().exportKey('jwk', await importPrivate(privateKey, true));
	const decoded = atob((jwk.x ?? '').replace(/-/g, '+').replace(/_/g, '/'));
	return Uint8Array.from(decoded, (c) => c.charCodeAt(0));
}

/** A plain Ed25519 signature over `message` (prefer `signMessage`, which adds a context). */
export async function signEd25519(privateKey: Uint8Array, message: Uint8Array) {
	if ((await ed25519Backend()) === 'noble') return (await noble()).signAsync(message, privateKey);
	const key = await importPrivate(privateKey);
	return new Uint8Array(await subtle().sign('Ed25519', key, bufferSource(message)));
}

/** Whether `signature` is a valid Ed25519 signature of `message` by `publicKey`; never throws. */
export async function verifyEd25519(
	publicKey: Uint8Array,
	message: Uint8Array,
	signature: Uint8Array
): Promise<boolean> {
	if (
		!(publicKey instanceof Uint8Array) ||
		!(signature instanceof Uint8Array) ||
		publicKey.length !== ED25519_PUBLIC_KEY_BYTES ||
		signature.length !== ED25519_SIGNATURE_BYTES
	) {
		return false;
	}
	try {
		if ((await ed25519Backend()) === 'noble') {
			return await (await noble()).verifyAsync(signature, message, publicKey, { zip215: false });
		}
		const key = await subtle().importKey('raw', bufferSource(publicKey), 'Ed25519', false, [
			'verify'
		]);
		return await subtle().verify('Ed25519', key, bufferSource(signature), bufferSource(message));
	} catch {
		// A public key that is not a curve point, for instance.
		return false;
	}
}

const CONTEXT = /^[a-z0-9][a-z0-9.-]{0,63}$/;

/**
 * The bytes actually signed for a message in a context: the context in ASCII, one 0x00 byte, then
 * the message. Contexts are short lower-case names with a version, e.g. `linli.pack.manifest.v1`.
 */
export function signedBytes(context: string, message: Uint8Array): Uint8Array {
	if (!CONTEXT.test(context)) throw new TypeError(`bad signing context: ${context}`);
	return concatBytes(utf8(context), new Uint8Array([0]), message);
}

/** Signs a message for one purpose (the context); see `signedBytes`. */
export async function signMessage(
	privateKey: Uint8Array,
	context: string,
	message: Uint8Array
): Promise<Uint8Array> {
	return signEd25519(privateKey, signedBytes(context, message));
}

/** Verifies a signature made by `signMessage` with the same context; never throws. */
export async function verifyMessage(
	publicKey: Uint8Array,
	context: string,
	message: Uint8Array,
	signature: Uint8Array
): Promise<boolean> {
	return verifyEd25519(publicKey, signedBytes(context, message), signature);
}
