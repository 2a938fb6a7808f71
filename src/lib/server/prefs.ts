import type { Cookies } from '@sveltejs/kit';
import { isLang, parseAcceptLanguage, pickLanguage } from '$lib/i18n/languages';
import { isTextScale, LANG_COOKIE, REGION_COOKIE, TEXT_COOKIE } from '$lib/settings/preferences';
import type { Prefs } from '$lib/settings/request-prefs';
import { guessRegion, isRegion } from '$shared/regions';

/** A reader's preferences for this request: their saved choices first, then their browser's. */
export function prefsFromRequest(request: Request, cookies: Cookies): Prefs {
	const tags = parseAcceptLanguage(request.headers.get('accept-language'));
	const lang = cookies.get(LANG_COOKIE);
	const region = cookies.get(REGION_COOKIE);
	const textScale = Number(cookies.get(TEXT_COOKIE));
	return {
		lang: isLang(lang) ? lang : pickLanguage(tags),
		region: isRegion(region) ? region : guessRegion(tags),
		textScale: isTextScale(textScale) ? textScale : 100
	};
}
