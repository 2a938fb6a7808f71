/**
 * Volunteers: the registration a resident keeps on their phone, tasks organizers post, sign-ups.
 * One schema per shape, used by the form (field errors), the outbox and the server.
 * Relative imports only (shared with the CLI).
 */
import * as v from 'valibot';
import { TimeMs } from './bounds';

/**
 * Days after "stop being contacted" when a volunteer's details are deleted, as the privacy notice
 * promises. A server may be set to delete sooner (LINLI_RETENTION_DAYS), never later.
 */
export const RETENTION_DAYS = 90;

/** Raise when the privacy notice changes: volunteers are asked to consent again. */
export const CONSENT_VERSION = '2026-11-1';

export const SKILLS = [
	'firstAid',
	'medical',
	'psychological',
	'delivery',
	'driving',
	'translation',
	'itHelp',
	'elderlyCare',
	'childCare',
	'repairs'
] as const;
export type Skill = (typeof SKILLS)[number];

/** Languages a volunteer can help in (BCP 47 codes; names come from Intl.DisplayNames). */
export const SPOKEN_LANGUAGES = [
	'yue',
	'cmn',
	'nan',
	'hak',
	'wuu',
	'en',
	'tl',
	'id',
	'vi',
	'th',
	'ja',
	'ko',
	'hi',
	'ur',
	'ne',
	'fr',
	'es',
	'sgn'
] as const;

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const PARTS = ['morning', 'afternoon', 'evening'] as const;
export type Day = (typeof DAYS)[number];
export type Part = (typeof PARTS)[number];
/** "mon-morning" … "sun-evening": a cell of the weekly availability grid. */
export type Slot = `${Day}-${Part}`;
export const SLOTS = DAYS.flatMap((d) => PARTS.map((p) => `${d}-${p}` as Slot));

const PHONE = /^\+?[0-9 ()-]{6,20}$/;
const digits = (value: string) => value.replace(/\D/g, '').length;

const Trimmed = (max: number, code: string) => v.pipe(v.string(), v.trim(), v.maxLength(max, code));
const Optional = (max: number, code: string) => v.optional(Trimmed(max, code), '');

/** A volunteer's own registration: what they write, nothing an organizer sets. */
export const VolunteerProfile = v.pipe(
	v.strictObject({
		id: v.pipe(v.string(), v.uuid('invalid')),
		name: v.pipe(Trimmed(80, 'tooLong'), v.nonEmpty('required')),
		phone: v.pipe(
			Optional(20, 'tooLong'),
			v.check((p) => p === '' || (PHONE.test(p) && digits(p) >= 6), 'phone')
		),
		email: v.pipe(
			Optional(254, 'tooLong'),
			v.check((e) => e === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e), 'email')
		),
		building: Optional(60, 'tooLong'),
		unit: Optional(20, 'tooLong'),
		skills: v.pipe(v.array(v.picklist(SKILLS, 'invalid')), v.maxLength(SKILLS.length, 'invalid')),
		firstAidCertified: v.optional(v.boolean(), false),
		hasCar: v.optional(v.boolean(), false),
		skillsOther: Optional(200, 'tooLong'),
		languages: v.pipe(
			v.array(v.picklist(SPOKEN_LANGUAGES, 'invalid')),
			v.maxLength(SPOKEN_LANGUAGES.length, 'invalid')
		),
		availability: v.pipe(
			v.array(v.picklist(SLOTS, 'invalid')),
			v.maxLength(SLOTS.length, 'invalid')
		),
		maxHoursPerWeek: v.pipe(
			v.number('range'),
			v.integer('range'),
			v.minValue(0, 'range'),
			v.maxValue(60, 'range')
		),
		notes: Optional(500, 'tooLong'),
		/**
		 * The neighbourhoods they volunteer in (issue 10). Left out (an older app), the server keeps
		 * what it has, or gives a new volunteer the ones their phone follows.
		 */
		neighbourhoodIds: v.optional(
			v.pipe(v.array(v.pipe(v.string(), v.uuid('invalid'))), v.maxLength(20, 'invalid'))
		),
		consentVersion: v.literal(CONSENT_VERSION, 'consent'),
		consentAt: TimeMs('consent')
	}),
	// At least one way to reach them.
	v.forward(
		v.check((p) => p.phone !== '' || p.email !== '', 'contact'),
		['phone']
	)
);
export type VolunteerProfile = v.InferOutput<typeof VolunteerProfile>;
export type VolunteerProfileInput = v.InferInput<typeof VolunteerProfile>;

