import type { Lang } from './languages';
import { wantedNamespaces, type NamespaceNeed } from './route-strings';

/** A namespace's strings: nested objects of translated strings. */
export type Strings = { [key: string]: string | Strings };

/**
 * Every namespace of every language, loaded on demand: a phone downloads only the namespaces its
 * pages use, in the language it reads (the service worker keeps every file of the languages the
 * phone reads, so going to another page works offline too: offline-strings.ts). The map of files
 * is itself loaded only when a namespace is missing (locale-files.ts).
 */
let files: Promise<typeof import('./locale-files')> | undefined;
async function available(lang: Lang): Promise<Map<string, () => Promise<Strings>>> {
	// A failed download (offline, a language the phone never kept) must not poison later tries.
	files ??= import('./locale-files').catch((error: unknown) => {
		files = undefined;
		throw error;
	});
	return (await files).localeFiles(lang);
}

/** Every namespace in the locale folders (the key-parity test checks all of them). */
export const NAMESPACES = [
	'common',
	'home',
	'lessons',
	'events',
	'volunteer',
	'neighbourhood',
	'community',
	'settings',
	'sync',
	'admin',
	'errors',
	'packcheck',
	'household',
	'news',
	'packs'
] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** Every namespace a language has (the server inlines a page's share of them). */
export async function availableNamespaces(lang: Lang): Promise<string[]> {
	return [...(await available(lang)).keys()].sort();
}

/**
 * One language's strings, by namespace, filled in as namespaces arrive. A t reads this very
 * object, so a namespace loaded later is found by a t made earlier.
 */
const bundles = new Map<Lang, Record<string, Strings>>();
const pending = new Map<string, Promise<void>>();
const adopted = new Set<Lang>();
const listeners = new Set<() => void>();

function bundleOf(lang: Lang): Record<string, Strings> {
	let bundle = bundles.get(lang);
	if (!bundle) bundles.set(lang, (bundle = {}));
	return bundle;
}

/**
 * Strings the server rendered into the page (<script type="application/json" id="linli-strings">,
 * a data block, so the strict CSP allows it): the first screen needs no extra request. The server
 * sends only the namespaces the page needs (route-strings.ts); the others load on demand.
 */
function adoptInline(lang: Lang) {
	if (typeof document === 'undefined' || adopted.has(lang)) return;
	adopted.add(lang);
	const element = document.getElementById('linli-strings');
	if (element?.dataset.lang !== lang || !element.textContent?.trim()) return;
	try {
		Object.assign(bundleOf(lang), JSON.parse(element.textContent) as Record<string, Strings>);
	} catch {
		// A damaged block: the namespaces load from their files instead.
	}
}

/**
 * Loads (once) some namespaces of one language, or all of them, and answers the language's
 * bundle. A namespace without a file is skipped (its keys show as written, as any missing key).
 */
export async function loadNamespaces(
	lang: Lang,
	namespaces: NamespaceNeed
): Promise<Record<string, Strings>> {
	adoptInline(lang);
	const bundle = bundleOf(lang);
	// A page whose strings all came inlined (every first paint) needs no file, nor the map of them.
	if (typeof namespaces !== 'string' && namespaces.every((namespace) => namespace in bundle))
		return bundle;
	const files = await available(lang);
	const wanted = wantedNamespaces(namespaces, files.keys());
	await Promise.all(
		wanted
			.filter((namespace) => !(namespace in bundle) && files.has(namespace))
			.map((namespace) => {
				const key = `${lang}/${namespace}`;
				let loading = pending.get(key);
				if (!loading) {
					loading = files.get(namespace)!().then(
						(strings) => {
							bundle[namespace] = strings;
							pending.delete(key);
						},
						(error: unknown) => {
							// A failed download (offline, a language the phone never kept) must not poison later tries.
							pending.delete(key);
							throw error;
						}
					);
					pending.set(key, loading);
				}
				return loading;
			})
	);
	return bundle;
}

/** Every namespace of one language (the server, the manifest). */
export function loadLanguage(lang: Lang): Promise<Record<string, Strings>> {
	return loadNamespaces(lang, 'all');
}

/** The namespaces of a language already here (a language switch loads the same ones). */
export function loadedNamespaces(lang: Lang): string[] {
	adoptInline(lang);
	return Object.keys(bundleOf(lang));
}

/**
 * A t asked for a namespace that is not here (a page that uses a namespace its route does not
 * declare, rendered after a client-side navigation): load it, then tell the listeners (the app's
 * I18n), which re-render the text. A last resort; declaring the namespace avoids the flash.
 */
export function loadMissing(lang: Lang, namespace: string) {
	if (namespace in bundleOf(lang) || pending.has(`${lang}/${namespace}`)) return;
	// A namespace without a file resolves with nothing new: no re-render then (it would miss again).
	loadNamespaces(lang, [namespace]).then(
		(bundle) => {
			if (namespace in bundle) listeners.forEach((listener) => listener());
		},
		() => undefined
	);
}

/** Called when a namespace arrived after a t missed it; answers the unsubscribe. */
export function onLateStrings(listener: () => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}
