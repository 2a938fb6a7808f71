/**
 * The languages Linli speaks, and how a browser's or request's language preferences map onto them.
 * More languages come "by file": add a folder under ./locales and a line here.
 */
export const LANGUAGES = ['en', 'zh-Hant', 'zh-Hans'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'en';

/** Each language's own name, shown in the switcher (never translated: a reader looks for their own). */
export const LANGUAGE_NAMES: Record<Lang, string> = {
	en: 'English',
	'zh-Hant': '繁體中文',
	'zh-Hans': '简体中文'
};

export function isLang(value: unknown): value is Lang {
	return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

const HANT_REGIONS = new Set(['tw', 'hk', 'mo']);

/**
 * Maps one BCP 47 tag onto a supported language, or undefined when we have nothing for it.
 * A script subtag wins (zh-Hant-HK is Traditional, zh-Hans-HK Simplified); then the region
 * (TW, HK, MO read Traditional; CN, SG, MY and bare "zh" read Simplified).
 */
export function matchLanguageTag(tag: string): Lang | undefined {
	const parts = tag.trim().toLowerCase().replace(/_/g, '-').split('-');
	const [primary, ...rest] = parts;
	if (primary === 'en') return 'en';
	if (primary !== 'zh' && primary !== 'yue' && primary !== 'cmn') return undefined;
	if (rest.includes('hant')) return 'zh-Hant';
	if (rest.includes('hans')) return 'zh-Hans';
	if (primary === 'yue') return 'zh-Hant';
	if (rest.some((r) => HANT_REGIONS.has(r))) return 'zh-Hant';
	return 'zh-Hans';
}

/** The first supported language in preference order, else English. */
export function pickLanguage(tags: readonly string[]): Lang {
	for (const tag of tags) {
		const lang = matchLanguageTag(tag);
		if (lang) return lang;
	}
	return DEFAULT_LANG;
}

/** Parses an Accept-Language header into tags ordered by q (stable for equal q). */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
	if (!header) return [];
	return header
		.split(',')
		.map((part, index) => {
			const [tag = '', ...params] = part.trim().split(';');
			const q = params
				.map((p) => p.trim())
				.find((p) => p.startsWith('q='))
				?.slice(2);
			const weight = q === undefined ? 1 : Number.parseFloat(q);
			return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
		})
		.filter((entry) => entry.tag && entry.tag !== '*' && entry.weight > 0)
		.sort((a, b) => b.weight - a.weight || a.index - b.index)
		.map((entry) => entry.tag);
}
