/**
 * Crafting pack files in tests, honest and hostile: a raw ZIP writer that does whatever it is told
 * (duplicate names, lying sizes, absolute paths), and helpers that rebuild a valid manifest and
 * signature around altered content, so each test breaks exactly one thing.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { compileDirs } from '../../../src/lib/content/node/check-content';
import { buildPackFile } from '../../../src/lib/packfile/build';
import { SIGNATURE_CONTEXT } from '../../../src/lib/packfile/format';
import { writeZip } from '../../../src/lib/packfile/zip-write';
import {
	fingerprint,
	publicKeyOf,
	signMessage,
	toBase64Url,
	type Ed25519KeyPair
} from '../../../src/lib/shared/crypto/index';
import { FIXTURES } from '../pack-fixtures';

const text = new TextEncoder();
export const utf8 = (value: string) => text.encode(value);
export const json = (value: unknown) => utf8(`${JSON.stringify(value, null, '\t')}\n`);
export const parse = (bytes: Uint8Array | undefined) =>
	JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;

/** An entry of a crafted archive, described in full. */
export interface RawEntry {
	name: string;
	data: Uint8Array;
	/** 0 stored, 8 deflated (default 8). */
	method?: number;
	/** The inflated size written in the headers (default: the true size). */
	declaredSize?: number;
	/** General-purpose flags (default: UTF-8 names). */
	flags?: number;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
	let c = 0xffffffff;
	for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

/** A ZIP archive exactly as described: no checks, no normalising. */
export function rawZip(entries: RawEntry[]): Uint8Array {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const entry of entries) {
		const method = entry.method ?? 8;
		const data = method === 8 ? deflateRawSync(entry.data) : Buffer.from(entry.data);
		const name = Buffer.from(entry.name, 'utf8');
		const size = entry.declaredSize ?? entry.data.length;
		const flags = entry.flags ?? 0x0800;
		const crc = crc32(entry.data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(flags, 6);
		local.writeUInt16LE(method, 8);
		local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(size, 22);
		local.writeUInt16LE(name.length, 26);
		local.writeUInt16LE(0, 28);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(flags, 8);
		central.writeUInt16LE(method, 10);
		central.writeUInt32LE(0x00210000, 12);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(data.length, 20);
		central.writeUInt32LE(size, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, name, data);
		centrals.push(central, name);
		offset += local.length + name.length + data.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

/** The entries of a (trusted, test-made) archive, in order. */
export function entriesOf(bytes: Uint8Array): { name: string; data: Uint8Array }[] {
	return Object.entries(unzipSync(bytes)).map(([name, data]) => ({ name, data }));
}

/** A valid pack file of the valid-trilingual fixture; signed when given a key. */
export async function fixturePackFile(privateKey?: Uint8Array): Promise<Uint8Array> {
	const [pack] = await compileDirs([join(FIXTURES, 'valid-trilingual')], FIXTURES);
	return buildPackFile(pack!, privateKey ? { privateKey } : {});
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** signature.json for manifest bytes, as `linli pack sign` writes it. */
export async function signatureFor(manifestBytes: Uint8Array, privateKey: Uint8Array) {
	const publicKey = await publicKeyOf(privateKey);
	return json({
		format: 'linli-pack-signature',
		formatVersion: 1,
		algorithm: 'Ed25519',
		publicKey: toBase64Url(publicKey),
		fingerprint: await fingerprint(publicKey),
		signature: toBase64Url(await signMessage(privateKey, SIGNATURE_CONTEXT, manifestBytes))
	});
}

/**
 * Re-packs a pack file after changing its content files and/or manifest, with a manifest whose
 * hashes and sizes match the new content and a fresh signature by `key`: a file that is honest
 * about its content, so that only the content itself can be at fault.
 */
export async function rebuild(
	bytes: Uint8Array,
	options: {
		key?: Ed25519KeyPair;
		files?: (files: Map<string, Uint8Array>) => void;
		manifest?: (manifest: Record<string, unknown>) => void;
	}
): Promise<Uint8Array> {
	const entries = entriesOf(bytes);
	const manifest = parse(entries.find((e) => e.name === 'manifest.json')?.data);
	const files = new Map(
		entries
			.filter((e) => e.name !== 'manifest.json' && e.name !== 'signature.json')
			.map((e) => [e.name, e.data])
	);
	options.files?.(files);
	manifest.files = [...files.keys()]
		.sort()
		.map((path) => ({ path, size: files.get(path)!.length, sha256: sha256(files.get(path)!) }));
	options.manifest?.(manifest);
	const manifestBytes = json(manifest);
	return writeZip([
		{ name: 'manifest.json', data: manifestBytes },
		...(options.key
			? [
					{
						name: 'signature.json',
						data: await signatureFor(manifestBytes, options.key.privateKey)
					}
				]
			: []),
		...[...files].map(([name, data]) => ({ name, data }))
	]);
}
