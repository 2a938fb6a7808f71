/**
 * Valibot schemas of the compiled pack (the types of lesson.ts), for files that did not come from
 * this build: a .linlipack opened on a phone or uploaded to the server. Front matter, quizzes and
 * checklists reuse the author-side schemas of pack-schema.ts, so a compiled field is held to the
 * same rules as the text it was compiled from; links and pictures are held to what the renderer
 * will show (lib/lessons/safe-url.ts).
 *
 * Relative imports only: this module is shared by the app, the server and the linli CLI.
 */
import * as v from 'valibot';
import {
	CALLOUT_KINDS,
	CONTENT_LANGUAGES,
	PACK_SCHEMA_VERSION,
	type Block,
	type Inline
} from './lesson.js';
import { ChecklistSchema, FrontMatterSchema, Id, QuizSchema } from './pack-schema.js';
import { EMERGENCY_SERVICES } from './regions.js';

/** The deepest nesting of arrays and objects a compiled file may have (checked before parsing). */
export const MAX_COMPILED_DEPTH = 64;

const SAFE_HREF = /^(?:https?:\/\/|mailto:|tel:)/i;
const ASSET_SRC = /^assets\/[A-Za-z0-9][A-Za-z0-9._-]*\.(?:png|jpe?g|webp|gif|svg)$/i;

const Href = v.pipe(
	v.string(),
	v.maxLength(2000),
	v.regex(SAFE_HREF, 'link.scheme'),
	v.check((href) => {
		try {
			return ['http:', 'https:', 'mailto:', 'tel:'].includes(new URL(href).protocol);
		} catch {
			return false;
		}
	}, 'link.scheme')
);

export const InlineSchema: v.GenericSchema<Inline> = v.lazy(() =>
	v.variant('t', [
		v.strictObject({ t: v.literal('text'), v: v.string() }),
		v.strictObject({ t: v.picklist(['strong', 'em', 'del']), c: v.array(InlineSchema) }),
		v.strictObject({ t: v.literal('code'), v: v.string() }),
		v.strictObject({ t: v.literal('br') }),
		v.strictObject({ t: v.literal('link'), href: Href, c: v.array(InlineSchema) }),
		v.strictObject({
			t: v.literal('lesson'),
			pack: v.optional(Id),
			lesson: Id,
			c: v.array(InlineSchema)
		}),
		v.strictObject({ t: v.literal('phone'), service: v.picklist(EMERGENCY_SERVICES) }),
		v.strictObject({
			t: v.literal('img'),
			src: v.pipe(v.string(), v.regex(ASSET_SRC, 'image.src')),
			alt: v.pipe(v.string(), v.trim(), v.nonEmpty('text.empty'))
		})
	])
) as v.GenericSchema<Inline>;

const Inlines = v.array(InlineSchema);

export const BlockSchema: v.GenericSchema<Block> = v.lazy(() =>
	v.variant('t', [
		v.strictObject({ t: v.literal('p'), c: Inlines }),
		v.strictObject({
			t: v.literal('h'),
			level: v.picklist([2, 3, 4]),
			id: v.pipe(v.string(), v.regex(/^[\p{L}\p{N}-]{1,80}$/u, 'id.invalid')),
			c: Inlines
		}),
		v.strictObject({
			t: v.literal('list'),
			ordered: v.boolean(),
			start: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
			items: v.array(v.array(BlockSchema))
		}),
		v.strictObject({ t: v.literal('quote'), c: v.array(BlockSchema) }),
		v.strictObject({ t: v.literal('hr') }),
		v.strictObject({ t: v.literal('pre'), v: v.string() }),
		v.strictObject({
			t: v.literal('table'),
			head: v.array(Inlines),
			rows: v.array(v.array(Inlines))
		}),
		v.strictObject({
			t: v.literal('callout'),
			kind: v.picklist(CALLOUT_KINDS),
			c: v.array(BlockSchema)
		}),
		v.strictObject({ t: v.literal('quiz'), ...QuizSchema.entries }),
		v.strictObject({ t: v.literal('checklist'), ...ChecklistSchema.entries }),
		v.strictObject({ t: v.literal('numbers') })
	])
) as v.GenericSchema<Block>;

export const CompiledLessonSchema = v.strictObject({
	...FrontMatterSchema.entries,
	blocks: v.array(BlockSchema),
	/** Search text: readers recompute it from the blocks, so its value here is not trusted. */
	text: v.string()
});

/** One `<lang>.json` of a compiled pack. */
export const CompiledPackLanguageSchema = v.strictObject({
	schemaVersion: v.literal(PACK_SCHEMA_VERSION, 'pack.schemaVersion'),
	packId: Id,
	version: v.string(),
	lang: v.picklist(CONTENT_LANGUAGES),
	lessons: v.pipe(v.array(CompiledLessonSchema), v.minLength(1, 'pack.lessons.none'))
});

const PerLang = v.strictObject({
	en: v.optional(v.string()),
	'zh-Hant': v.optional(v.string()),
	'zh-Hans': v.optional(v.string())
});

/** One entry of `lessons` in meta.json: derived from the language files, and checked against them. */
export const PackLessonSummarySchema = v.strictObject({
	id: Id,
	order: v.number(),
	minutes: v.number(),
	title: PerLang,
	summary: PerLang,
	quizzes: v.array(Id),
	checklists: v.array(Id)
});

/** The depth of nested arrays and objects in parsed JSON, without recursion. */
export function jsonDepth(value: unknown, limit = MAX_COMPILED_DEPTH): number {
	let deepest = 0;
	const stack: [unknown, number][] = [[value, 1]];
	while (stack.length > 0) {
		const [node, depth] = stack.pop()!;
		if (node === null || typeof node !== 'object') continue;
		deepest = Math.max(deepest, depth);
		if (deepest > limit) return deepest;
		for (const child of Object.values(node)) stack.push([child, depth + 1]);
	}
	return deepest;
}
