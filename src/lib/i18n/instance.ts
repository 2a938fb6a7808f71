import { DEFAULT_LANG, type Lang } from './languages';
import { loadMissing, loadNamespaces } from './resources';
import { noteUsed, type NamespaceNeed } from './route-strings';
import { translator, type TFunction } from './translate';

export type { TFunction };

/**
 * A t fixed to one language (on the server, with English for any key it lacks). A language's
 * strings are loaded once per process (browser tab or server) and never change, so two server
 * requests in different languages render at the same time without touching each other.
 *
 * In the browser, only the namespaces asked for are loaded first (a page's, route-strings.ts);
 * the t reads the language's live bundle, so namespaces loaded later are found too, and one it
 * misses is loaded on demand (I18n re-renders when it arrives). The server has every namespace
 * and notes which ones a page's render used, so the page carries them.
 */
export async function fixedT(lang: Lang, namespaces: NamespaceNeed = 'all'): Promise<TFunction> {
	if (typeof document !== 'undefined') {
		// Every key exists in every language (the key-parity test guards it): no fallback needed.
		const bundles = await loadNamespaces(lang, namespaces);
		return translator([{ lang, bundles }], {
			missing: (namespace) => loadMissing(lang, namespace)
		});
	}
	// The server keeps English behind, in case a file lags.
	const chain = lang === DEFAULT_LANG ? [lang] : [lang, DEFAULT_LANG];
	const bundles = await Promise.all(chain.map((l) => loadNamespaces(l, 'all')));
	return translator(
		chain.map((l, i) => ({ lang: l, bundles: bundles[i]! })),
		{ used: noteUsed }
	);
}
