/**
 * The content check for a compiled pack that did not come from this build (a .linlipack file): the
 * same rules as `linli pack check`, applied to the compiled JSON instead of Markdown.
 *
 * - meta.json: its pack.json fields go through `checkPackJson`, the checker's own code; its `lessons`
 *   must be exactly what the language files give (see `lessonSummaries`).
 * - <lang>.json: the schemas of lib/shared/compiled-pack-schema.ts (front matter, quiz and
 *   checklist fields use the author-side schemas); quizzes and checklists then go through
 *   `checkQuiz` / `checkChecklist` (one right answer, unique ids, no typed emergency numbers); text
 *   goes through `checkTextString`; translations through `compareLanguages`; pictures and lesson
 *   links must resolve inside the pack.
 * - assets/*: `checkAsset` (type, size, signature; SVG without script, events, entities, links).
 *
 * The data is already parsed, so problems point at the file, not a line (`fixedSource`), and the
 * phone's bundle has no YAML parser. Relative imports only (shared by the CLI, the server and the app).
 */
import * as v from 'valibot';
import {
	CONTENT_LANGUAGES,
	type CompiledPackLanguage,
	type ContentLang,
	type PackMeta
} from '../shared/lesson.js';
import {
	CompiledPackLanguageSchema,
	jsonDepth,
	MAX_COMPILED_DEPTH,
	PackLessonSummarySchema
} from '../shared/compiled-pack-schema.js';
import { checkAsset } from './assets.js';
import { checkChecklist, checkQuiz } from './block-checks.js';
import type { ParsedLesson } from './compile-pack.js';
import { checkPackJson } from './pack-json.js';
import { lessonSummaries, sameJson, walkBlocks, type Walked } from './compiled-lessons.js';
import { compareLanguages } from './consistency.js';
import { checkTextString } from './inline-text.js';
import { ProblemList, START } from './problems.js';
import { fixedSource } from './structured.js';
import { blocksText } from './text.js';

export type CompiledPackMeta = Omit<PackMeta, 'hash' | 'gzipBytes'>;

