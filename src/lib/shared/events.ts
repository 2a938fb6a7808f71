/**
 * Neighbourhood events (issue 12): what an organizer writes, what a phone sends to sign up, and
 * what devices receive. One schema per shape, used by the staff form (field errors), the outbox
 * and the server. Relative imports only (shared with the CLI).
 *
 * Designed for the night itself (issue 13): a sign-up's id is the ticket's subject (the signed
 * code carries event id, sign-up id, role and party size, never a name), and check-ins are rows of
 * their own (event_checkins: who admitted whom, at which door, when), so two doors can both
 * record an admission and the roster shows the double one.
 */
import * as v from 'valibot';
import { TimeMs } from './bounds';

export const EVENT_KINDS = ['balconyConcert', 'flashMob', 'other'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_STATUSES = ['draft', 'published', 'postponed', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export const EVENT_LANGUAGES = ['en', 'zh-Hant', 'zh-Hans'] as const;
export type EventLang = (typeof EVENT_LANGUAGES)[number];
/** Text in one or more of the app's languages. */
export type Texts = Partial<Record<EventLang, string>>;

/** Sign-ups' name, building and unit are kept this many days after the event ends. */
export const EVENT_RETENTION_DAYS = 30;
/** The largest role a form accepts ("absurd" above it); a role without a limit sends null. */
export const MAX_ROLE_CAPACITY = 5000;
export const MAX_PARTY = 10;
export const MAX_ROLES = 12;
export const MAX_SONGS = 40;

const Trimmed = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, 'tooLong'));
const Optional = (max: number) => v.optional(Trimmed(max), '');
const TextsOf = (max: number) =>
	v.optional(
		v.object({
			en: Optional(max),
			'zh-Hant': Optional(max),
			'zh-Hans': Optional(max)
		}),
		{}
	);
const Id = v.pipe(v.string(), v.uuid('invalid'));

export const RoleInput = v.strictObject({
	/** Kept when editing (sign-ups refer to it); a new role gets one from the form. */
	id: Id,
	names: TextsOf(60),
	/** Places; null: no limit ("everyone else"). */
	capacity: v.nullable(
		v.pipe(
			v.number('range'),
			v.integer('range'),
			v.minValue(0, 'range'),
			v.maxValue(MAX_ROLE_CAPACITY, 'range')
		)
	)
});
export type RoleInput = v.InferOutput<typeof RoleInput>;

export const SongInput = v.strictObject({
	title: v.pipe(Trimmed(120), v.nonEmpty('required')),
	words: Optional(8000)
});
export type SongInput = v.InferOutput<typeof SongInput>;

export const EventInput = v.strictObject({
	neighbourhoodId: Id,
	kind: v.picklist(EVENT_KINDS, 'invalid'),
	titles: TextsOf(120),
	descriptions: TextsOf(4000),
	startsAt: TimeMs('required'),
	endsAt: TimeMs('required'),
	signupDeadline: TimeMs('required'),
	place: v.pipe(Trimmed(200), v.nonEmpty('required')),
	bring: Optional(1000),
	safety: Optional(2000),
	roles: v.pipe(v.array(RoleInput), v.minLength(1, 'required'), v.maxLength(MAX_ROLES, 'tooMany')),
	songs: v.pipe(v.array(SongInput), v.maxLength(MAX_SONGS, 'tooMany'))
});
export type EventInput = v.InferOutput<typeof EventInput>;
/** An event as code and forms build it (texts in the languages given, optional texts left out). */
export type EventFields = v.InferInput<typeof EventInput>;

const hasText = (texts: Texts) => Object.values(texts).some((t) => t && t.trim() !== '');

/**
 * Every problem of the form at once, as field → translation key (events:errors.<code>). Fields:
 * the schema's ("titles", "place", "roles.0.capacity" …), plus the rules between fields: a
 * title in at least one language, a start in the future (when `now` is given: editing a past
 * event keeps its times), the end after the start, the deadline no later than the start.
 */
export function eventErrors(input: unknown, now?: number): Record<string, string> {
	const errors: Record<string, string> = {};
	const result = v.safeParse(EventInput, input, { abortEarly: false });
	if (!result.success) {
		for (const issue of result.issues) {
			const field = (issue.path ?? []).map((p) => String(p.key)).join('.') || 'form';
			// Deeper paths name a language or a role's field: "titles.en" is reported on "titles".
			const key = field.startsWith('titles') ? 'titles' : field;
			errors[key] ??= /^[a-zA-Z]+$/.test(issue.message) ? issue.message : 'invalid';
		}
	}
	const raw = (input ?? {}) as Partial<EventFields>;
	const titles = (raw.titles ?? {}) as Texts;
	if (!errors.titles && !hasText(titles)) errors.titles = 'titleRequired';
	const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
	const start = num(raw.startsAt);
	const end = num(raw.endsAt);
	const deadline = num(raw.signupDeadline);
	if (start !== undefined && now !== undefined && start <= now && !errors.startsAt)
		errors.startsAt = 'startInPast';
	if (start !== undefined && end !== undefined && end <= start && !errors.endsAt)
		errors.endsAt = 'endBeforeStart';
	if (start !== undefined && deadline !== undefined && deadline > start && !errors.signupDeadline)
		errors.signupDeadline = 'deadlineAfterStart';
	(raw.roles ?? []).forEach((role, i) => {
		if (role && typeof role === 'object' && !hasText((role.names ?? {}) as Texts))
			errors[`roles.${i}.names`] ??= 'required';
	});
	return errors;
}