/** The first problem of each field, as a translation key (volunteer:errors.<code>). */
export function profileErrors(input: unknown): Partial<Record<keyof VolunteerProfile, string>> {
	const result = v.safeParse(VolunteerProfile, input, { abortEarly: false });
	if (result.success) return {};
	const errors: Record<string, string> = {};
	for (const issue of result.issues) {
		const field = String(issue.path?.[0]?.key ?? 'form');
		errors[field] ??= /^[a-zA-Z]+$/.test(issue.message) ? issue.message : 'invalid';
	}
	// The "at least one way to reach you" rule runs only once every field is valid; report it in
	// the same round as the others, so nobody fixes the form twice.
	const { phone, email } = (input ?? {}) as { phone?: unknown; email?: unknown };
	const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';
	if (blank(phone) && blank(email) && !errors.phone && !errors.email) errors.phone = 'contact';
	return errors;
}

export const VolunteerId = v.strictObject({ id: v.pipe(v.string(), v.uuid()) });

export const SignupCreate = v.strictObject({
	id: v.pipe(v.string(), v.uuid()),
	taskId: v.pipe(v.string(), v.uuid())
});
export const SignupId = v.strictObject({ id: v.pipe(v.string(), v.uuid()) });
export const SignupClock = v.strictObject({
	id: v.pipe(v.string(), v.uuid()),
	at: TimeMs()
});
export const CertificateIssue = v.strictObject({
	token: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{32,64}$/))
});

/**
 * A task as every device sees it (the exact address and the contact's phone are apart: confirmed
 * volunteers only). The texts added in issue 15 are optional: a phone may hold a task it received
 * from an older server.
 */
export interface TaskPublic {
	id: string;
	title: string;
	place: string;
	description?: string;
	bring?: string;
	contactName?: string;
	startsAt: number;
	endsAt: number;
	skills: Skill[];
	slots: number;
	confirmed: number;
	waitlisted: number;
	status: 'open' | 'cancelled';
	updatedAt: number;
	/** The neighbourhood it belongs to (issue 10); a phone leaving it drops the task. */
	neighbourhoodId?: string;
}

/**
 * What a shared task link shows before the phone has synced (rendered on the server): the public
 * fields only.
 */
export type SharedTask = Omit<TaskPublic, 'waitlisted' | 'updatedAt'>;

export interface TaskPrivate {
	id: string;
	address: string;
	/** Optional: a phone may hold one from an older server. */
	contactPhone?: string;
}

export type SignupStatus = 'confirmed' | 'waitlisted' | 'cancelled';

export interface SignupRecord {
	id: string;
	taskId: string;
	status: SignupStatus;
	/** Place in the waitlist (1 = next), while waitlisted. */
	position?: number;
	checkInAt?: number;
	checkOutAt?: number;
	minutes?: number;
	/** Minutes an organizer confirmed: these count on the certificate. */
	confirmedMinutes?: number;
	/** An organizer marked that the volunteer did not come (confirmedMinutes is then 0). */
	noShow?: boolean;
}

export interface VolunteerStatusRecord {
	id: string;
	verified: boolean;
	status: 'active' | 'withdrawn';
}

export interface NoticeRecord {
	id: string;
	kind: 'taskChanged' | 'taskCancelled' | 'promoted';
	taskId: string;
	taskTitle: string;
	at: number;
}

export const TaskInput = v.strictObject({
	title: v.pipe(v.string(), v.trim(), v.nonEmpty('required'), v.maxLength(120, 'tooLong')),
	place: v.pipe(v.string(), v.trim(), v.nonEmpty('required'), v.maxLength(120, 'tooLong')),
	address: v.pipe(v.string(), v.trim(), v.maxLength(300, 'tooLong')),
	/** What volunteers will do: several lines, shown to everyone. */
	description: Optional(2000, 'tooLong'),
	/** What to bring, shown to everyone. */
	bring: Optional(500, 'tooLong'),
	/** Whom to ask on the day, shown to everyone. */
	contactName: Optional(80, 'tooLong'),
	/** Their phone: only volunteers with a confirmed place receive it, like the exact address. */
	contactPhone: v.pipe(
		Optional(20, 'tooLong'),
		v.check((p) => p === '' || (PHONE.test(p) && digits(p) >= 6), 'phone')
	),
	startsAt: v.pipe(v.number('required'), v.integer('required'), TimeMs('dateRange')),
	endsAt: v.pipe(v.number('required'), v.integer('required'), TimeMs('dateRange')),
	skills: v.array(v.picklist(SKILLS, 'invalid')),
	slots: v.pipe(
		v.number('range'),
		v.integer('range'),
		v.minValue(1, 'range'),
		v.maxValue(500, 'range')
	)
});
export type TaskInput = v.InferOutput<typeof TaskInput>;
/** A task as code builds it: the texts added in issue 15 may be left out (empty). */
export type TaskFields = Omit<TaskInput, 'description' | 'bring' | 'contactName' | 'contactPhone'> &
	Partial<Pick<TaskInput, 'description' | 'bring' | 'contactName' | 'contactPhone'>>;
