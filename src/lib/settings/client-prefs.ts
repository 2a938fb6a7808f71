import { isLang, pickLanguage } from '$lib/i18n/languages';
import { guessRegion } from '$shared/regions';
import { storedLang, storedRegion, storedTextScale } from './preferences';
import type { Prefs } from './request-prefs';

/**
 * The reader's preferences in the browser: what they chose on this device, else what the server
 * rendered (the <html lang> it picked from Accept-Language), else the browser's languages. The
 * offline shell is built without a reader, so it carries no language and the browser decides.
 */
export function clientPrefs(): Prefs {
	const htmlLang = document.documentElement.lang;
	const languages = navigator.languages?.length ? navigator.languages : [navigator.language];
	return {
		lang: storedLang() ?? (isLang(htmlLang) ? htmlLang : pickLanguage(languages)),
		region: storedRegion() ?? guessRegion(languages),
		textScale: storedTextScale()
	};
}
