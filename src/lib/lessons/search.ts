import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import type { CompiledPackLanguage, PackMeta } from '$shared/lesson';
import { pickText } from '$shared/lesson';
import { isEmergencyService, type EmergencyService } from '$shared/regions';
import { isCjkToken, tokenize } from './tokenize';

/** What a {{service}} placeholder reads as for this reader (their region's digits, …). */
export type PlaceholderFill = (service: EmergencyService) => string;

const PLACEHOLDER = /\{\{\s*([a-z]+)\s*\}\}/g;

/** Text with its emergency-number placeholders filled in as the reader would read them. */
export function fillPlaceholders(text: string, fill: PlaceholderFill): string {
	return text.replace(PLACEHOLDER, (whole, name: string) =>
		isEmergencyService(name) ? fill(name) : whole
	);
}

/**
 * MiniSearch options for offline search in Chinese and English (tokenize.ts): every query word
 * must match; prefix and typo tolerance for alphabetic words only ("mask" finds "masks"). Shared
 * by the lessons and the contacts directory.
 */
export function textSearchOptions<T>(fields: string[], boost: Record<string, number>): Options<T> {
	return {
		fields,
		storeFields: [],
		tokenize: (text) => tokenize(text),
		processTerm: (term) => term.toLowerCase(),
		searchOptions: {
			boost,
			combineWith: 'AND',
			tokenize: (text) => tokenize(text, { forQuery: true }),
			prefix: (term) => !isCjkToken(term) && term.length >= 3,
			fuzzy: (term) => (!isCjkToken(term) && term.length >= 5 ? 0.2 : false)
		}
	};
}

export interface LessonDoc {
	id: string;
	packId: string;
	lessonId: string;
	title: string;
	summary: string;
	text: string;
	packTitle: string;
	lang: string;
}

export interface LessonHit {
	packId: string;
	lessonId: string;
	title: string;
	summary: string;
	packTitle: string;
	lang: string;
	snippet: string;
	score: number;
}

/** An offline index over every lesson, each in the language the reader would read it in. */
export class LessonIndex {
	#search: MiniSearch<LessonDoc>;
	#docs = new Map<string, LessonDoc>();

	/**
	 * `fill` gives the reader's emergency numbers for the placeholders in the text, so that "999"
	 * finds the calling-for-help lesson in Hong Kong and snippets show the number.
	 */
	constructor(
		packs: { meta: PackMeta; content: CompiledPackLanguage }[],
		uiLang: string,
		fill: PlaceholderFill = () => ''
	) {
		this.#search = new MiniSearch<LessonDoc>(
			textSearchOptions(['title', 'summary', 'text'], { title: 3, summary: 2 })
		);
		const docs: LessonDoc[] = [];
		for (const { meta, content } of packs) {
			for (const lesson of content.lessons) {
				const doc: LessonDoc = {
					id: `${meta.id}/${lesson.id}`,
					packId: meta.id,
					lessonId: lesson.id,
					title: fillPlaceholders(lesson.title, fill),
					summary: fillPlaceholders(lesson.summary, fill),
					text: fillPlaceholders(lesson.text, fill),
					packTitle: pickText(meta.title, uiLang, meta.languages),
					lang: content.lang
				};
				docs.push(doc);
				this.#docs.set(doc.id, doc);
			}
		}
		this.#search.addAll(docs);
	}

	get size() {
		return this.#docs.size;
	}

	search(query: string, limit = 20): LessonHit[] {
		const trimmed = query.trim();
		if (!trimmed) return [];
		return this.#search
			.search(trimmed)
			.slice(0, limit)
			.flatMap((result: SearchResult) => {
				const doc = this.#docs.get(String(result.id));
				if (!doc) return [];
				return [
					{
						packId: doc.packId,
						lessonId: doc.lessonId,
						title: doc.title,
						summary: doc.summary,
						packTitle: doc.packTitle,
						lang: doc.lang,
						snippet: snippet(doc.text, result.terms),
						score: result.score
					}
				];
			});
	}
}

/** A short excerpt around the first place a matched term appears. */
export function snippet(text: string, terms: string[], width = 70): string {
	const lower = text.toLowerCase();
	const positions = terms.map((t) => lower.indexOf(t.toLowerCase())).filter((i) => i >= 0);
	const at = positions.length ? Math.min(...positions) : 0;
	const start = Math.max(0, at - Math.floor(width / 3));
	const end = Math.min(text.length, start + width);
	const piece = text.slice(start, end).replace(/\s+/g, ' ').trim();
	return `${start > 0 ? '…' : ''}${piece}${end < text.length ? '…' : ''}`;
}
