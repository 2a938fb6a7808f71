import type { Lang } from './languages';

/** A namespace's strings: nested objects of translated strings. */
export type Strings = { [key: string]: string | Strings };

/**
 * Every namespace of every language, loaded on demand: a phone downloads only the language it
 * reads (the service worker precaches the others, so switching works offline too).
 */
const loaders = import.meta.glob<Strings>('./locales/*/*.json', { import: 'default' });

export const NAMESPACES = [
	'common',
	'home',
	'lessons',
	'events',
	'volunteer',
	'settings',
	'sync',
	'admin',
	'errors',
	'packcheck'
] as const;
export type Namespace = (typeof NAMESPACES)[number];

const loaded = new Map<Lang, Promise<Record<string, Strings>>>();

/** Loads (once) every namespace of one language. */
export function loadLanguage(lang: Lang): Promise<Record<string, Strings>> {
	let pending = loaded.get(lang);
	if (!pending) {
		pending = Promise.all(
			Object.entries(loaders)
				.filter(([path]) => path.startsWith(`./locales/${lang}/`))
				.map(async ([path, load]) => {
					const namespace = path.slice(path.lastIndexOf('/') + 1, -'.json'.length);
					return [namespace, await load()] as const;
				})
		).then((entries) => Object.fromEntries(entries));
		// A failed download (offline before the precache finished) must not poison later tries.
		pending.catch(() => loaded.delete(lang));
		loaded.set(lang, pending);
	}
	return pending;
}
