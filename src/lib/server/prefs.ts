import type { Cookies } from '@sveltejs/kit';
import { isLang, parseAcceptLanguage, pickLanguage } from '$lib/i18n/languages';
import {
	isTextScale,
	LANG_COOKIE,
	parseRegionHint,
	REGION_COOKIE,
	REGION_HINT_COOKIE,
	TEXT_COOKIE
} from '$lib/settings/preferences';
import type { Prefs } from '$lib/settings/request-prefs';
import { resolveRegion } from '$domain/region';
import { isRegion } from '$shared/regions';

/** A reader's preferences for this request: their saved choices first, then their browser's. */
export function prefsFromRequest(request: Request, cookies: Pick<Cookies, 'get'>): Prefs {
	const tags = parseAcceptLanguage(request.headers.get('accept-language'));
	const lang = cookies.get(LANG_COOKIE);
	const region = cookies.get(REGION_COOKIE);
	const hint = parseRegionHint(cookies.get(REGION_HINT_COOKIE));
	const textScale = Number(cookies.get(TEXT_COOKIE));
	return {
		lang: isLang(lang) ? lang : pickLanguage(tags),
		region: resolveRegion({
			...(isRegion(region) ? { chosen: region } : {}),
			...(hint ? { suggested: hint } : {}),
			languages: tags
		}),
		textScale: isTextScale(textScale) ? textScale : 100
	};
}

/**
 * The same preferences from a bare Request (API handlers get no SvelteKit cookies): the organizer's
 * language and region for a CSV file, say.
 */
export function prefsFromHeaders(request: Request): Prefs {
	const jar = new Map<string, string>();
	for (const pair of (request.headers.get('cookie') ?? '').split(';')) {
		const at = pair.indexOf('=');
		if (at < 1) continue;
		try {
			jar.set(pair.slice(0, at).trim(), decodeURIComponent(pair.slice(at + 1).trim()));
		} catch {
			// a malformed cookie is no preference
		}
	}
	return prefsFromRequest(request, { get: (name: string) => jar.get(name) } as Cookies);
}
