/** A neighbourhood's name in the reader's language, else in another one (and which). */
type Names = Partial<Record<'en' | 'zh-Hant' | 'zh-Hans', string>>;

const ORDER: Record<string, (keyof Names)[]> = {
	en: ['en', 'zh-Hant', 'zh-Hans'],
	'zh-Hant': ['zh-Hant', 'zh-Hans', 'en'],
	'zh-Hans': ['zh-Hans', 'zh-Hant', 'en']
};

export function neighbourhoodName(hood: { names: Names }, lang: string): string {
	for (const l of ORDER[lang] ?? ORDER.en!) if (hood.names[l]) return hood.names[l]!;
	return '';
}
