/** `linli pack init <dir>`: a starter pack that passes `linli pack check` as it is. */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Lang } from '../lib/i18n/languages';
import { CONTENT_LANGUAGES, type ContentLang } from '../lib/shared/lesson';
import { ID_PATTERN, MAX_ID_LENGTH } from '../lib/shared/pack-schema';
import { EXIT } from './exit';
import { list, t } from './messages';
import { UsageError } from './pack';
import { starterFiles } from './starter';

export interface InitOptions {
	id?: string;
	languages?: string;
	publisher?: string;
}

function parseLanguages(value: string | undefined, lang: Lang): ContentLang[] {
	if (!value) return [...CONTENT_LANGUAGES];
	const chosen = value
		.split(',')
		.map((item) => item.trim())
		.filter(Boolean);
	const unknown = chosen.filter((item) => !(CONTENT_LANGUAGES as readonly string[]).includes(item));
	if (unknown.length > 0 || chosen.length === 0) {
		throw new UsageError(t(lang, 'usage.badLanguages', { value: unknown.join(', ') || value }));
	}
	return [...new Set(chosen)] as ContentLang[];
}

/** A pack id from a folder name: lower-case letters and digits joined by single hyphens. */
export function idFromName(name: string): string {
	return name
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, MAX_ID_LENGTH)
		.replace(/-+$/, '');
}

export async function packInit(
	dir: string | undefined,
	options: InitOptions,
	lang: Lang
): Promise<number> {
	if (!dir) {
		throw new UsageError(
			t(lang, 'usage.needDir', { command: 'pack init', usage: 'linli pack init <dir>' })
		);
	}
	const target = resolve(dir);
	const id = options.id ?? idFromName(basename(target));
	if (!ID_PATTERN.test(id) || id.length > MAX_ID_LENGTH) {
		throw new UsageError(t(lang, 'usage.badId', { value: id }));
	}
	const languages = parseLanguages(options.languages, lang);
	const existing = await readdir(target).catch(() => undefined);
	if (existing && existing.length > 0)
		throw new UsageError(t(lang, 'usage.notEmpty', { path: dir }));

	const files = starterFiles({
		id,
		languages,
		...(options.publisher ? { publisher: options.publisher } : {}),
		date: new Date().toISOString().slice(0, 10)
	});
	await mkdir(target, { recursive: true });
	for (const [name, text] of files) await writeFile(join(target, name), text, { flag: 'wx' });
	console.log(t(lang, 'init.done', { id, dir, languages: list(lang, languages) }));
	console.log(t(lang, 'init.next', { id, dir }));
	return EXIT.ok;
}
