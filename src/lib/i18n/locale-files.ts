import type { Lang } from './languages';
import type { Strings } from './resources';

/**
 * The loaders of every locale file, one per language and namespace. A module of its own, which
 * the browser fetches only when a page needs a namespace its HTML did not carry (the first paint
 * reads the strings inlined in the page and never needs this map, 42 entries of hashed file names).
 */
const loaders = import.meta.glob<Strings>(
	// The pack checker's messages are for the CLI (and, later, the pack importer), not the app.
	['./locales/*/*.json', '!./locales/*/packcheck.json'],
	{ import: 'default' }
);

/** The namespaces a language has: every locale file, including ones added after this code. */
export function localeFiles(lang: Lang): Map<string, () => Promise<Strings>> {
	const prefix = `./locales/${lang}/`;
	const found = new Map<string, () => Promise<Strings>>();
	for (const [path, load] of Object.entries(loaders)) {
		if (path.startsWith(prefix)) found.set(path.slice(prefix.length, -'.json'.length), load);
	}
	return found;
}
