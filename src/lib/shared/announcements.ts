/**
 * A neighbourhood's announcements and its contacts directory (issue 10): what organizers write
 * (validated on the server with these schemas) and what phones receive on sync. Plain text only:
 * phones turn links and phone numbers into taps themselves (announcements/linkify.ts), never HTML.
 * Relative imports only (shared with the CLI).
 */
import * as v from 'valibot';
import { LANGUAGES, type Lang } from '../i18n/languages';

export const ANNOUNCEMENT = 'announcement';
export const CONTACT = 'contact';

export const ANNOUNCEMENT_KINDS = ['notice', 'urgent', 'health', 'service'] as const;
export type AnnouncementKind = (typeof ANNOUNCEMENT_KINDS)[number];

export const CONTACT_CATEGORIES = [
	'committee',
	'management',
	'owners',
	'subdistrict',
	'clinic',
	'pharmacy',
	'ngo',
	'hotline',
	'other'
] as const;
export type ContactCategory = (typeof CONTACT_CATEGORIES)[number];

export const MAX_ANNOUNCEMENT_TITLE = 120;
export const MAX_ANNOUNCEMENT_BODY = 4000;
export const MAX_CONTACT_PHONES = 5;

/** Per language, where at least one language is filled in. */
export type PerLang<T> = Partial<Record<Lang, T>>;

export interface AnnouncementText {
	title: string;
	body: string;
}

/** An announcement as every phone following its neighbourhood receives it. */
export interface AnnouncementRecord {
	id: string;
	neighbourhoodId: string;
	kind: AnnouncementKind;
	texts: PerLang<AnnouncementText>;
	/** Shown from (ms); absent: from publication. */
	startsAt?: number;
	/** Shown until (ms); absent: until withdrawn. */
	endsAt?: number;
	pinned: boolean;
	publishedAt: number;
	updatedAt: number;
}

export interface ContactText {
	name: string;
	/** What they do for residents, in a line or two. */
	about: string;
	hours: string;
	address: string;
}

export interface ContactPhone {
	number: string;
	/** What the number is for ("Office", "24 hours"); may be empty. */
	label: string;
}

export interface ContactRecord {
	id: string;
	neighbourhoodId: string;
	category: ContactCategory;
	texts: PerLang<ContactText>;
	phones: ContactPhone[];
	updatedAt: number;
}

const PHONE = /^\+?[0-9 ()-]{3,24}$/;
const digits = (value: string) => value.replace(/\D/g, '').length;
/** A phone number a contact may list: digits with spaces, brackets or dashes (3 digits or more: 999, 1823). */
export const isPhoneNumber = (value: string) => PHONE.test(value) && digits(value) >= 3;

const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, 'tooLong'));
const id = v.pipe(v.string(), v.uuid('invalid'));
const time = v.pipe(v.number(), v.integer('invalid'), v.minValue(0, 'invalid'));

const perLang = <T extends v.GenericSchema>(schema: T) =>
	v.strictObject(
		Object.fromEntries(LANGUAGES.map((l) => [l, v.optional(schema)])) as Record<
			Lang,
			v.OptionalSchema<T, undefined>
		>
	);

const AnnouncementTextSchema = v.pipe(
	v.strictObject({
		title: text(MAX_ANNOUNCEMENT_TITLE),
		body: text(MAX_ANNOUNCEMENT_BODY)
	}),
	// A language is written in full or not at all.
	v.forward(
		v.check((t) => t.title !== '' || t.body === '', 'required'),
		['title']
	),
	v.forward(
		v.check((t) => t.body !== '' || t.title === '', 'required'),
		['body']
	)
);

/** What an organizer writes (times already converted to ms). */
export const AnnouncementInput = v.pipe(
	v.strictObject({
		neighbourhoodId: id,
		kind: v.picklist(ANNOUNCEMENT_KINDS, 'invalid'),
		texts: perLang(AnnouncementTextSchema),
		startsAt: v.optional(time),
		endsAt: v.optional(time),
		pinned: v.boolean()
	}),
	v.forward(
		v.check((a) => Object.values(a.texts).some((t) => t && t.title !== ''), 'textRequired'),
		['texts']
	),
	v.forward(
		v.check(
			(a) => a.startsAt === undefined || a.endsAt === undefined || a.endsAt > a.startsAt,
			'order'
		),
		['endsAt']
	)
);
export type AnnouncementInput = v.InferOutput<typeof AnnouncementInput>;

const ContactTextSchema = v.pipe(
	v.strictObject({
		name: text(120),
		about: text(300),
		hours: text(200),
		address: text(300)
	}),
	v.forward(
		v.check(
			(t) => t.name !== '' || (t.about === '' && t.hours === '' && t.address === ''),
			'required'
		),
		['name']
	)
);

export const ContactInput = v.pipe(
	v.strictObject({
		neighbourhoodId: id,
		category: v.picklist(CONTACT_CATEGORIES, 'invalid'),
		texts: perLang(ContactTextSchema),
		phones: v.pipe(
			v.array(
				v.strictObject({
					number: v.pipe(text(24), v.check(isPhoneNumber, 'phone')),
					label: text(60)
				})
			),
			v.maxLength(MAX_CONTACT_PHONES, 'tooMany')
		)
	}),
	v.forward(
		v.check((c) => Object.values(c.texts).some((t) => t && t.name !== ''), 'nameRequired'),
		['texts']
	)
);
export type ContactInput = v.InferOutput<typeof ContactInput>;

/**
 * The reader's language, else the nearest other one (Traditional and Simplified Chinese first
 * for each other), and which one it was: the phone labels a text shown in another language.
 */
const ORDER: Record<Lang, Lang[]> = {
	en: ['en', 'zh-Hant', 'zh-Hans'],
	'zh-Hant': ['zh-Hant', 'zh-Hans', 'en'],
	'zh-Hans': ['zh-Hans', 'zh-Hant', 'en']
};

export function pickLang<T>(texts: PerLang<T>, want: string): { lang: Lang; text: T } | undefined {
	for (const lang of ORDER[want as Lang] ?? ORDER.en)
		if (texts[lang]) return { lang, text: texts[lang] };
	return undefined;
}

/** Whether an announcement shows at `now`: started (or no start), not yet expired. */
export const isLive = (a: Pick<AnnouncementRecord, 'startsAt' | 'endsAt'>, now: number) =>
	(a.startsAt === undefined || a.startsAt <= now) && (a.endsAt === undefined || a.endsAt > now);
