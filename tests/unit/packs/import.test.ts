/**
 * Opening a pack file on the phone (issue 11): the four outcomes the resident sees, and the rules
 * that refuse a file before anything is stored. The files are made here with the same code as the
 * CLI (honest ones) and the crafting helpers of the packfile tests (tampered ones).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkOpenedPack, inspectPackFile, packFiles } from '../../../src/lib/packs/import';
import { compareVersions } from '../../../src/lib/packs/version';
import {
	checkedTrust,
	EMPTY_TRUST,
	judgeSignature,
	KeyStore,
	type TrustSnapshot
} from '../../../src/lib/shared/signing';
import { openPackFile } from '../../../src/lib/packfile/open';
import { writeZip } from '../../../src/lib/packfile/zip-write';
import {
	fingerprint,
	generateKeyPair,
	toBase64Url,
	type Ed25519KeyPair
} from '../../../src/lib/shared/crypto/index';
import { entriesOf, fixturePackFile, parse, rebuild, utf8 } from '../packfile/craft';

let key: Ed25519KeyPair;
let other: Ed25519KeyPair;
let signed: Uint8Array;
let unsigned: Uint8Array;
let trust: TrustSnapshot;
let fp: string;
let packId: string;

beforeAll(async () => {
	key = await generateKeyPair();
	other = await generateKeyPair();
	signed = await fixturePackFile(key.privateKey);
	unsigned = await fixturePackFile();
	fp = await fingerprint(key.publicKey);
	trust = await checkedTrust(
		[{ fingerprint: fp, publicKey: toBase64Url(key.publicKey), name: 'Kowloon Primary School' }],
		[],
		1
	);
	packId = (await openPackFile(signed)).manifest!.id;
});

const none = async () => undefined;

describe('the four outcomes', () => {
	it('a key the server approved: "Signed by <the approved publisher>", never the name in the pack', async () => {
		const { check } = await inspectPackFile(signed, trust, [], none);
		expect(check.ok).toBe(true);
		if (!check.ok) return;
		expect(check.signer).toEqual({
			kind: 'verified',
			fingerprint: fp,
			publisher: 'Kowloon Primary School'
		});
		expect(check.warn).toBe(false);
		expect(check.claimedPublisher).not.toBe('Kowloon Primary School');
	});

	it('a good signature by a key the phone does not know: unknown, only after a warning', async () => {
		const { check } = await inspectPackFile(signed, EMPTY_TRUST, [], none);
		expect(check.ok && check.signer).toEqual({ kind: 'unknown', fingerprint: fp });
		expect(check.ok && check.warn).toBe(true);
	});

	it('no signature: not signed, only after a warning', async () => {
		const { check } = await inspectPackFile(unsigned, trust, [], none);
		expect(check.ok && check.signer).toEqual({ kind: 'unsigned' });
		expect(check.ok && check.warn).toBe(true);
	});

	it('lesson text changed and re-zipped with the old manifest and signature: changed after signing', async () => {
		const entries = entriesOf(signed).map((entry) => {
			if (!/^(en|zh-Hant|zh-Hans)\.json$/.test(entry.name)) return entry;
			const text = new TextDecoder()
				.decode(entry.data)
				.replace(/"text":"/, '"text":"Drink bleach. ');
			return { name: entry.name, data: utf8(text) };
		});
		const { check } = await inspectPackFile(writeZip(entries), trust, [], none);
		expect(check.ok).toBe(false);
		expect(!check.ok && check.reason).toBe('tampered');
	});

	it('manifest changed after signing (old signature kept): changed after signing', async () => {
		const entries = entriesOf(signed);
		const signature = entries.find((e) => e.name === 'signature.json')!;
		const changed = await rebuild(signed, { manifest: (m) => (m.version = '9.9.9') });
		const withOldSignature = writeZip([
			...entriesOf(changed).slice(0, 1),
			signature,
			...entriesOf(changed).slice(1)
		]);
		const { check } = await inspectPackFile(withOldSignature, trust, [], none);
		expect(!check.ok && check.reason).toBe('tampered');
	});
});

describe('refusals', () => {
	it('a revoked key is refused even though its signature holds', async () => {
		const revoked = { ...trust, revokedKeys: [fp] };
		const { check } = await inspectPackFile(signed, revoked, [], none);
		expect(!check.ok && check.reason).toBe('revoked');
	});

	it('a withdrawn version is refused (by id and version, or by the file hash)', async () => {
		const opened = await openPackFile(signed);
		const byVersion = [{ id: packId, version: opened.manifest!.version, sha256: 'x' }];
		expect(checkOpenedPack(opened, trust, byVersion).ok).toBe(false);
		const byHash = [{ id: 'other', version: '0.0.1', sha256: opened.sha256 }];
		const check = checkOpenedPack(opened, trust, byHash);
		expect(!check.ok && check.reason).toBe('withdrawn');
	});

	it('another key may not replace an installed pack; an unsigned file may not replace a signed one', async () => {
		const opened = await openPackFile(signed);
		const installed = { version: '0.0.1', source: 'file' as const, fingerprint: 'f'.repeat(64) };
		expect(checkOpenedPack(opened, trust, [], installed)).toMatchObject({ reason: 'otherKey' });
		const unsignedOpened = await openPackFile(unsigned);
		const ours = { ...installed, fingerprint: fp };
		expect(checkOpenedPack(unsignedOpened, trust, [], ours)).toMatchObject({ reason: 'otherKey' });
		// The same key with a newer version is an update.
		expect(checkOpenedPack(opened, trust, [], ours)).toMatchObject({
			ok: true,
			installed: '0.0.1'
		});
	});

	it('a built-in pack is replaced only by a file the server vouches for', async () => {
		const opened = await openPackFile(signed);
		const builtin = { version: '0.0.1', source: 'builtin' as const };
		expect(checkOpenedPack(opened, EMPTY_TRUST, [], builtin)).toMatchObject({ reason: 'otherKey' });
		expect(checkOpenedPack(opened, trust, [], builtin)).toMatchObject({ ok: true });
	});

	it('an older version than the installed one is refused', async () => {
		const opened = await openPackFile(signed);
		const newer = { version: '99.0.0', source: 'catalogue' as const, fingerprint: fp };
		expect(checkOpenedPack(opened, trust, [], newer)).toMatchObject({
			ok: false,
			reason: 'downgrade',
			installed: '99.0.0'
		});
	});

	it('a bad archive is refused with the checker problem codes (the CLI and server messages)', async () => {
		const traversal = writeZip([
			...entriesOf(unsigned),
			{ name: '../evil.json', data: utf8('{}') }
		]);
		const { check } = await inspectPackFile(traversal, trust, [], none);
		expect(check.ok).toBe(false);
		expect(!check.ok && check.reason === 'invalid' && check.problems.map((p) => p.code)).toContain(
			'packfile.entry.traversal'
		);
		const svg = await rebuild(unsigned, {
			files: (files) =>
				files.set(
					'assets/evil.svg',
					utf8('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
				)
		});
		const refused = await inspectPackFile(svg, trust, [], none);
		expect(refused.check.ok).toBe(false);
		const garbage = await inspectPackFile(utf8('not a zip'), trust, [], none);
		expect(garbage.check).toMatchObject({ ok: false, reason: 'invalid' });
	});

	it('a key whose fingerprint does not match in the server answer is not trusted', async () => {
		const lying = await checkedTrust(
			[{ fingerprint: fp, publicKey: toBase64Url(other.publicKey), name: 'Impostor' }],
			[],
			1
		);
		expect(lying.keys).toEqual([]);
		expect(judgeSignature({ status: 'valid', fingerprint: fp }, lying)).toEqual({
			kind: 'unknown',
			fingerprint: fp
		});
	});
});

describe('what is stored', () => {
	it('the checked files under the URLs lesson pages load, with the signed manifest and signature', async () => {
		const opened = await openPackFile(signed);
		const urls = packFiles(signed, opened).map((f) => f.url);
		expect(urls).toContain(`/packs/${packId}/en.json`);
		expect(urls).toContain(`/packs/.installed/${packId}/manifest.json`);
		expect(urls).toContain(`/packs/.installed/${packId}/signature.json`);
		expect(urls.every((u) => u.startsWith('/packs/'))).toBe(true);
		const tampered = await openPackFile(
			writeZip(entriesOf(signed).filter((e) => e.name !== 'meta.json'))
		);
		expect(() => packFiles(signed, tampered)).toThrow();
	});
});

describe('versions and the key store', () => {
	it('compares versions as semver does', () => {
		expect(compareVersions('1.10.0', '1.9.0')).toBe(1);
		expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBe(-1);
		expect(compareVersions('1.0.0-rc.2', '1.0.0-rc.10')).toBe(-1);
		expect(compareVersions('2.0.0', '2.0.0')).toBe(0);
	});

	it('keeps the last snapshot per purpose; a damaged one reads as empty', async () => {
		const map = new Map<string, unknown>();
		const storage = {
			get: async (k: string) => map.get(k),
			set: async (k: string, v: unknown) => void map.set(k, v)
		};
		const packs = new KeyStore(storage, 'packs');
		await packs.save(trust);
		expect(await packs.load()).toEqual(trust);
		expect(await new KeyStore(storage, 'tickets').load()).toEqual(EMPTY_TRUST);
		map.set('trust:packs', { keys: 'nope' });
		expect(await packs.load()).toEqual(EMPTY_TRUST);
		expect(parse(utf8('{"a":1}'))).toEqual({ a: 1 });
	});
});
