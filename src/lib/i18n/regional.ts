/**
 * Regional wording. The Traditional Chinese texts (interface and lesson packs) are written with
 * Taiwan's words; a reader in Hong Kong or Macau says some things differently: 義工, not 志工;
 * 搓手液, not 乾洗手液; 厘米, not 公分. The region setting picks the words, as it picks the
 * emergency numbers. Only whole terms that mean the same thing are swapped (the glossary in the
 * content guide); anything that differs in substance is written per region in the lesson itself.
 */
import type { Region } from '$shared/regions';

export type Words = ReadonlyArray<readonly [from: string, to: string]>;

/**
 * Taiwan → Hong Kong and Macau. Each pair means exactly the same thing in both places (the content
 * guide's glossary, checked against Hong Kong usage). A pair whose target equals its source keeps
 * a longer term whole: 擴音器 (a loudspeaker) is not the phone's 擴音 (speakerphone, 免提).
 * 衛生紙 is not swapped: in Taiwan it means both tissue and toilet paper (Hong Kong 紙巾 / 廁紙).
 */
const HONG_KONG: Words = [
	['自動體外心臟電擊去顫器', '自動心臟除顫器'],
	['住宅用火災警報器', '煙霧感應器'],
	['避難收容處所', '臨時庇護中心'],
	['緊急避難包', '應急包'],
	['心肺復甦術', '心肺復甦法'],
	['哈姆立克法', '腹部衝擊法'],
	['卡式瓦斯爐', '卡式爐'],
	['乾洗手液', '搓手液'],
	['行動電源', '充電寶'],
	['會合地點', '集合點'],
	['復甦姿勢', '復原臥式'],
	['異物哽塞', '哽塞'],
	['咳嗽禮節', '咳嗽禮儀'],
	['胸部按壓', '心外壓'],
	['胸部推壓', '胸部衝擊'],
	['腹部推壓', '腹部衝擊'],
	['背部拍擊', '拍背'],
	['心跳停止', '心臟驟停'],
	['擴音喇叭', '擴音喇叭'],
	['擴音器', '擴音器'],
	['擴音機', '擴音機'],
	['拋棄式', '即棄'],
	['保鮮膜', '保鮮紙'],
	['瓦斯罐', '氣罐'],
	['支手機', '部手機'],
	['這堂課', '這一課'],
	['乾洗手', '搓手液'],
	['燒燙傷', '燒傷'],
	['手電筒', '電筒'],
	['滅火器', '滅火筒'],
	['火警警鈴', '火警鐘'],
	['中國大陸', '內地'],
	['滅火毯', '滅火氈'],
	['洗手台', '洗手盆'],
	['擦手紙', '抹手紙'],
	['擴音', '免提'],
	['膠帶', '膠紙'],
	['電鍋', '電飯煲'],
	['視訊', '視像'],
	['奶油', '牛油'],
	['瓦斯', '煤氣'],
	['面紙', '紙巾'],
	['堂課', '課'],
	['志工', '義工'],
	['網路', '網絡'],
	['淹水', '水浸'],
	['公分', '厘米'],
	['公尺', '米']
];

const BY_REGION: Partial<Record<Region, Words>> = { hk: HONG_KONG, mo: HONG_KONG };

export type Rewording = (text: string) => string;

const same: Rewording = (text) => text;

/** The swap pairs for a region (exported for the content checks and tests). */
export function regionalWords(region: Region): Words {
	return BY_REGION[region] ?? [];
}

const compiled = new Map<Words, Rewording>();

/**
 * One pass over the text, longest term first at each place: a swapped word is never swapped again
 * (a target that contains another pair's source stays as written).
 */
function compile(words: Words): Rewording {
	const known = compiled.get(words);
	if (known) return known;
	const to = new Map(words);
	const sources = [...to.keys()].sort((a, b) => b.length - a.length);
	const pattern = new RegExp(
		sources.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
		'g'
	);
	const rewording: Rewording = (text) => text.replace(pattern, (word) => to.get(word) ?? word);
	compiled.set(words, rewording);
	return rewording;
}

/** How to reword a text in `lang` for a reader in `region` (unchanged when nothing differs). */
export function rewordingFor(lang: string, region: Region | undefined): Rewording {
	const words = lang === 'zh-Hant' && region ? BY_REGION[region] : undefined;
	return words ? compile(words) : same;
}

/** Fields that hold addresses or ids, never reader-facing words. */
const NOT_TEXT = new Set(['id', 'href', 'src', 'url', 'lesson', 'pack', 'service', 'hash']);

/** A copy of `value` with every reader-facing string reworded. */
export function reword<T>(value: T, rewording: Rewording): T {
	if (rewording === same) return value;
	const walk = (item: unknown): unknown => {
		if (typeof item === 'string') return rewording(item);
		if (Array.isArray(item)) return item.map(walk);
		if (item && typeof item === 'object') {
			return Object.fromEntries(
				Object.entries(item).map(([key, field]) => [key, NOT_TEXT.has(key) ? field : walk(field)])
			);
		}
		return item;
	};
	return walk(value) as T;
}

/** A copy of per-language texts ({ en, zh-Hant, … }) anywhere in `value`, with the zh-Hant ones reworded. */
export function rewordPerLang<T>(value: T, region: Region | undefined): T {
	const rewording = rewordingFor('zh-Hant', region);
	if (rewording === same) return value;
	const walk = (item: unknown): unknown => {
		if (Array.isArray(item)) return item.map(walk);
		if (item && typeof item === 'object') {
			return Object.fromEntries(
				Object.entries(item).map(([key, field]) => [
					key,
					key === 'zh-Hant' && typeof field === 'string' ? rewording(field) : walk(field)
				])
			);
		}
		return item;
	};
	return walk(value) as T;
}
