/** Signed pack files for the publishing tests: the valid fixture under another id or version. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileDirs } from '../../../src/lib/content/node/check-content';
import { buildPackFile } from '../../../src/lib/packfile/build';
import { FIXTURES } from '../../unit/pack-fixtures';

export async function packFile(options: {
	id: string;
	version: string;
	privateKey?: Uint8Array;
	publisher?: string;
	/** Lesson files to leave out (their name prefix, e.g. "02-fire"). */
	without?: string[];
}): Promise<Uint8Array> {
	const dir = await mkdtemp(join(tmpdir(), 'linli-pack-'));
	try {
		const folder = join(dir, options.id);
		await cp(join(FIXTURES, 'valid-trilingual'), folder, { recursive: true });
		const meta = JSON.parse(await readFile(join(folder, 'pack.json'), 'utf8')) as {
			id: string;
			version: string;
			publisher: { name: string };
			changelog: { version: string; date: string; notes: Record<string, string> }[];
		};
		for (const prefix of options.without ?? []) {
			for (const lang of ['en', 'zh-Hant', 'zh-Hans']) {
				await rm(join(folder, `${prefix}.${lang}.md`), { force: true });
			}
		}
		meta.id = options.id;
		if (options.publisher) meta.publisher.name = options.publisher;
		if (options.version !== meta.version) {
			meta.version = options.version;
			meta.changelog.unshift({
				version: options.version,
				date: '2026-11-29',
				notes: { en: 'Clearer words.', 'zh-Hant': '用字更清楚。', 'zh-Hans': '用字更清楚。' }
			});
		}
		await writeFile(join(folder, 'pack.json'), JSON.stringify(meta));
		const [pack] = await compileDirs([folder], dir);
		const errors = pack!.problems.sorted().filter((p) => p.severity === 'error');
		if (errors.length) throw new Error(`fixture pack has errors: ${JSON.stringify(errors)}`);
		return buildPackFile(pack!, options.privateKey ? { privateKey: options.privateKey } : {});
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
