/**
 * Byte helpers for the signing code: base64url, hex, UTF-8, comparing and joining. Strict on input
 * (a key or signature that decodes two ways would let one value pass for another).
 *
 * Relative imports only: shared by the app, the server and the linli CLI.
 */

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
	return encoder.encode(text);
}

/** Base64url without padding (RFC 4648 §5). */
export function toBase64Url(bytes: Uint8Array): string {
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) {
		binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes unpadded base64url; undefined for anything else (padding, '+', '/', spaces, junk bits). */
export function fromBase64Url(text: string): Uint8Array | undefined {
	if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
		return undefined;
	}
	let binary: string;
	try {
		binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
	} catch {
		return undefined;
	}
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	// Canonical only: the unused low bits of the last character must be zero.
	return toBase64Url(bytes) === text ? bytes : undefined;
}

/** Lower-case hex. */
export function toHex(bytes: Uint8Array): string {
	let out = '';
	for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
	return out;
}

/** Decodes lower-case hex of an even length; undefined for anything else. */
export function fromHex(text: string): Uint8Array | undefined {
	if (typeof text !== 'string' || !/^(?:[0-9a-f]{2})*$/.test(text)) return undefined;
	const bytes = new Uint8Array(text.length / 2);
	for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
	return bytes;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.length;
	}
	return out;
}

/** Constant-time for equal lengths (the lengths themselves are not secret here). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	let diff = 0;
	for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
	return diff === 0;
}

/**
 * The bytes as WebCrypto's types want them (a view on an `ArrayBuffer`): the same view when it is
 * one, else a copy (a view on a SharedArrayBuffer).
 */
export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
	if (bytes.buffer instanceof ArrayBuffer) return bytes as Uint8Array<ArrayBuffer>;
	const copy = new Uint8Array(new ArrayBuffer(bytes.length));
	copy.set(bytes);
	return copy;
}
