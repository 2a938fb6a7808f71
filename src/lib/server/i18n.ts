/** Translations for things the server writes itself (CSV files), in the reader's language. */
import type { TFunction } from '$lib/i18n/translate';
import { fixedT } from '$lib/i18n/instance';
import { rewordingFor } from '$lib/i18n/regional';
import { regionOf } from '$lib/domain/region';
import type { Lang } from '$lib/i18n/languages';
import type { Prefs } from '$lib/settings/request-prefs';

export interface ServerI18n {
	lang: Lang;
	t: TFunction;
}

/** A t fixed to the reader's language, with their region's words (Hong Kong's 義工). */
export async function serverI18n(prefs: Pick<Prefs, 'lang' | 'region'>): Promise<ServerI18n> {
	const base = await fixedT(prefs.lang);
	const rewording = rewordingFor(prefs.lang, regionOf(prefs.region));
	const t = ((...args: Parameters<TFunction>) => {
		const text: unknown = base(...args);
		return typeof text === 'string' ? rewording(text) : text;
	}) as TFunction;
	return { lang: prefs.lang, t };
}
