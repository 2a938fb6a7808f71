/**
 * Simplified characters in Traditional Chinese texts, and Traditional ones in Simplified texts,
 * found with OpenCC's dictionaries (opencc-js). The dictionaries are large, so they load only when
 * a pack is checked (Node, or a lazily loaded module): never in the reader's bundle.
 *
 * These are warnings, not errors: conversion between the scripts is not one to one. Many
 * simplified forms are also Traditional characters with their own meaning (里長, 制度, 干擾, 皇后),
 * and Taiwan accepts variants OpenCC converts (污/汙, 鼻樑/鼻梁, 台/臺). A hit asks a human to
 * look; it must not stop a build for a character that is right where it stands.
 * Relative imports only (shared with the CLI).
 */
import type { ProblemList } from './problems.js';

type Convert = (text: string) => string;

/**
 * Simplified forms that are also standard Traditional characters, and variants accepted in
 * Taiwan: never reported in zh-Hant.
 */
const TRADITIONAL_TOO = new Set([
	...'干后于余云朴范咸里台面只系制松谷周才向出斗丑卜几了千升冬凶划卷借克困夸奸姜布帘并征志念',
	...'愿托折据舍杰板柜沈注游涂淀准症秋种筑胡致荐蒙表踪采郁仆伙佣刮咨哄回弦挂曲朱杆泛熏家具',
	...'污汙樑梁臺'
]);
/** Traditional forms that are also standard Simplified characters: never reported in zh-Hans. */
const SIMPLIFIED_TOO = new Set([...'著乾']);

export interface ScriptHit {
	/** Offset of the first odd character in the text. */
	index: number;
	/** Each odd character once, with what OpenCC writes instead: "卧→臥". */
	chars: string;
}

let converters: Promise<{ toTraditional: Convert; toSimplified: Convert[] }> | undefined;

function load() {
	converters ??= import('opencc-js').then((OpenCC) => ({
		toTraditional: OpenCC.Converter({ from: 'cn', to: 'tw' }),
		toSimplified: [
			OpenCC.Converter({ from: 'tw', to: 'cn' }),
			OpenCC.Converter({ from: 'hk', to: 'cn' })
		]
	}));
	return converters;
}

function differences(text: string, converted: string, convert: Convert) {
	const chars = [...text];
	const other = [...converted];
	// Phrase conversion keeps the length; if it ever does not, compare character by character.
	const aligned = other.length === chars.length ? other : chars.map((c) => convert(c));
	return chars.flatMap((c, i) =>
		aligned[i] && aligned[i] !== c ? [{ c, to: aligned[i], i }] : []
	);
}

function hit(text: string, found: { c: string; to: string; i: number }[]): ScriptHit | undefined {
	const [first] = found;
	if (!first) return undefined;
	const index = [...text].slice(0, first.i).join('').length;
	const chars = [...new Map(found.map((f) => [f.c, `${f.c}→${f.to}`])).values()].join('、');
	return { index, chars };
}

/** Characters in a zh-Hant text that OpenCC reads as Simplified. */
export async function simplifiedIn(text: string): Promise<ScriptHit | undefined> {
	const { toTraditional } = await load();
	const found = differences(text, toTraditional(text), toTraditional).filter(
		(f) => !TRADITIONAL_TOO.has(f.c)
	);
	return hit(text, found);
}

/** Characters in a zh-Hans text that OpenCC reads as Traditional (Taiwan or Hong Kong forms). */
export async function traditionalIn(text: string): Promise<ScriptHit | undefined> {
	const { toSimplified } = await load();
	const found = toSimplified
		.flatMap((convert) => differences(text, convert(text), convert))
		.filter((f) => !SIMPLIFIED_TOO.has(f.c))
		.sort((a, b) => a.i - b.i);
	return hit(text, found);
}

/** The zh-Hant or zh-Hans string values on a line of pack.json. */
const JSON_TEXT = /"(zh-Hant|zh-Hans)"\s*:\s*"((?:[^"\\]|\\.)*)"/g;

/**
 * Checks every line of the pack's Chinese lesson files, and the Chinese texts of pack.json.
 * `files` maps paths in the pack to their text.
 */
export async function checkScripts(
	files: Map<string, string>,
	label: string,
	problems: ProblemList
) {
	for (const [name, text] of files) {
		const lines = text.split('\n');
		for (const [i, line] of lines.entries()) {
			const texts: { lang: string; text: string; offset: number }[] = [];
			if (name === 'pack.json') {
				for (const m of line.matchAll(JSON_TEXT)) {
					const value = m[2] ?? '';
					texts.push({
						lang: m[1] ?? '',
						text: value,
						offset: (m.index ?? 0) + m[0].length - value.length - 1
					});
				}
			} else if (name.endsWith('.zh-Hant.md')) {
				texts.push({ lang: 'zh-Hant', text: line, offset: 0 });
			} else if (name.endsWith('.zh-Hans.md')) {
				texts.push({ lang: 'zh-Hans', text: line, offset: 0 });
			}
			for (const { lang, text: value, offset } of texts) {
				if (!/\p{Script=Han}/u.test(value)) continue;
				const found = lang === 'zh-Hant' ? await simplifiedIn(value) : await traditionalIn(value);
				if (!found) continue;
				problems.warn(
					lang === 'zh-Hant' ? 'text.script.simplified' : 'text.script.traditional',
					`${label}/${name}`,
					{ line: i + 1, column: offset + found.index + 1 },
					{ chars: found.chars }
				);
			}
		}
	}
}
