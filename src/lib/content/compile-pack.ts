/**
 * Compiles one lesson pack from its files (a map of paths relative to the pack folder to bytes,
 * so the same code serves a folder on disk, and later a .linlipack file opened on a phone).
 * Reports every problem it finds rather than stopping at the first.
 * Relative imports only (shared with the CLI).
 */
import {
	CONTENT_LANGUAGES,
	PACK_SCHEMA_VERSION,
	type Block,
	type CompiledLesson,
	type CompiledPackLanguage,
	type ContentLang,
	type PackLessonSummary,
	type PackMeta,
	type PerLang
} from '../shared/lesson.js';
import type { FrontMatter } from '../shared/pack-schema.js';
import { checkAsset } from './assets.js';
import { compareLanguages } from './consistency.js';
import { splitLessonFile } from './front-matter.js';
import { markdownToBlocks, type LessonRefs } from './markdown.js';
import { LineIndex, ProblemList, type Position } from './problems.js';
import { checkPackJson, type PackJsonRead } from './pack-json.js';
import { positionOf } from './structured.js';
import { parseStructured } from './structured-yaml.js';
import { blocksText } from './text.js';

export type PackFiles = Map<string, Uint8Array>;

export interface ParsedLesson {
	file: string;
	lang: ContentLang;
	frontMatter: FrontMatter;
	blocks: Block[];
	refs: LessonRefs;
	/** Where the front matter's id is, for problems about the lesson as a whole. */
	at: Position;
}

export interface ExternalLink {
	pack: string;
	lesson: string;
	file: string;
	at: Position;
}

export interface CompiledPack {
	meta?: Omit<PackMeta, 'hash' | 'gzipBytes'>;
	languages: CompiledPackLanguage[];
	assets: Map<string, Uint8Array>;
	problems: ProblemList;
	externalLinks: ExternalLink[];
	/** Where problems say the pack lives (e.g. content/hygiene). */
	label: string;
}

const LESSON_FILE = /^([^/]+)\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\.md$/;
const decoder = new TextDecoder('utf-8', { fatal: false });

