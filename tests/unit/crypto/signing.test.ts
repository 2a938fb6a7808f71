import { createHash, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
	ed25519Backend,
	fingerprint,
	formatFingerprint,
	fromBase64Url,
	fromHex,
	generateKeyPair,
	privateKeyFromPem,
	privateKeyToPem,
	publicKeyFromPem,
	publicKeyOf,
	publicKeyToPem,
	signedBytes,
	signEd25519,
	signMessage,
	toBase64Url,
	toHex,
	useEd25519Backend,
	utf8,
	verifyEd25519,
	verifyMessage,
	type Ed25519Backend
} from '../../../src/lib/shared/crypto/index';

afterEach(() => useEd25519Backend(undefined));

// RFC 8032 §7.1, test 2 (one-byte message).
const RFC = {
	secret: fromHex('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb')!,
	public: fromHex('3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c')!,
	message: fromHex('72')!,
	signature: fromHex(
		'92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00'
	)!
};
const BACKENDS: Ed25519Backend[] = ['webcrypto', 'noble'];

describe('Ed25519', () => {
	it('uses WebCrypto on Node 20', async () => {
		expect(await ed25519Backend()).toBe('webcrypto');
	});

	for (const backend of BACKENDS) {
		it(`matches the RFC 8032 test vector with ${backend}`, async () => {
			useEd25519Backend(backend);
			expect(toHex(await publicKeyOf(RFC.secret))).toBe(toHex(RFC.public));
			expect(toHex(await signEd25519(RFC.secret, RFC.message))).toBe(toHex(RFC.signature));
			expect(await verifyEd25519(RFC.public, RFC.message, RFC.signature)).toBe(true);
			const flipped = RFC.signature.slice();
			flipped[10]! ^= 1;
			expect(await verifyEd25519(RFC.public, RFC.message, flipped)).toBe(false);
			expect(await verifyEd25519(RFC.public, utf8('s'), RFC.signature)).toBe(false);
		});
	}

	it('accepts in one implementation exactly what the other signed', async () => {
		for (const [signer, verifier] of [
			['webcrypto', 'noble'],
			['noble', 'webcrypto']
		] as const) {
			useEd25519Backend(signer);
			const pair = await generateKeyPair();
			const signature = await signMessage(pair.privateKey, 'linli.test.v1', utf8('hello'));
			useEd25519Backend(verifier);
			expect(await verifyMessage(pair.publicKey, 'linli.test.v1', utf8('hello'), signature)).toBe(
				true
			);
		}
	});

	it('never lets a signature made in one context pass in another', async () => {
		const pair = await generateKeyPair();
		const signature = await signMessage(pair.privateKey, 'linli.pack.manifest.v1', utf8('data'));
		expect(await verifyMessage(pair.publicKey, 'linli.ticket.v1', utf8('data'), signature)).toBe(
			false
		);
		// Nor as a plain signature of the message alone.
		expect(await verifyEd25519(pair.publicKey, utf8('data'), signature)).toBe(false);
		expect(toHex(signedBytes('linli.a.v1', utf8('x')))).toBe(toHex(utf8('linli.a.v1\0x')));
		expect(() => signedBytes('Bad Context', utf8('x'))).toThrow();
	});

	it('answers false, never throws, for keys and signatures of the wrong shape', async () => {
		const pair = await generateKeyPair();
		const signature = await signMessage(pair.privateKey, 'linli.test.v1', utf8('x'));
		expect(
			await verifyMessage(pair.publicKey.subarray(1), 'linli.test.v1', utf8('x'), signature)
		).toBe(false);
		expect(
			await verifyMessage(pair.publicKey, 'linli.test.v1', utf8('x'), signature.subarray(1))
		).toBe(false);
		expect(
			await verifyMessage(new Uint8Array(32).fill(0xff), 'linli.test.v1', utf8('x'), signature)
		).toBe(false);
	});
});

describe('keys and fingerprints', () => {
	it('reads and writes the PEM files OpenSSL and Node use', async () => {
		const { privateKey, publicKey } = generateKeyPairSync('ed25519');
		const seed = privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)!;
		const raw = publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }) as string)!;
		expect(toHex(await publicKeyOf(seed))).toBe(toHex(raw));
		// A signature by Node's own crypto over the context bytes verifies here.
		const signature = nodeSign(null, signedBytes('linli.test.v1', utf8('m')), privateKey);
		expect(await verifyMessage(raw, 'linli.test.v1', utf8('m'), new Uint8Array(signature))).toBe(
			true
		);
		expect(privateKeyToPem(seed)).toBe(privateKey.export({ type: 'pkcs8', format: 'pem' }));
		expect(publicKeyToPem(raw)).toBe(publicKey.export({ type: 'spki', format: 'pem' }));
	});

	it('refuses PEM that is not an Ed25519 key', () => {
		const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
		expect(
			privateKeyFromPem(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)
		).toBeUndefined();
		expect(
			publicKeyFromPem(rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string)
		).toBeUndefined();
		expect(
			privateKeyFromPem('-----BEGIN PRIVATE KEY-----\n!!\n-----END PRIVATE KEY-----')
		).toBeUndefined();
	});

	it('names a key by the SHA-256 of its raw bytes', async () => {
		const print = await fingerprint(RFC.public);
		expect(print).toBe(createHash('sha256').update(RFC.public).digest('hex'));
		expect(print).toMatch(/^[0-9a-f]{64}$/);
		await expect(fingerprint(RFC.public.subarray(1))).rejects.toThrow();
		expect(formatFingerprint(print)).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
	});

	it('decodes only canonical base64url', () => {
		const bytes = utf8('any carnal pleas');
		expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
		expect(fromBase64Url('YW55+')).toBeUndefined();
		expect(fromBase64Url('YW55=')).toBeUndefined();
		expect(fromBase64Url('YR')).toBeUndefined(); // non-zero unused bits: "YQ" is the canonical form
		expect(fromBase64Url('YQ')).toEqual(utf8('a'));
	});
});
