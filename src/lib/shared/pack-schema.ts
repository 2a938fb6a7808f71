/**
 * Schemas of what pack authors write: pack.json, lesson front matter, quiz and checklist blocks.
 * Shared by the pack checker (CLI and build) and, later, the in-app pack importer. A failed check's
 * message is a problem code (see lib/content/problems.ts), so every language can explain it.
 *
 * Relative imports only: this module is shared by the app, the vite config and the linli CLI.
 */
import * as v from 'valibot';
import { AUDIENCES, CONTENT_LANGUAGES, PACK_SCHEMA_VERSION, SCALES } from './lesson.js';

export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_ID_LENGTH = 64;

export const Id = v.pipe(
	v.string(),
	v.regex(ID_PATTERN, 'id.invalid'),
	v.maxLength(MAX_ID_LENGTH, 'id.invalid')
);

const Text = (max: number) =>
	v.pipe(v.string(), v.trim(), v.nonEmpty('text.empty'), v.maxLength(max, 'text.tooLong'));

const PerLangText = (max: number) =>
	v.strictObject({
		en: v.optional(Text(max)),
		'zh-Hant': v.optional(Text(max)),
		'zh-Hans': v.optional(Text(max))
	});

const HttpsUrl = v.pipe(v.string(), v.url('url.invalid'), v.startsWith('https://', 'url.https'));
const IsoDate = v.pipe(v.string(), v.isoDate('date.invalid'));

export const PackJsonSchema = v.strictObject({
	schemaVersion: v.literal(PACK_SCHEMA_VERSION, 'pack.schemaVersion'),
	id: Id,
	version: v.string(),
	title: PerLangText(80),
	description: PerLangText(300),
	languages: v.pipe(
		v.array(v.picklist(CONTENT_LANGUAGES, 'language.unknown')),
		v.minLength(1, 'languages.empty')
	),
	publisher: v.strictObject({
		name: Text(100),
		url: v.optional(HttpsUrl),
		contact: v.optional(v.pipe(v.string(), v.email('email.invalid')))
	}),
	license: v.string(),
	tags: v.array(
		v.pipe(v.string(), v.regex(ID_PATTERN, 'tag.invalid'), v.maxLength(40, 'tag.invalid'))
	),
	audience: v.array(v.picklist(AUDIENCES, 'audience.unknown')),
	sources: v.pipe(
		v.array(
			v.strictObject({
				title: Text(200),
				publisher: Text(120),
				url: HttpsUrl,
				accessed: IsoDate
			})
		),
		v.minLength(1, 'sources.none')
	),
	changelog: v.pipe(
		v.array(
			v.strictObject({
				version: v.string(),
				date: IsoDate,
				notes: PerLangText(500),
				/**
				 * Lessons whose safety advice changed in this version: a reader who opened one before
				 * is told what changed and asked to retake its quiz (earlier mastery stops counting).
				 */
				revised: v.optional(
					v.array(
						v.strictObject({
							lesson: Id,
							notes: PerLangText(300)
						})
					)
				)
			})
		),
		v.minLength(1, 'changelog.empty')
	)
});
export type PackJson = v.InferOutput<typeof PackJsonSchema>;

export const FrontMatterSchema = v.strictObject({
	id: Id,
	title: Text(80),
	summary: Text(200),
	minutes: v.pipe(
		v.number(),
		v.integer('minutes.range'),
		v.minValue(1, 'minutes.range'),
		v.maxValue(60, 'minutes.range')
	),
	order: v.pipe(v.number(), v.integer('order.invalid'), v.minValue(1, 'order.invalid'))
});
export type FrontMatter = v.InferOutput<typeof FrontMatterSchema>;

const OptionSchema = v.strictObject({
	text: Text(300),
	correct: v.optional(v.boolean()),
	explain: Text(600)
});

export const QuestionSchema = v.variant(
	'type',
	[
		v.strictObject({
			id: Id,
			type: v.picklist(['single', 'multiple']),
			prompt: Text(400),
			options: v.pipe(
				v.array(OptionSchema),
				v.minLength(2, 'quiz.options.few'),
				v.maxLength(8, 'quiz.options.many')
			)
		}),
		v.strictObject({
			id: Id,
			type: v.literal('truefalse'),
			prompt: Text(400),
			answer: v.boolean(),
			explain: Text(600)
		})
	],
	'quiz.type'
);

export const QuizSchema = v.strictObject({
	id: Id,
	questions: v.pipe(v.array(QuestionSchema), v.minLength(1, 'quiz.questions.none'))
});
export type QuizInput = v.InferOutput<typeof QuizSchema>;

export const ChecklistSchema = v.strictObject({
	id: Id,
	title: v.optional(Text(120)),
	items: v.pipe(
		v.array(
			v.strictObject({
				id: Id,
				text: Text(300),
				quantity: v.optional(v.pipe(v.number(), v.gtValue(0, 'checklist.quantity'))),
				unit: v.optional(Text(30)),
				/** How `quantity` grows with the household (domain/household.ts); person-day if absent. */
				scale: v.optional(v.picklist(SCALES, 'checklist.scale')),
				category: v.optional(Text(60))
			})
		),
		v.minLength(1, 'checklist.items.none')
	)
});
export type ChecklistInput = v.InferOutput<typeof ChecklistSchema>;
