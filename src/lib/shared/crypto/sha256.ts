/**
 * SHA-256 through WebCrypto (Node 20, every browser in a secure context: the app is served over
 * https or from localhost, where `crypto.subtle` exists).
 *
 * Relative imports only: shared by the app, the server and the linli CLI.
 */
import { bufferSource, toHex } from './bytes.js';

function subtle(): SubtleCrypto {
	const found = globalThis.crypto?.subtle;
	if (!found) throw new Error('WebCrypto is not available (an insecure http:// page?)');
	return found;
}

/** The 32-byte SHA-256 digest of some bytes. */
export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
	return new Uint8Array(await subtle().digest('SHA-256', bufferSource(bytes)));
}

/** The SHA-256 digest as 64 lower-case hex digits. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
	return toHex(await sha256(bytes));
}
