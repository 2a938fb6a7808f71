/**
 * Who signed something, as this device knows it (issue 11; meant for the events issue's signed
 * tickets too). A signature's cryptography is checked elsewhere (shared/crypto: WebCrypto Ed25519,
 * @noble/ed25519 where the browser lacks it); this module decides what the resident is told:
 *
 * - **verified**: a key the server trusts, named by the publisher an admin approved for it (never
 *   a name written inside the signed thing);
 * - **unknown**: a good signature by a key this device has not learned from the server;
 * - **unsigned**: no signature at all;
 * - **tampered**: a signature that does not hold, or content that no longer matches what was signed;
 * - **revoked**: a key the server revoked.
 *
 * The device learns the trusted and revoked keys from the server (for packs: the catalogue,
 * `GET /api/packs`) and keeps the last answer in a `KeyStore`, so it can judge offline.
 *
 * Relative imports only: usable by the app, the service worker, the server and the CLI.
 */
import { fromBase64Url } from './crypto/bytes.js';
import { fingerprint as fingerprintOf, FINGERPRINT_PATTERN } from './crypto/keys.js';

export interface TrustedKey {
	fingerprint: string;
	/** The raw 32-byte public key, base64url. */
	publicKey: string;
	/** The name an admin approved for this key. */
	name: string;
}

/** What the device last learned from the server about keys. */
export interface TrustSnapshot {
	keys: TrustedKey[];
	revokedKeys: string[];
	/** When it was learned (ms since 1970); 0 = never. */
	fetchedAt: number;
}

export const EMPTY_TRUST: TrustSnapshot = { keys: [], revokedKeys: [], fetchedAt: 0 };

/** The result of a signature check, as shared/crypto and lib/packfile report it. */
export type SignatureStatus =
	| { status: 'unsigned' }
	| { status: 'valid'; fingerprint: string }
	| { status: 'invalid'; fingerprint?: string };

export type Signer =
	| { kind: 'verified'; fingerprint: string; publisher: string }
	| { kind: 'unknown'; fingerprint: string }
	| { kind: 'unsigned' }
	| { kind: 'tampered'; fingerprint?: string }
	| { kind: 'revoked'; fingerprint: string };

/**
 * What to tell the resident about a signature. `contentIntact` is false when the signed thing no
 * longer matches what the signature covers (for a pack: a file's hash differs from the manifest).
 */
export function judgeSignature(
	signature: SignatureStatus,
	trust: TrustSnapshot,
	contentIntact = true
): Signer {
	if (signature.status === 'invalid') {
		return signature.fingerprint
			? { kind: 'tampered', fingerprint: signature.fingerprint }
			: { kind: 'tampered' };
	}
	if (signature.status === 'unsigned') return { kind: 'unsigned' };
	const { fingerprint } = signature;
	if (!contentIntact) return { kind: 'tampered', fingerprint };
	if (trust.revokedKeys.includes(fingerprint)) return { kind: 'revoked', fingerprint };
	const key = trust.keys.find((k) => k.fingerprint === fingerprint);
	return key
		? { kind: 'verified', fingerprint, publisher: key.name }
		: { kind: 'unknown', fingerprint };
}

/** Whether the resident may go on only after an explicit warning. */
export function needsWarning(signer: Signer): boolean {
	return signer.kind === 'unknown' || signer.kind === 'unsigned';
}

/** Whether it is refused outright. */
export function refused(signer: Signer): boolean {
	return signer.kind === 'tampered' || signer.kind === 'revoked';
}

/**
 * Keeps only keys whose fingerprint really is the SHA-256 of the key (a server answer is checked
 * like any input): a wrong pair could make one key pass for another publisher.
 */
export async function checkedTrust(
	keys: readonly TrustedKey[],
	revokedKeys: readonly string[],
	fetchedAt: number
): Promise<TrustSnapshot> {
	const good: TrustedKey[] = [];
	for (const key of keys) {
		if (!FINGERPRINT_PATTERN.test(key.fingerprint) || typeof key.name !== 'string') continue;
		const raw = fromBase64Url(key.publicKey);
		if (!raw || raw.length !== 32) continue;
		if ((await fingerprintOf(raw)) !== key.fingerprint) continue;
		good.push({ fingerprint: key.fingerprint, publicKey: key.publicKey, name: key.name });
	}
	return {
		keys: good,
		revokedKeys: revokedKeys.filter((f) => FINGERPRINT_PATTERN.test(f)),
		fetchedAt
	};
}

/** Where a KeyStore keeps its snapshot (the app: the device database's key-value table). */
export interface KeyValueStorage {
	get(key: string): Promise<unknown>;
	set(key: string, value: unknown): Promise<void>;
}

/** The last trust snapshot for one purpose ("packs", "tickets"…), kept on the device. */
export class KeyStore {
	constructor(
		private readonly storage: KeyValueStorage,
		private readonly purpose: string
	) {}

	private get key() {
		return `trust:${this.purpose}`;
	}

	async load(): Promise<TrustSnapshot> {
		const value = (await this.storage.get(this.key)) as TrustSnapshot | undefined;
		if (!value || !Array.isArray(value.keys) || !Array.isArray(value.revokedKeys)) {
			return EMPTY_TRUST;
		}
		return value;
	}

	async save(snapshot: TrustSnapshot): Promise<void> {
		await this.storage.set(this.key, snapshot);
	}
}
