import en from '../lib/i18n/locales/en/packcheck.json';
import zhHant from '../lib/i18n/locales/zh-Hant/packcheck.json';
import zhHans from '../lib/i18n/locales/zh-Hans/packcheck.json';
import { matchLanguageTag, type Lang } from '../lib/i18n/languages';
import type { Catalog } from '../lib/content/problems';

const CATALOGS: Record<Lang, Catalog> = { en, 'zh-Hant': zhHant, 'zh-Hans': zhHans };

/** The language for messages: --lang, else the locale of the shell (LC_ALL, LC_MESSAGES, LANG). */
export function cliLanguage(flag?: string): Lang {
	const candidates = [flag, process.env.LC_ALL, process.env.LC_MESSAGES, process.env.LANG];
	for (const value of candidates) {
		if (!value || value === 'C' || value === 'POSIX') continue;
		const lang = matchLanguageTag(value.split('.')[0] ?? '');
		if (lang) return lang;
	}
	return 'en';
}

export function catalog(lang: Lang): Catalog {
	return CATALOGS[lang];
}

/** A CLI message (`cli.<key>` in the packcheck namespace) in one language, placeholders filled. */
export function t(lang: Lang, key: string, params: Record<string, string | number> = {}): string {
	let node: unknown = CATALOGS[lang].cli;
	for (const part of key.split('.')) {
		node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
	}
	const template = typeof node === 'string' ? node : key;
	return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** Items joined as a list in that language: "a, b" or 「a、b」. */
export function list(lang: Lang, items: readonly (string | number)[]): string {
	return items.join(lang === 'en' ? ', ' : '、');
}
