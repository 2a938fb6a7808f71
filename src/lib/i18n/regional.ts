/**
 * Regional wording. The Traditional Chinese texts (interface and lesson packs) are written with
 * Taiwan's words; a reader in Hong Kong or Macau says some things differently: 義工, not 志工;
 * 搓手液, not 乾洗手液; 厘米, not 公分. The region setting picks the words, as it picks the
 * emergency numbers. Only whole terms that mean the same thing are swapped (the glossary in the
 * content guide); anything that differs in substance is written per region in the lesson itself.
 */
import type { Region } from '$shared/regions';

type Words = ReadonlyArray<readonly [from: string, to: string]>;

/** Taiwan → Hong Kong and Macau. Longer terms first, so a short one never splits a long one. */
const HONG_KONG: Words = [
	['自動體外心臟電擊去顫器', '自動心臟除顫器'],
	['住宅用火災警報器', '煙霧感應器'],
	['避難收容處所', '臨時庇護中心'],
	['緊急避難包', '應急包'],
	['心肺復甦術', '心肺復甦法'],
	['哈姆立克法', '腹部衝擊法'],
	['乾洗手液', '搓手液'],
	['行動電源', '充電寶'],
	['會合地點', '集合點'],
	['復甦姿勢', '復原卧式'],
	['異物哽塞', '哽塞'],
	['咳嗽禮節', '咳嗽禮儀'],
	['胸部按壓', '心外壓'],
	['乾洗手', '搓手液'],
	['燒燙傷', '燒傷'],
	['手電筒', '電筒'],
	['滅火器', '滅火筒'],
	['志工', '義工'],
	['網路', '網絡'],
	['淹水', '水浸'],
	['公分', '厘米'],
	['公尺', '米']
];

const BY_REGION: Partial<Record<Region, Words>> = { hk: HONG_KONG, mo: HONG_KONG };

export type Rewording = (text: string) => string;

const same: Rewording = (text) => text;

/** How to reword a text in `lang` for a reader in `region` (unchanged when nothing differs). */
export function rewordingFor(lang: string, region: Region | undefined): Rewording {
	const words = lang === 'zh-Hant' && region ? BY_REGION[region] : undefined;
	if (!words) return same;
	return (text) => {
		let out = text;
		for (const [from, to] of words) if (out.includes(from)) out = out.split(from).join(to);
		return out;
	};
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
