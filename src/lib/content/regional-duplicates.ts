/**
 * Brackets that the Hong Kong/Macau word swap turns into a duplicate: a Taiwan text that adds the
 * Hong Kong word in brackets, 「1公尺（1米）」 or 「復甦姿勢（香港稱「復原臥式」）」, reads 「1米（1米）」
 * and 「復原臥式（香港稱「復原臥式」）」 to a reader in Hong Kong. The swap already gives them their
 * word, so the bracket must go. Checked on every line of every zh-Hant text after the swap.
 * Relative imports only (shared with the CLI).
 */
import { rewordingFor } from '../i18n/regional.js';
import type { ProblemList } from './problems.js';

export interface BracketDuplicate {
	/** Offset of the opening bracket in the line (the swap never adds or removes brackets). */
	index: number;
	/** The duplicated text as the Hong Kong reader sees it, e.g. 1米（1米）. */
	seen: string;
}

const BRACKET = /[（(]([^（）()\n]{1,60})[）)]/g;
/** "Hong Kong calls it", "also called" …: words that introduce another name for the same thing. */
const LABEL =
	/^(?:(?:香港|澳門|澳门|台灣|臺灣|台湾|內地|内地|大陸|大陆)?(?:稱為|称为|叫做|稱|称|叫)|又稱|又称|又叫|或稱|或称|亦稱|亦称|也就是|也叫)/;
const QUOTES = /[「」『』“”"'《》]/g;
const MARKUP = /[*_`~\s]+$/;
const SUFFIX = /[法式]$/;
/** Forms of one character that read as the same word (卧 is how the swap list once wrote 臥). */
const VARIANTS: Readonly<Record<string, string>> = { 卧: '臥', 衞: '衛', 綫: '線', 峯: '峰' };

function fold(text: string) {
	return [...text].map((c) => VARIANTS[c] ?? c).join('');
}

function normalise(text: string) {
	return fold(
		text.replace(QUOTES, '').replace(LABEL, '').replace(QUOTES, '').trim().replace(SUFFIX, '')
	);
}

/** Duplicates in one line as written for Taiwan, seen through the Hong Kong swap. */
export function bracketDuplicates(line: string): BracketDuplicate[] {
	const swapped = rewordingFor('zh-Hant', 'hk')(line);
	const opens = [...line.matchAll(/[（(]/g)].map((m) => m.index ?? 0);
	const found: BracketDuplicate[] = [];
	for (const match of swapped.matchAll(BRACKET)) {
		const at = match.index ?? 0;
		const nth = [...swapped.slice(0, at + 1).matchAll(/[（(]/g)].length - 1;
		const written = swapped.slice(0, at).replace(MARKUP, '');
		const before = fold(written.replace(SUFFIX, ''));
		const pieces = (match[1] ?? '').split(/[，,、；;／/]|或者|或/).map(normalise);
		const term = pieces.find((piece) => [...piece].length >= 2 && before.endsWith(piece));
		if (!term) continue;
		const start = before.length - term.length;
		found.push({ index: opens[nth] ?? at, seen: `${written.slice(start)}${match[0]}` });
	}
	return found;
}

const JSON_HANT = /"zh-Hant"\s*:\s*"((?:[^"\\]|\\.)*)"/g;

/**
 * Reports every bracketed duplicate in the pack's zh-Hant lesson files and in the zh-Hant texts of
 * pack.json. `files` maps paths in the pack to their text.
 */
export function checkRegionalDuplicates(
	files: Map<string, string>,
	label: string,
	problems: ProblemList
) {
	for (const [name, text] of files) {
		const json = name === 'pack.json';
		if (!json && !name.endsWith('.zh-Hant.md')) continue;
		for (const [i, line] of text.split('\n').entries()) {
			const parts = json
				? [...line.matchAll(JSON_HANT)].map((m) => ({
						text: m[1] ?? '',
						offset: (m.index ?? 0) + m[0].length - (m[1] ?? '').length - 1
					}))
				: [{ text: line, offset: 0 }];
			for (const part of parts) {
				for (const duplicate of bracketDuplicates(part.text)) {
					problems.error(
						'text.regional.duplicate',
						`${label}/${name}`,
						{ line: i + 1, column: part.offset + duplicate.index + 1 },
						{ seen: duplicate.seen }
					);
				}
			}
		}
	}
}
