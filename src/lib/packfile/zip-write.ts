/**
 * Writing a pack archive with fflate, byte for byte reproducibly: entries in the order given, every
 * timestamp 1980-01-01 00:00 (the ZIP epoch, taken in local time so the time zone cannot change it),
 * no extra fields or comments, pictures that are already compressed stored as they are, everything
 * else deflated at level 9. The same entries always give the same file, which the server relies on.
 *
 * Relative imports only: shared by the app, the server and the linli CLI.
 */
import { zipSync, type Zippable } from 'fflate';

const STORED = /\.(?:png|jpe?g|webp|gif)$/i;

export interface ZipInput {
	name: string;
	data: Uint8Array;
}

/** A ZIP archive of the entries, in their order. */
export function writeZip(entries: ZipInput[]): Uint8Array {
	// fflate reads the local date fields of this Date, so 1980-01-01 00:00 in every time zone.
	const mtime = new Date(1980, 0, 1, 0, 0, 0);
	const files: Zippable = {};
	for (const { name, data } of entries) {
		if (Object.hasOwn(files, name)) throw new Error(`duplicate entry ${name}`);
		files[name] = [data, { level: STORED.test(name) ? 0 : 9, mtime }];
	}
	return zipSync(files);
}
