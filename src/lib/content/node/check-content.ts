/** Compile and check packs on disk: the CLI's `pack check` and the build share this (Node only). */
import { existsSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { CompiledPack } from '../compile-pack.js';
import { checkPack } from '../check-pack.js';
import { checkCollection } from '../collection.js';
import { readPackDir, listPackDirs } from './read-pack.js';

/** Compiles the given pack folders (each checked alone, then across packs). */
export async function compileDirs(dirs: string[], cwd = process.cwd()): Promise<CompiledPack[]> {
	const packs: CompiledPack[] = [];
	for (const dir of dirs) {
		const label = relative(cwd, dir) || basename(dir);
		if (!existsSync(join(dir, 'pack.json')) && !existsSync(dir)) {
			throw new Error(`${dir}: no such folder`);
		}
		packs.push(await checkPack(await readPackDir(dir), label));
	}
	checkCollection(packs);
	return packs;
}

/** Compiles every pack folder in a content folder. */
export async function compileContent(contentDir: string, cwd = process.cwd()) {
	return compileDirs(await listPackDirs(contentDir), cwd);
}
