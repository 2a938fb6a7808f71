import { DEFAULT_LANG, type Lang } from './languages';
import { loadLanguage } from './resources';
import { translator, type TFunction } from './translate';

export type { TFunction };

/**
 * A t fixed to one language (on the server, with English for any key it lacks). A language's
 * strings are loaded once per process (browser tab or server) and never change, so two server
 * requests in different languages render at the same time without touching each other.
 */
export async function fixedT(lang: Lang): Promise<TFunction> {
	// In the browser, only the reader's language is downloaded: every key exists in every language
	// (the key-parity test guards it). The server keeps English behind, in case a file lags.
	const chain =
		lang === DEFAULT_LANG || typeof document !== 'undefined' ? [lang] : [lang, DEFAULT_LANG];
	const bundles = await Promise.all(chain.map((l) => loadLanguage(l)));
	return translator(chain.map((l, i) => ({ lang: l, bundles: bundles[i]! })));
}