/** What a phone sends to sign up (mutation `event.signUp`). */
export const EventSignUp = v.strictObject({
	id: Id,
	eventId: Id,
	roleId: Id,
	name: v.pipe(Trimmed(80), v.nonEmpty('required')),
	building: Optional(60),
	unit: Optional(20),
	partySize: v.pipe(
		v.number('range'),
		v.integer('range'),
		v.minValue(1, 'range'),
		v.maxValue(MAX_PARTY, 'range')
	)
});
export type EventSignUp = v.InferOutput<typeof EventSignUp>;

/** The sign-up form's problems, field → events:errors.<code>. */
export function signUpErrors(input: unknown): Record<string, string> {
	const result = v.safeParse(EventSignUp, input, { abortEarly: false });
	const errors: Record<string, string> = {};
	if (result.success) return errors;
	for (const issue of result.issues) {
		const field = String(issue.path?.[0]?.key ?? 'form');
		errors[field] ??= /^[a-zA-Z]+$/.test(issue.message) ? issue.message : 'invalid';
	}
	return errors;
}

export const EventSignUpId = v.strictObject({ id: Id });

/**
 * An admission at the door (issue 13), marked by an organizer's phone, offline if need be, and
 * sent through the sync outbox with the organizer's session: `id` is the mark's own (a resent
 * mark is stored once), `door` names the phone's door ("North gate"), `at` the phone's time.
 */
export const EventAdmit = v.strictObject({
	id: Id,
	eventId: Id,
	signupId: Id,
	method: v.picklist(['scan', 'name'], 'invalid'),
	door: Optional(40),
	at: TimeMs('invalid')
});
export type EventAdmit = v.InferOutput<typeof EventAdmit>;

/** What an admission's push answers: the first for that sign-up, or one already admitted. */
export type AdmitOutcome = 'admitted' | 'already_admitted';

export interface EventRolePublic {
	id: string;
	names: Texts;
	/** null: no limit. */
	capacity: number | null;
	/** People (party sizes added up) confirmed and waiting. */
	confirmed: number;
	waitlisted: number;
}

export interface EventUpdatePublic {
	id: string;
	text: string;
	at: number;
}

/** An event as the phones of its neighbourhood receive it (collection `event`). Never a draft. */
export interface EventPublic {
	id: string;
	neighbourhoodId: string;
	kind: EventKind;
	titles: Texts;
	descriptions: Texts;
	startsAt: number;
	endsAt: number;
	signupDeadline: number;
	/** The neighbourhood's IANA time zone, for "20:00 at the venue". */
	timeZone: string;
	place: string;
	bring: string;
	safety: string;
	status: Exclude<EventStatus, 'draft'>;
	roles: EventRolePublic[];
	songs: SongInput[];
	/** Newest first. */
	updates: EventUpdatePublic[];
	updatedAt: number;
	/** The song an organizer marked as playing now: its index in `songs` (absent: none). */
	nowPlaying?: number;
}

/**
 * An organizer marks the song playing now (its index on the song sheet), or none (null). Also
 * what GET /api/events/<id>/now-playing answers, for the phones that follow it.
 */
export const NowPlaying = v.strictObject({
	song: v.nullable(
		v.pipe(
			v.number('range'),
			v.integer('range'),
			v.minValue(0, 'range'),
			v.maxValue(MAX_SONGS - 1, 'range')
		)
	)
});
export type NowPlaying = v.InferOutput<typeof NowPlaying>;

export type EventSignupStatus = 'confirmed' | 'waitlisted' | 'cancelled';

/** A resident's own sign-up (collection `eventSignup`, to their devices only). */
export interface EventSignupRecord {
	id: string;
	eventId: string;
	roleId: string;
	name: string;
	building: string;
	unit: string;
	partySize: number;
	status: EventSignupStatus;
	/** Place in the role's waitlist (1 = next), while waitlisted. */
	position?: number;
	present?: boolean;
	/** A confirmed sign-up's signed ticket (lib/shared/tickets.ts), shown as a QR code at the door. */
	ticket?: string;
}

/** The title in the reader's language, else English, else any. */
export function pickText(texts: Texts, lang: string): string {
	const own = texts[lang as EventLang];
	if (own?.trim()) return own;
	if (texts.en?.trim()) return texts.en;
	return Object.values(texts).find((t) => t?.trim()) ?? '';
}
