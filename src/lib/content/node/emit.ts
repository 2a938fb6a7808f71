/** Writing compiled packs where the app serves them: <out>/index.json, <out>/<id>/… (Node only). */
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PACK_SCHEMA_VERSION, type PackIndex, type PackMeta } from '../../shared/lesson.js';
import type { CompiledPack } from '../compile-pack.js';

export interface EmittedPack {
	id: string;
	gzipBytes: number;
	files: { path: string; bytes: number; gzipBytes: number }[];
}

/** Writes every pack that compiled without errors; returns sizes for the budget report. */
export async function emitPacks(outDir: string, packs: CompiledPack[]): Promise<EmittedPack[]> {
	await rm(outDir, { recursive: true, force: true });
	await mkdir(outDir, { recursive: true });
	const index: PackIndex = { schemaVersion: PACK_SCHEMA_VERSION, packs: [] };
	const report: EmittedPack[] = [];
	for (const pack of packs) {
		if (!pack.meta || pack.problems.errors.length > 0) continue;
		const files = new Map<string, Uint8Array>();
		for (const language of pack.languages) {
			files.set(`${language.lang}.json`, new TextEncoder().encode(JSON.stringify(language)));
		}
		for (const [name, bytes] of pack.assets) files.set(name, bytes);

		const hash = createHash('sha256');
		const sizes: EmittedPack['files'] = [];
		for (const [name, bytes] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
			hash.update(name).update(bytes);
			const path = join(outDir, pack.meta.id, name);
			await mkdir(dirname(path), { recursive: true });
			await writeFile(path, bytes);
			sizes.push({
				path: `${pack.meta.id}/${name}`,
				bytes: bytes.byteLength,
				gzipBytes: gzipSync(bytes).byteLength
			});
		}
		const gzipBytes = sizes.reduce((sum, f) => sum + f.gzipBytes, 0);
		const meta: PackMeta = { ...pack.meta, hash: hash.digest('hex').slice(0, 16), gzipBytes };
		index.packs.push(meta);
		report.push({ id: meta.id, gzipBytes, files: sizes });
	}
	index.packs.sort((a, b) => a.id.localeCompare(b.id));
	await writeFile(join(outDir, 'index.json'), JSON.stringify(index));
	return report;
}
