import { cp, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

export const FIXTURES = new URL('../fixtures/packs/', import.meta.url).pathname;

/** A real PNG of the given size (noise does not compress), for the size-limit check. */
export function bigPng(bytes: number): Uint8Array {
	const crcTable = Array.from({ length: 256 }, (_, n) => {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		return c >>> 0;
	});
	const crc = (buf: Buffer) => {
		let c = 0xffffffff;
		for (const b of buf) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
		return (c ^ 0xffffffff) >>> 0;
	};
	const chunk = (type: string, data: Buffer) => {
		const head = Buffer.alloc(8);
		head.writeUInt32BE(data.length, 0);
		head.write(type, 4, 'ascii');
		const tail = Buffer.alloc(4);
		tail.writeUInt32BE(crc(Buffer.concat([head.subarray(4), data])), 0);
		return Buffer.concat([head, data, tail]);
	};
	const side = Math.ceil(Math.sqrt(bytes / 3));
	const raw = Buffer.alloc((side * 3 + 1) * side);
	let seed = 42;
	for (let i = 0; i < raw.length; i++) {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		raw[i] = i % (side * 3 + 1) === 0 ? 0 : seed & 0xff;
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(side, 0);
	ihdr.writeUInt32BE(side, 4);
	ihdr.set([8, 2, 0, 0, 0], 8);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(raw, { level: 0 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}

/**
 * Copies the fixture packs to a temporary folder, adding what is too big to commit: a 600 KB
 * picture in invalid-assets (the 500 KB limit).
 */
export async function fixtureCopy(): Promise<{ root: string; names: string[] }> {
	const root = await mkdtemp(join(tmpdir(), 'linli-packs-'));
	await cp(FIXTURES, root, { recursive: true });
	await writeFile(join(root, 'invalid-assets/assets/big.png'), bigPng(600 * 1024));
	const names = (await readdir(root, { withFileTypes: true }))
		.filter((e) => e.isDirectory())
		.map((e) => e.name);
	return { root, names: names.sort() };
}