export function compilePack(files: PackFiles, label: string): CompiledPack {
	const problems = new ProblemList();
	const result: CompiledPack = {
		languages: [],
		assets: new Map(),
		problems,
		externalLinks: [],
		label
	};
	const path = (name: string) => `${label}/${name}`;

	const packJson = readPackJson(files, path('pack.json'), problems);
	const declared = new Set<ContentLang>(packJson?.languages ?? []);

	// Sort the files into lessons, assets and strays.
	const lessonFiles: { name: string; lang: ContentLang }[] = [];
	for (const name of [...files.keys()].sort()) {
		if (name === 'pack.json') continue;
		if (name.startsWith('assets/')) {
			checkAsset(
				path(name),
				name.slice('assets/'.length),
				files.get(name) ?? new Uint8Array(),
				problems
			);
			result.assets.set(name, files.get(name) ?? new Uint8Array());
			continue;
		}
		const match = LESSON_FILE.exec(name);
		if (!match) {
			if (!/(^|\/)(readme|license|notes?)(\.[a-z]+)?$/i.test(name) && !name.startsWith('.')) {
				problems.warn('file.unexpected', path(name), undefined, { name });
			}
			continue;
		}
		const lang = match[2] as ContentLang;
		if (
			!(CONTENT_LANGUAGES as readonly string[]).includes(lang) ||
			(packJson && !declared.has(lang))
		) {
			problems.error('file.language', path(name), undefined, {
				lang,
				declared: [...declared].join(', ')
			});
			continue;
		}
		lessonFiles.push({ name, lang });
	}

	// Parse every lesson file.
	const lessons: ParsedLesson[] = [];
	const hasAsset = (src: string) => files.has(src);
	for (const { name, lang } of lessonFiles) {
		const file = path(name);
		const text = decoder.decode(files.get(name));
		const source = splitLessonFile(text, file, problems);
		const { blocks, refs } = markdownToBlocks(
			source.body,
			file,
			source.bodyLine,
			problems,
			hasAsset
		);
		if (!source.frontMatter) continue;
		lessons.push({
			file,
			lang,
			frontMatter: source.frontMatter,
			blocks,
			refs,
			at: { line: 2, column: 1 }
		});
	}

	if (!packJson) return result;
	const { source } = packJson;
	const packLanguages = packJson.languages;

	// Every declared language has lessons; every lesson exists in every language.
	const byLang = new Map<ContentLang, Map<string, ParsedLesson>>();
	for (const lang of packLanguages) byLang.set(lang, new Map());
	for (const lesson of lessons) {
		const ofLang = byLang.get(lesson.lang);
		if (!ofLang) continue;
		const other = ofLang.get(lesson.frontMatter.id);
		if (other) {
			problems.error('lesson.id.duplicate', lesson.file, lesson.at, {
				id: lesson.frontMatter.id,
				other: other.file
			});
			continue;
		}
		ofLang.set(lesson.frontMatter.id, lesson);
	}
	const languagesPosition = positionOf(source, ['languages']);
	for (const lang of packLanguages) {
		if ((byLang.get(lang)?.size ?? 0) === 0 && lessons.length > 0) {
			problems.error('pack.language.absent', path('pack.json'), languagesPosition, { lang });
		}
	}
	if (lessons.length === 0) problems.error('pack.lessons.none', path('pack.json'));

	// The reference for each lesson: its version in the first declared language that has it.
	const reference = new Map<string, ParsedLesson>();
	for (const lang of packLanguages) {
		for (const [id, lesson] of byLang.get(lang) ?? [])
			if (!reference.has(id)) reference.set(id, lesson);
	}
	for (const [id, ref] of reference) {
		for (const lang of packLanguages) {
			if ((byLang.get(lang)?.size ?? 0) === 0) continue; // reported as an absent language
			const translated = byLang.get(lang)?.get(id);
			if (!translated) {
				problems.error('lesson.translation.missing', ref.file, ref.at, { lesson: id, lang });
				continue;
			}
			if (translated !== ref) compareLanguages(ref, translated, problems);
		}
	}

	// Orders unique; quiz and checklist ids unique in the pack; links and assets resolve.
	for (const [lang, ofLang] of byLang) {
		const orders = new Map<number, string>();
		const blockIds = new Map<string, string>();
		for (const lesson of ofLang.values()) {
			const taken = orders.get(lesson.frontMatter.order);
			if (taken) {
				problems.error('lesson.order.duplicate', lesson.file, lesson.at, {
					order: lesson.frontMatter.order,
					other: taken
				});
			}
			orders.set(lesson.frontMatter.order, lesson.frontMatter.id);
			for (const block of lesson.blocks) {
				if (block.t !== 'quiz' && block.t !== 'checklist') continue;
				const key = `${block.t}:${block.id}`;
				const owner = blockIds.get(key);
				if (owner) {
					problems.error(`${block.t}.duplicate`, lesson.file, lesson.at, {
						id: block.id,
						other: owner
					});
				}
				blockIds.set(key, lesson.frontMatter.id);
			}
			// A quiz that could not be read has its own problems ("the quiz could not be read: …"):
			// "this lesson has no quiz" would only mislead.
			const quizless =
				!lesson.blocks.some((b) => b.t === 'quiz') && lesson.refs.unreadableQuizzes.length === 0;
			if (quizless && lang === packLanguages[0]) {
				problems.warn('lesson.quiz.none', lesson.file, lesson.at, {
					lesson: lesson.frontMatter.id
				});
			}
			for (const link of lesson.refs.lessonLinks) {
				if (link.pack && link.pack !== packJson.id) {
					result.externalLinks.push({
						pack: link.pack,
						lesson: link.lesson,
						file: lesson.file,
						at: link.at
					});
				} else if (!reference.has(link.lesson)) {
					problems.error('md.link.lesson', lesson.file, link.at, { target: link.lesson });
				}
			}
		}
	}
	checkRevisedLessons(packJson, reference, path('pack.json'), problems);
	const used = new Set(lessons.flatMap((l) => l.refs.images.map((i) => i.src)));
	for (const name of result.assets.keys()) {
		const reported = problems.items.some((p) => p.file === path(name));
		if (!used.has(name) && !reported) {
			problems.warn('asset.unused', path(name), undefined, { name: name.slice('assets/'.length) });
		}
	}

	// Outputs.
	const json = packJson.json;
	if (!json) return result;
	const ordered = [...reference.values()].sort((a, b) => a.frontMatter.order - b.frontMatter.order);
	const summaries: PackLessonSummary[] = ordered.map((ref) => {
		const title: PerLang = {};
		const summary: PerLang = {};
		for (const lang of json.languages) {
			const lesson = byLang.get(lang)?.get(ref.frontMatter.id);
			if (lesson) {
				title[lang] = lesson.frontMatter.title;
				summary[lang] = lesson.frontMatter.summary;
			}
		}
		return {
			id: ref.frontMatter.id,
			order: ref.frontMatter.order,
			minutes: ref.frontMatter.minutes,
			title,
			summary,
			quizzes: ref.blocks.flatMap((b) => (b.t === 'quiz' ? [b.id] : [])),
			checklists: ref.blocks.flatMap((b) => (b.t === 'checklist' ? [b.id] : []))
		};
	});
	result.meta = {
		schemaVersion: PACK_SCHEMA_VERSION,
		id: json.id,
		version: json.version,
		title: json.title,
		description: json.description,
		languages: json.languages,
		publisher: json.publisher,
		license: json.license,
		tags: json.tags,
		audience: json.audience,
		sources: json.sources,
		changelog: json.changelog,
		lessons: summaries
	};
	for (const lang of json.languages) {
		const ofLang = byLang.get(lang);
		if (!ofLang?.size) continue;
		const compiled: CompiledLesson[] = [...ofLang.values()]
			.sort((a, b) => a.frontMatter.order - b.frontMatter.order)
			.map((lesson) => ({
				id: lesson.frontMatter.id,
				order: lesson.frontMatter.order,
				minutes: lesson.frontMatter.minutes,
				title: lesson.frontMatter.title,
				summary: lesson.frontMatter.summary,
				blocks: lesson.blocks,
				text: blocksText(lesson.blocks)
			}));
		result.languages.push({
			schemaVersion: PACK_SCHEMA_VERSION,
			packId: json.id,
			version: json.version,
			lang,
			lessons: compiled
		});
	}
	return result;
}

