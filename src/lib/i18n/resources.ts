import type { Lang } from './languages';

/** A namespace's strings: nested objects of translated strings. */
export type Strings = { [key: string]: string | Strings };

/**
 * Every namespace of every language, loaded on demand: a phone downloads only the language it
 * reads (the service worker precaches the others, so switching works offline too).
 */
const loaders = import.meta.glob<Strings>(
	// The pack checker's messages are for the CLI (and, later, the pack importer), not the app.
	['./locales/*/*.json', '!./locales/*/packcheck.json'],
	{ import: 'default' }
);

/** Every namespace in the locale folders (the key-parity test checks all of them). */
export const NAMESPACES = [
	'common',
	'home',
	'lessons',
	'events',
	'volunteer',
	'neighbourhood',
	'settings',
	'sync',
	'admin',
	'errors',
	'packcheck',
	'household',
	'packs'
] as const;
export type Namespace = (typeof NAMESPACES)[number];

const loaded = new Map<Lang, Promise<Record<string, Strings>>>();

/**
 * Strings the server rendered into the page (<script type="application/json" id="linli-strings">,
 * a data block, so the strict CSP allows it): the first screen needs no extra request.
 */
function inlineStrings(lang: Lang): Record<string, Strings> | undefined {
	if (typeof document === 'undefined') return undefined;
	const element = document.getElementById('linli-strings');
	if (element?.dataset.lang !== lang || !element.textContent?.trim()) return undefined;
	try {
		return JSON.parse(element.textContent) as Record<string, Strings>;
	} catch {
		return undefined;
	}
}

/** Loads (once) every namespace of one language. */
export function loadLanguage(lang: Lang): Promise<Record<string, Strings>> {
	let pending = loaded.get(lang);
	if (!pending) {
		const inline = inlineStrings(lang);
		if (inline) {
			pending = Promise.resolve(inline);
			loaded.set(lang, pending);
			return pending;
		}
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
