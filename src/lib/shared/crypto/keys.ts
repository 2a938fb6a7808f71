/**
 * Key fingerprints and key files. A fingerprint names a public key: the SHA-256 of its 32 raw bytes
 * in lower-case hex (64 digits). Private keys are stored as PKCS#8 PEM ("BEGIN PRIVATE KEY", the
 * form `openssl genpkey -algorithm ed25519` writes) and public keys as SPKI PEM ("BEGIN PUBLIC
 * KEY"), so standard tools can read and make them.
 *
 * Relative imports only: shared by the app, the server and the linli CLI.
 */
import { concatBytes, equalBytes, fromBase64Url, toBase64Url } from './bytes.js';
import {
	ED25519_PRIVATE_KEY_BYTES,
	ED25519_PUBLIC_KEY_BYTES,
	PKCS8_ED25519_PREFIX,
	SPKI_ED25519_PREFIX
} from './ed25519.js';
import { sha256Hex } from './sha256.js';

export const FINGERPRINT_PATTERN = /^[0-9a-f]{64}$/;

/** The key's fingerprint: SHA-256 of the raw 32-byte public key, as 64 lower-case hex digits. */
export async function fingerprint(publicKey: Uint8Array): Promise<string> {
	if (publicKey.length !== ED25519_PUBLIC_KEY_BYTES) throw new TypeError('not an Ed25519 key');
	return sha256Hex(publicKey);
}

/** A fingerprint for people to compare: groups of four digits, e.g. `3f2a 9c01 …`. */
export function formatFingerprint(value: string, groups = 16): string {
	return (value.match(/.{1,4}/g) ?? []).slice(0, groups).join(' ');
}

function toPem(label: string, der: Uint8Array): string {
	const base64 = toBase64Url(der).replace(/-/g, '+').replace(/_/g, '/');
	const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
	return `-----BEGIN ${label}-----\n${padded.match(/.{1,64}/g)?.join('\n')}\n-----END ${label}-----\n`;
}

function fromPem(label: string, text: string): Uint8Array | undefined {
	const match = new RegExp(
		`-----BEGIN ${label}-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END ${label}-----`
	).exec(text);
	if (!match?.[1]) return undefined;
	const base64 = match[1].replace(/\s+/g, '');
	return fromBase64Url(base64.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));
}

function strip(der: Uint8Array | undefined, prefix: Uint8Array, length: number) {
	if (!der || der.length !== prefix.length + length) return undefined;
	if (!equalBytes(der.subarray(0, prefix.length), prefix)) return undefined;
	return der.slice(prefix.length);
}

/** PKCS#8 PEM text of a private seed. */
export function privateKeyToPem(privateKey: Uint8Array): string {
	return toPem('PRIVATE KEY', concatBytes(PKCS8_ED25519_PREFIX, privateKey));
}

/** The private seed in PKCS#8 PEM text, or undefined when it is not an Ed25519 private key. */
export function privateKeyFromPem(text: string): Uint8Array | undefined {
	return strip(fromPem('PRIVATE KEY', text), PKCS8_ED25519_PREFIX, ED25519_PRIVATE_KEY_BYTES);
}

/** SPKI PEM text of a public key. */
export function publicKeyToPem(publicKey: Uint8Array): string {
	return toPem('PUBLIC KEY', concatBytes(SPKI_ED25519_PREFIX, publicKey));
}

/** The raw public key in SPKI PEM text, or undefined when it is not an Ed25519 public key. */
export function publicKeyFromPem(text: string): Uint8Array | undefined {
	return strip(fromPem('PUBLIC KEY', text), SPKI_ED25519_PREFIX, ED25519_PUBLIC_KEY_BYTES);
}
