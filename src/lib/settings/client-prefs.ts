import { isLang, pickLanguage } from '$lib/i18n/languages';
import { decodeRegionState, resolveRegion, type RegionState } from '$domain/region';
import { storedLang, storedRegion, storedRegionHint, storedTextScale } from './preferences';
import type { Prefs } from './request-prefs';

/**
 * The reader's preferences in the browser: what they chose on this device, else what the server
 * rendered (the <html lang> and <html data-region> it worked out from the request), else the
 * browser's languages. The offline shell is built without a reader, so it carries neither and the
 * browser decides.
 */
export function clientPrefs(): Prefs {
	const root = document.documentElement;
	const languages = navigator.languages?.length ? navigator.languages : [navigator.language];
	return {
		lang: storedLang() ?? (isLang(root.lang) ? root.lang : pickLanguage(languages)),
		region: clientRegion(root.dataset.region, languages),
		textScale: storedTextScale()
	};
}

/** Chosen on this device wins; then the server's view (so the first render agrees with it). */
function clientRegion(rendered: string | undefined, languages: readonly string[]): RegionState {
	const chosen = storedRegion();
	if (chosen) return { status: 'chosen', region: chosen };
	const hint = storedRegionHint();
	return (
		(hint ? undefined : decodeRegionState(rendered)) ??
		resolveRegion({ ...(hint ? { suggested: hint } : {}), languages })
	);
}
