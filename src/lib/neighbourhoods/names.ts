import { pickLang, type PerLang } from '$shared/announcements';

/** A neighbourhood's name in the reader's language, else in another one. */
export function neighbourhoodName(hood: { names: PerLang<string> }, lang: string): string {
	return pickLang(hood.names, lang)?.text ?? '';
}
