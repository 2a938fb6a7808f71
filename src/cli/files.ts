/** File helpers for the linli command: read a pack file within its limit, write without half-files. */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Lang } from '../lib/i18n/languages';
import { PACK_FILE_LIMITS } from '../lib/packfile/format';
import { t } from './messages';
import { UsageError } from './pack';

/** Reads a pack file; a missing or oversized file is a usage error (checked before reading it). */
export async function readPackFileArg(path: string, lang: Lang): Promise<Uint8Array> {
	const info = await stat(path).catch(() => undefined);
	if (!info?.isFile()) throw new UsageError(t(lang, 'usage.noFile', { path }));
	if (info.size > PACK_FILE_LIMITS.archiveBytes) {
		throw new UsageError(
			t(lang, 'usage.tooLarge', {
				path,
				mb: Math.ceil(info.size / 1024 / 1024),
				max: PACK_FILE_LIMITS.archiveBytes / 1024 / 1024
			})
		);
	}
	return new Uint8Array(await readFile(path));
}

/** Writes through a temporary file and a rename, so a reader never sees half a pack file. */
export async function writeFileAtomic(path: string, bytes: Uint8Array, lang: Lang): Promise<void> {
	const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
	try {
		await writeFile(temporary, bytes);
		await rename(temporary, path);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			throw new UsageError(t(lang, 'usage.noFolder', { path: dirname(path) }));
		}
		throw error;
	} finally {
		await rm(temporary, { force: true });
	}
}