export interface CheckedCompiledPack {
	/** Set when meta.json is valid. */
	meta?: CompiledPackMeta;
	/** The valid language files, lessons in reading order, search text recomputed. */
	languages: CompiledPackLanguage[];
	assets: Map<string, Uint8Array>;
	problems: ProblemList;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const GENERIC_CODE = /^[a-z]+(\.[a-zA-Z]+)+$/;
const MAX_REPORTED_ISSUES = 50;

const isRecord = (value: unknown): value is Record<string, unknown> =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

function parseJsonFile(
	files: Map<string, Uint8Array>,
	name: string,
	file: string,
	problems: ProblemList
): unknown {
	const bytes = files.get(name);
	if (!bytes) {
		problems.error('packfile.content.missing', file, START, { name });
		return undefined;
	}
	let data: unknown;
	try {
		data = JSON.parse(decoder.decode(bytes));
	} catch (error) {
		const detail = error instanceof Error ? error.message : 'not UTF-8';
		problems.error('packfile.content.json', file, START, { name, detail: detail.slice(0, 120) });
		return undefined;
	}
	if (jsonDepth(data) > MAX_COMPILED_DEPTH) {
		problems.error('packfile.content.depth', file, START, { name, max: MAX_COMPILED_DEPTH });
		return undefined;
	}
	if (!isRecord(data)) {
		problems.error('packfile.content.json', file, START, { name, detail: 'not an object' });
		return undefined;
	}
	return data;
}

/** Schema issues as problems, the way the checker words them (`compiled.field.*` or a rule code). */
function reportIssues(issues: v.BaseIssue<unknown>[], file: string, problems: ProblemList) {
	const seen = new Set<string>();
	for (const issue of issues.slice(0, MAX_REPORTED_ISSUES)) {
		const field = (issue.path ?? [])
			.map((item) => item.key as string | number)
			.reduce<string>(
				(name, key) =>
					typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${key}` : key,
				''
			);
		const unknownKey = issue.type === 'strict_object' && issue.expected === 'never';
		let code = 'compiled.field.type';
		let params: Record<string, string | number> = {
			field,
			expected: (issue.expected ?? 'value').replace(/"/g, '')
		};
		if (unknownKey) code = 'compiled.field.unknown';
		else if (issue.received === 'undefined') code = 'compiled.field.missing';
		else if (GENERIC_CODE.test(issue.message)) {
			code = issue.message;
			params = { field, value: String(issue.input ?? '').slice(0, 80) };
		}
		const key = `${code}@${field}`;
		if (seen.has(key)) continue;
		seen.add(key);
		problems.error(code, file, START, params);
	}
}

/** Checks a compiled pack's files (meta.json, <lang>.json, assets/*); `label` names it in problems. */
export function checkCompiledPack(
	files: Map<string, Uint8Array>,
	label: string
): CheckedCompiledPack {
	const problems = new ProblemList();
	const path = (name: string) => `${label}/${name}`;
	const assets = new Map([...files].filter(([name]) => name.startsWith('assets/')));
	const result: CheckedCompiledPack = { languages: [], assets, problems };

	for (const [name, bytes] of assets) {
		checkAsset(path(name), name.slice('assets/'.length), bytes, problems);
	}

	// meta.json: the pack.json fields through the checker's own code, then the lesson list.
	const metaFile = path('meta.json');
	const meta = parseJsonFile(files, 'meta.json', metaFile, problems) as
		Record<string, unknown> | undefined;
	const { lessons: summaries, ...packFields } = meta ?? {};
	const read = meta ? checkPackJson(packFields, fixedSource(metaFile, START), problems) : undefined;
	if (meta && !v.is(v.array(PackLessonSummarySchema), summaries)) {
		problems.error('packfile.meta.lessons', metaFile);
	}
	const declared = read?.json?.languages ?? read?.languages ?? [];

	// Language files: exactly the declared languages.
	for (const name of files.keys()) {
		const lang = name.replace(/\.json$/, '') as ContentLang;
		if (name.endsWith('.json') && CONTENT_LANGUAGES.includes(lang) && !declared.includes(lang)) {
			problems.error('packfile.content.unexpected', path(name), START, { name });
		}
	}
	const languages: CompiledPackLanguage[] = [];
	for (const lang of declared) {
		const name = `${lang}.json`;
		const data = parseJsonFile(files, name, path(name), problems);
		if (data === undefined) continue;
		const parsed = v.safeParse(CompiledPackLanguageSchema, data, { abortEarly: false });
		if (!parsed.success) {
			reportIssues(parsed.issues, path(name), problems);
			continue;
		}
		const language = parsed.output as CompiledPackLanguage;
		for (const [field, expected] of [
			['packId', read?.id],
			['version', read?.json?.version],
			['lang', lang]
		] as const) {
			if (expected !== undefined && language[field] !== expected) {
				problems.error('packfile.content.mismatch', path(name), START, {
					name,
					field,
					found: String(language[field]),
					expected
				});
			}
		}
		languages.push(language);
	}

	// Lessons: the checker's rules, language by language, then across languages.
	const packId = read?.id;
	const parsedByLang = new Map<ContentLang, Map<string, ParsedLesson>>();
	const allIds = new Set(languages.flatMap((l) => l.lessons.map((lesson) => lesson.id)));
	for (const language of languages) {
		const file = path(`${language.lang}.json`);
		const ofLang = new Map<string, ParsedLesson>();
		const orders = new Map<number, string>();
		const blockIds = new Map<string, string>();
		for (const lesson of language.lessons) {
			const walked: Walked = {
				images: [],
				lessonLinks: [],
				quizzes: [],
				checklists: [],
				texts: []
			};
			walkBlocks(lesson.blocks, walked);
			for (const text of walked.texts) checkTextString(text, file, START, problems);
			for (const quiz of walked.quizzes) {
				checkQuiz({ id: quiz.id, questions: quiz.questions }, fixedSource(file, START), problems);
			}
			for (const list of walked.checklists) {
				const { t: _t, ...fields } = list;
				checkChecklist(fields, fixedSource(file, START), problems);
			}
			for (const src of walked.images) {
				if (!assets.has(src)) problems.error('md.image.missing', file, START, { src });
			}
			for (const link of walked.lessonLinks) {
				if ((!link.pack || link.pack === packId) && !allIds.has(link.lesson)) {
					problems.error('md.link.lesson', file, START, { target: link.lesson });
				}
			}
			const other = ofLang.get(lesson.id);
			if (other) {
				problems.error('lesson.id.duplicate', file, START, { id: lesson.id, other: other.file });
				continue;
			}
			const taken = orders.get(lesson.order);
			if (taken) {
				problems.error('lesson.order.duplicate', file, START, {
					order: lesson.order,
					other: taken
				});
			}
			orders.set(lesson.order, lesson.id);
			for (const block of [...walked.quizzes, ...walked.checklists]) {
				const key = `${block.t}:${block.id}`;
				const owner = blockIds.get(key);
				if (owner) {
					problems.error(`${block.t}.duplicate`, file, START, { id: block.id, other: owner });
				}
				blockIds.set(key, lesson.id);
			}
			if (walked.quizzes.length === 0 && language.lang === declared[0]) {
				problems.warn('lesson.quiz.none', file, START, { lesson: lesson.id });
			}
			const { id, title, summary, minutes, order } = lesson;
			ofLang.set(lesson.id, {
				file,
				lang: language.lang,
				frontMatter: { id, title, summary, minutes, order },
				blocks: lesson.blocks,
				refs: {
					images: walked.images.map((src) => ({ src, at: START })),
					lessonLinks: walked.lessonLinks.map((link) => ({ ...link, at: START })),
					// A compiled quiz was read already: an unreadable one cannot reach a pack file.
					unreadableQuizzes: []
				},
				at: START
			});
		}
		parsedByLang.set(language.lang, ofLang);
	}
	const reference = new Map<string, ParsedLesson>();
	for (const lang of declared) {
		for (const [id, lesson] of parsedByLang.get(lang) ?? []) {
			if (!reference.has(id)) reference.set(id, lesson);
		}
	}
	for (const [id, ref] of reference) {
		for (const [lang, ofLang] of parsedByLang) {
			const translated = ofLang.get(id);
			if (!translated) {
				problems.error('lesson.translation.missing', ref.file, START, { lesson: id, lang });
			} else if (translated !== ref) {
				compareLanguages(ref, translated, problems);
			}
		}
	}
	const used = new Set([...reference.values()].flatMap((l) => l.refs.images.map((i) => i.src)));
	for (const lang of parsedByLang.values()) {
		for (const lesson of lang.values()) for (const image of lesson.refs.images) used.add(image.src);
	}
	for (const name of assets.keys()) {
		if (!used.has(name)) {
			problems.warn('asset.unused', path(name), START, { name: name.slice('assets/'.length) });
		}
	}

	// Outputs: lessons in reading order, search text recomputed; meta's lessons as derived.
	result.languages = languages.map((language) => ({
		...language,
		lessons: [...language.lessons]
			.sort((a, b) => a.order - b.order)
			.map((lesson) => ({ ...lesson, text: blocksText(lesson.blocks) }))
	}));
	if (read?.json && languages.length === declared.length) {
		const derived = lessonSummaries(read.json.languages, result.languages);
		if (!sameJson(derived, summaries)) {
			if (!problems.items.some((p) => p.code === 'packfile.meta.lessons')) {
				problems.error('packfile.meta.lessons', metaFile);
			}
		} else {
			result.meta = { ...read.json, lessons: derived };
		}
	}
	return result;
}
