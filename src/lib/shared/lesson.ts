/**
 * The compiled form of a lesson pack: what the build (and, later, the pack importer) produces
 * from Markdown and what the reader renders. It is a closed set of node types with plain-text
 * fields: nothing in it is HTML, so nothing in it can run. The renderer still re-checks every URL
 * and skips any node it does not know, because a compiled file may come from a stranger.
 *
 * Relative imports only: this module is shared by the app, the vite config and the linli CLI.
 */
import type { EmergencyService } from './regions.js';

export const PACK_SCHEMA_VERSION = 1;
export const CONTENT_LANGUAGES = ['en', 'zh-Hant', 'zh-Hans'] as const;
export type ContentLang = (typeof CONTENT_LANGUAGES)[number];
export type PerLang<T = string> = Partial<Record<ContentLang, T>>;

export const AUDIENCES = [
	'general',
	'families',
	'children',
	'older-adults',
	'carers',
	'schools',
	'volunteers'
] as const;
export type Audience = (typeof AUDIENCES)[number];

export const CALLOUT_KINDS = ['warning', 'tip', 'myth'] as const;
export type CalloutKind = (typeof CALLOUT_KINDS)[number];

export type Inline =
	| { t: 'text'; v: string }
	| { t: 'strong' | 'em' | 'del'; c: Inline[] }
	| { t: 'code'; v: string }
	| { t: 'br' }
	/** An external link (https, http, mailto or tel). */
	| { t: 'link'; href: string; c: Inline[] }
	/** A link to a lesson: in this pack when pack is omitted. */
	| { t: 'lesson'; pack?: string; lesson: string; c: Inline[] }
	/** An emergency number, filled in from the reader's region. */
	| { t: 'phone'; service: EmergencyService }
	/** A picture from the pack's assets folder. */
	| { t: 'img'; src: string; alt: string };

export interface QuizOption {
	text: string;
	correct: boolean;
	explain: string;
}

export type QuizQuestion =
	| { id: string; type: 'single' | 'multiple'; prompt: string; options: QuizOption[] }
	| { id: string; type: 'truefalse'; prompt: string; answer: boolean; explain: string };

/**
 * How a checklist item's `quantity` grows with the household (pack field `scale`; see
 * content/README.md and domain/household.ts): per person per day (the default), per person, per
 * infant per day, per infant, per pet per day, per pet, or once for the household.
 */
export const SCALES = [
	'person-day',
	'person',
	'infant-day',
	'infant',
	'pet-day',
	'pet',
	'household'
] as const;
export type Scale = (typeof SCALES)[number];

export interface ChecklistItem {
	id: string;
	text: string;
	/** Per person per day, unless `scale` says otherwise. */
	quantity?: number;
	unit?: string;
	/** How the quantity grows with the household; absent means per person per day. */
	scale?: Scale;
	category?: string;
}

export type Block =
	| { t: 'p'; c: Inline[] }
	| { t: 'h'; level: 2 | 3 | 4; id: string; c: Inline[] }
	| { t: 'list'; ordered: boolean; start?: number; items: Block[][] }
	| { t: 'quote'; c: Block[] }
	| { t: 'hr' }
	| { t: 'pre'; v: string }
	| { t: 'table'; head: Inline[][]; rows: Inline[][][] }
	| { t: 'callout'; kind: CalloutKind; c: Block[] }
	| { t: 'quiz'; id: string; questions: QuizQuestion[] }
	| { t: 'checklist'; id: string; title?: string; items: ChecklistItem[] }
	| { t: 'numbers' };

export interface CompiledLesson {
	id: string;
	order: number;
	minutes: number;
	title: string;
	summary: string;
	blocks: Block[];
	/** Plain text of the whole lesson, for offline search. */
	text: string;
}

/** One language of a pack: packs/<id>/<lang>.json. */
export interface CompiledPackLanguage {
	schemaVersion: number;
	packId: string;
	version: string;
	lang: ContentLang;
	lessons: CompiledLesson[];
}

export interface PackSource {
	title: string;
	publisher: string;
	url: string;
	accessed: string;
}

/** A lesson whose safety advice changed in a pack version (pack.json `changelog[].revised`). */
export interface PackRevision {
	lesson: string;
	notes: PerLang;
}

export interface PackChange {
	version: string;
	date: string;
	notes: PerLang;
	revised?: PackRevision[];
}

export interface PackLessonSummary {
	id: string;
	order: number;
	minutes: number;
	title: PerLang;
	summary: PerLang;
	quizzes: string[];
	checklists: string[];
}

/** What the pack list needs: packs/index.json holds one per pack. */
export interface PackMeta {
	schemaVersion: number;
	id: string;
	version: string;
	title: PerLang;
	description: PerLang;
	languages: ContentLang[];
	publisher: { name: string; url?: string; contact?: string };
	license: string;
	tags: string[];
	audience: Audience[];
	sources: PackSource[];
	changelog: PackChange[];
	lessons: PackLessonSummary[];
	/** Content hash of the compiled pack, so clients can tell versions apart. */
	hash: string;
	/** Gzipped size of the compiled pack (all languages and assets), in bytes. */
	gzipBytes: number;
}

export interface PackIndex {
	schemaVersion: number;
	packs: PackMeta[];
}

/** The language to show a pack in: the reader's when the pack has it, else the pack's first. */
export function packLanguage(meta: Pick<PackMeta, 'languages'>, want: string): ContentLang {
	const found = meta.languages.find((l) => l === want);
	return found ?? meta.languages[0] ?? 'en';
}

/** A per-language text in the reader's language, falling back to the pack's languages in order. */
export function pickText(
	texts: PerLang,
	want: string,
	order: readonly ContentLang[] = CONTENT_LANGUAGES
) {
	const exact = texts[want as ContentLang];
	if (exact) return exact;
	for (const lang of order) if (texts[lang]) return texts[lang];
	return '';
}