/**
 * A `revised` entry tells readers who learned a lesson before that its safety advice changed. One
 * that names no lesson of this pack would never be shown: the warning would be lost.
 */
function checkRevisedLessons(
	packJson: PackJsonRead,
	lessons: ReadonlyMap<string, unknown>,
	file: string,
	problems: ProblemList
) {
	packJson.json?.changelog.forEach((entry, i) => {
		entry.revised?.forEach((revision, j) => {
			if (lessons.has(revision.lesson)) return;
			problems.error(
				'changelog.revised.lesson',
				file,
				positionOf(packJson.source, ['changelog', i, 'revised', j, 'lesson']),
				{ lesson: revision.lesson, version: entry.version }
			);
		});
	});
}

function jsonErrorOffset(error: unknown, text: string): number {
	const message = error instanceof Error ? error.message : '';
	const position = /position (\d+)/.exec(message);
	if (position?.[1]) return Number(position[1]);
	return /end of JSON/i.test(message) ? text.length : 0;
}

/**
 * Reads pack.json with positions, then checks it (pack-json.ts: schema, semantic version, SPDX
 * licence, texts in every language, changelog order).
 */
export function readPackJson(
	files: PackFiles,
	file: string,
	problems: ProblemList
): PackJsonRead | undefined {
	const bytes = files.get('pack.json');
	if (!bytes) {
		problems.error('pack.json.missing', file);
		return undefined;
	}
	const text = decoder.decode(bytes).replace(/^\uFEFF/, '');
	try {
		JSON.parse(text);
	} catch (error) {
		const detail =
			error instanceof Error ? error.message.replace(/ in JSON at position \d+.*$/, '') : '';
		problems.error('pack.json.syntax', file, new LineIndex(text).at(jsonErrorOffset(error, text)), {
			detail
		});
		return undefined;
	}
	const parsed = parseStructured(text, file, { line: 1, column: 1 }, problems, 'pack.json.syntax');
	return parsed && checkPackJson(parsed.data, parsed.source, problems);
}
