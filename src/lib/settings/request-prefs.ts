import type { Lang } from '$lib/i18n/languages';
import type { RegionState } from '$domain/region';
import type { TextScale } from './preferences';

/** What the server knows of a reader's choices: from their cookies, else their Accept-Language. */
export interface Prefs {
	lang: Lang;
	/** The reader's region and how sure we are of it (chosen, suggested, guessed, ambiguous). */
	region: RegionState;
	textScale: TextScale;
}

/**
 * The preferences of the server request being rendered.
 *
 * Why a global: pages residents need offline must not have server load functions (the offline
 * shell cannot fetch their data), so the universal root load cannot receive these from
 * +layout.server.ts. hooks.server.ts runs each request inside an AsyncLocalStorage and registers
 * it under this key; a read touches no shared mutable state, so concurrent requests never see each
 * other's language. In the browser this is always undefined.
 */
export const REQUEST_PREFS_KEY = Symbol.for('linli.requestPrefs');

type PrefsStore = { getStore(): Prefs | undefined };

export function requestPrefs(): Prefs | undefined {
	const store = (globalThis as Record<symbol, PrefsStore | undefined>)[REQUEST_PREFS_KEY];
	return store?.getStore();
}
