/** Reading packs from disk for the CLI and the build (Node only). */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { PackFiles } from '../compile-pack.js';

const MAX_FILES = 2000;

/** Every regular file under a pack folder, by path relative to it. Links are not followed. */
export async function readPackDir(dir: string): Promise<PackFiles> {
	const files: PackFiles = new Map();
	async function walk(current: string) {
		for (const entry of await readdir(current, { withFileTypes: true })) {
			if (entry.name.startsWith('.')) continue;
			const full = join(current, entry.name);
			if (entry.isDirectory()) await walk(full);
			else if (entry.isFile()) {
				if (files.size >= MAX_FILES) throw new Error(`${dir} holds more than ${MAX_FILES} files`);
				files.set(relative(dir, full).split(sep).join('/'), new Uint8Array(await readFile(full)));
			}
		}
	}
	await walk(dir);
	return files;
}

/** The pack folders in a content folder: every sub-folder (one without pack.json is reported). */
export async function listPackDirs(contentDir: string): Promise<string[]> {
	const dirs: string[] = [];
	for (const entry of await readdir(contentDir, { withFileTypes: true })) {
		if (entry.name.startsWith('.') || !entry.isDirectory()) continue;
		dirs.push(join(contentDir, entry.name));
	}
	return dirs.sort();
}

export async function isDirectory(path: string) {
	try {
		return (await lstat(path)).isDirectory();
	} catch {
		return false;
	}
}
