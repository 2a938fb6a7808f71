import { isLang, type Lang } from '$lib/i18n/languages';
import { LANG_COOKIE } from '$lib/i18n/offline-strings';
import { isRegion, type Region } from '$shared/regions';
import type { RegionSuggester } from '$domain/region';

/**
 * Choices a resident makes on this device. Kept in localStorage (read synchronously at start-up,
 * offline included) and mirrored in cookies so the server renders the next page the same way.
 */
// Named where the service worker can read it without the rest of this module.
export { LANG_COOKIE };
export const TEXT_COOKIE = 'linli_text';
export const REGION_COOKIE = 'linli_region';
/** A region suggested by something the reader joined (a neighbourhood), as "<region>:<by>". */
export const REGION_HINT_COOKIE = 'linli_region_hint';

/** A load dependency (SvelteKit `depends`), invalidated when the reader changes the language. */
export const PREFS_DEPENDENCY = 'linli:prefs';
const LANG_KEY = 'linli.lang';
const REGION_KEY = 'linli.region';
const REGION_HINT_KEY = 'linli.regionHint';
const TEXT_KEY = 'linli.textScale';

/** Text sizes offered in Settings, in percent of the browser default. */
export const TEXT_SCALES = [100, 115, 130, 150, 175, 200] as const;
export type TextScale = (typeof TEXT_SCALES)[number];

export function isTextScale(value: unknown): value is TextScale {
	return (TEXT_SCALES as readonly unknown[]).includes(value);
}

function storage(): Storage | undefined {
	try {
		return globalThis.localStorage;
	} catch {
		return undefined; // storage disabled (private mode, policy)
	}
}

function setCookie(name: string, value: string) {
	const secure = location.protocol === 'https:' ? '; Secure' : '';
	document.cookie = `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
}

export function storedLang(): Lang | undefined {
	const value = storage()?.getItem(LANG_KEY);
	return isLang(value) ? value : undefined;
}

export function storeLang(lang: Lang) {
	storage()?.setItem(LANG_KEY, lang);
	setCookie(LANG_COOKIE, lang);
}

export function storedRegion(): Region | undefined {
	const value = storage()?.getItem(REGION_KEY);
	return isRegion(value) ? value : undefined;
}

/** The region the reader chose (on the numbers card or in Settings); it always wins. */
export function storeRegion(region: Region) {
	storage()?.setItem(REGION_KEY, region);
	setCookie(REGION_COOKIE, region);
}

export type RegionHint = { region: Region; by: RegionSuggester };

/** Reads "<region>:<by>" as written by storeRegionHint (cookie or storage). */
export function parseRegionHint(value: string | null | undefined): RegionHint | undefined {
	const [region, by] = (value ?? '').split(':');
	return isRegion(region) && by === 'neighbourhood' ? { region, by } : undefined;
}

export function storedRegionHint(): RegionHint | undefined {
	return parseRegionHint(storage()?.getItem(REGION_HINT_KEY));
}

/**
 * The slot for a region suggested by a neighbourhood the reader joined (the neighbourhoods
 * feature calls this). It ranks below the reader's own choice and above a language guess, and the
 * numbers card still asks the reader to confirm it.
 */
export function storeRegionHint(hint: RegionHint) {
	const value = `${hint.region}:${hint.by}`;
	storage()?.setItem(REGION_HINT_KEY, value);
	setCookie(REGION_HINT_COOKIE, value);
}

export function storedTextScale(): TextScale {
	const value = Number(storage()?.getItem(TEXT_KEY));
	return isTextScale(value) ? value : 100;
}

export function storeTextScale(scale: TextScale) {
	storage()?.setItem(TEXT_KEY, String(scale));
	setCookie(TEXT_COOKIE, String(scale));
}

/** The class on <html> that sets the root font size; CSS in app.css maps it to a percentage. */
export function textScaleClass(scale: number): string {
	return `text-${isTextScale(scale) ? scale : 100}`;
}

export function applyTextScale(scale: TextScale) {
	const root = document.documentElement;
	const wanted = textScaleClass(scale);
	if (root.classList.contains(wanted)) return; // the server already set it: no restyle
	for (const s of TEXT_SCALES) root.classList.remove(textScaleClass(s));
	root.classList.add(wanted);
}
