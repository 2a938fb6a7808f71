/**
 * Reading compiled lessons: what a lesson's blocks contain (text, pictures, lesson links, quizzes,
 * checklists), the lesson summaries meta.json must hold, and comparing JSON values.
 * Relative imports only (shared by the CLI, the server and the app).
 */
import type {
	Block,
	CompiledPackLanguage,
	ContentLang,
	Inline,
	PackLessonSummary,
	PerLang
} from '../shared/lesson.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

export interface Walked {
	images: string[];
	lessonLinks: { pack?: string; lesson: string }[];
	quizzes: Extract<Block, { t: 'quiz' }>[];
	checklists: Extract<Block, { t: 'checklist' }>[];
	texts: string[];
}

function walkInlines(nodes: Inline[], out: Walked) {
	for (const node of nodes) {
		if (node.t === 'text') out.texts.push(node.v);
		else if (node.t === 'img') out.images.push(node.src);
		else if (node.t === 'lesson') {
			out.lessonLinks.push({ ...(node.pack ? { pack: node.pack } : {}), lesson: node.lesson });
		}
		if ('c' in node) walkInlines(node.c, out);
	}
}

export function walkBlocks(blocks: Block[], out: Walked) {
	for (const block of blocks) {
		switch (block.t) {
			case 'p':
			case 'h':
				walkInlines(block.c, out);
				break;
			case 'list':
				for (const item of block.items) walkBlocks(item, out);
				break;
			case 'quote':
			case 'callout':
				walkBlocks(block.c, out);
				break;
			case 'table':
				for (const cell of [...block.head, ...block.rows.flat()]) walkInlines(cell, out);
				break;
			case 'quiz':
				out.quizzes.push(block);
				break;
			case 'checklist':
				out.checklists.push(block);
				break;
		}
	}
}

/**
 * The `lessons` of meta.json from the language files, as the compiler makes them: one entry per
 * lesson id in reading order, with its title and summary in every language, and its quiz and
 * checklist ids as in the first language (languages in pack order) that has the lesson.
 */
export function lessonSummaries(
	languages: readonly ContentLang[],
	files: CompiledPackLanguage[]
): PackLessonSummary[] {
	const byLang = new Map(files.map((file) => [file.lang, file]));
	const reference = new Map<string, CompiledPackLanguage['lessons'][number]>();
	for (const lang of languages) {
		for (const lesson of byLang.get(lang)?.lessons ?? []) {
			if (!reference.has(lesson.id)) reference.set(lesson.id, lesson);
		}
	}
	return [...reference.values()]
		.sort((a, b) => a.order - b.order)
		.map((ref) => {
			const title: PerLang = {};
			const summary: PerLang = {};
			for (const lang of languages) {
				const lesson = byLang.get(lang)?.lessons.find((l) => l.id === ref.id);
				if (lesson) {
					title[lang] = lesson.title;
					summary[lang] = lesson.summary;
				}
			}
			return {
				id: ref.id,
				order: ref.order,
				minutes: ref.minutes,
				title,
				summary,
				quizzes: ref.blocks.flatMap((b) => (b.t === 'quiz' ? [b.id] : [])),
				checklists: ref.blocks.flatMap((b) => (b.t === 'checklist' ? [b.id] : []))
			};
		});
}

/** JSON equality that ignores the order of object keys. */
export function sameJson(a: unknown, b: unknown): boolean {
	const canonical = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(canonical);
		if (isRecord(value)) {
			return Object.fromEntries(
				Object.keys(value)
					.sort()
					.map((key) => [key, canonical(value[key])])
			);
		}
		return value;
	};
	return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
