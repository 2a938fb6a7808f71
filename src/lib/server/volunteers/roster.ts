/**
 * The organizers' roster: volunteers filtered by skill, availability (a day and part of day),
 * language and building, searched by name, sorted, a page at a time, with when they registered,
 * when one of their phones was last seen, their tasks and confirmed hours, and a hint when another
 * volunteer looks like the same person. Contact details are in the answer: only organizers and
 * admins may call this (the routes check).
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import * as v from 'valibot';
import { SKILLS, SLOTS, SPOKEN_LANGUAGES } from '../../shared/volunteer';
import type { DB } from '../db/database';
import { volunteerScopeFilter, type StaffScope } from '../neighbourhoods/scope';
import { normalizeBuilding, profileOf } from './rows';

/** The roster's sortable columns. */
export const ROSTER_SORTS = ['name', 'registered', 'lastSeen', 'tasks', 'hours'] as const;
export type RosterSort = (typeof ROSTER_SORTS)[number];

/** A column's natural direction: names A→Z, everything else newest or most first. */
export const defaultDir = (sort: RosterSort) => (sort === 'name' ? 'asc' : 'desc');

export const RosterQuery = v.object({
	skill: v.optional(v.picklist(SKILLS)),
	slot: v.optional(v.picklist(SLOTS)),
	language: v.optional(v.picklist(SPOKEN_LANGUAGES)),
	building: v.optional(v.pipe(v.string(), v.maxLength(60))),
	q: v.optional(v.pipe(v.string(), v.maxLength(80))),
	status: v.optional(v.picklist(['active', 'withdrawn', 'all']), 'active'),
	sort: v.optional(v.picklist(ROSTER_SORTS), 'name'),
	dir: v.optional(v.picklist(['asc', 'desc'])),
	page: v.optional(
		v.pipe(v.string(), v.transform(Number), v.number(), v.integer(), v.minValue(1)),
		'1'
	),
	pageSize: v.optional(
		v.pipe(
			v.string(),
			v.transform(Number),
			v.number(),
			v.integer(),
			v.minValue(1),
			v.maxValue(200)
		),
		'25'
	)
});
export type RosterQuery = v.InferOutput<typeof RosterQuery>;

/** Query-string parameters → a roster query (empty strings mean "any"). */
export function rosterQueryFrom(params: URLSearchParams): unknown {
	return Object.fromEntries([...params].filter(([, value]) => value !== ''));
}

/** A roster query as callers build it (the sort may be left out: by name). */
export type RosterRequest = Omit<RosterQuery, 'sort'> & { sort?: RosterSort };

/**
 * `scope`: whose volunteers the caller may see (an organizer: those of their neighbourhoods or
 * signed up to their tasks). Every caller passes the staff member's scope.
 */
export async function roster(db: Kysely<DB>, query: RosterRequest, scope: StaffScope) {
	const sort = query.sort ?? 'name';
	let base = db
		.selectFrom('volunteers')
		.leftJoin('volunteer_reviews', 'volunteer_reviews.volunteer_id', 'volunteers.id');
	const scoped = volunteerScopeFilter(scope);
	if (scoped) base = base.where(scoped);
	if (query.status !== 'all') base = base.where('volunteers.status', '=', query.status);
	const tags = [
		query.skill && `skill:${query.skill}`,
		query.slot && `slot:${query.slot}`,
		query.language && `lang:${query.language}`,
		query.building && `building:${normalizeBuilding(query.building)}`
	].filter((t): t is string => Boolean(t));
	for (const tag of tags) {
		base = base.where('volunteers.id', 'in', (eb) =>
			eb
				.selectFrom('volunteer_tags')
				.select('volunteer_tags.volunteer_id')
				.where('volunteer_tags.tag', '=', tag)
		);
	}
	if (query.q?.trim()) {
		const pattern = `%${query.q
			.trim()
			.toLowerCase()
			.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		base = base.where(sql<boolean>`lower(volunteers.name) like ${pattern} escape '\\'`);
	}
	const lastSeen = (eb: ExpressionBuilder<DB, 'volunteers'>) =>
		eb
			.selectFrom('clients')
			.select((c) => c.fn.max('clients.last_seen_at').as('m'))
			.whereRef('clients.resident_id', '=', 'volunteers.resident_id');
	const tasks = (eb: ExpressionBuilder<DB, 'volunteers'>) =>
		eb
			.selectFrom('task_signups')
			.select((c) => c.fn.countAll<number>().as('n'))
			.whereRef('task_signups.volunteer_id', '=', 'volunteers.id')
			.where('task_signups.status', '=', 'confirmed');
	const minutes = (eb: ExpressionBuilder<DB, 'volunteers'>) =>
		eb
			.selectFrom('task_signups')
			.select((c) =>
				c.fn.coalesce(c.fn.sum<number>('task_signups.confirmed_minutes'), sql<number>`0`).as('m')
			)
			.whereRef('task_signups.volunteer_id', '=', 'volunteers.id');
	const dir = query.dir ?? defaultDir(sort);
	const order = {
		name: sql`lower(trim(volunteers.name))`,
		registered: sql`volunteers.created_at`,
		lastSeen: sql`last_seen_at`,
		tasks: sql`task_count`,
		hours: sql`confirmed_minutes`
	}[sort];
	// The count and the page at once: on PostgreSQL they run side by side on two connections.
	const [{ total }, rows] = await Promise.all([
		base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
		base
			.selectAll('volunteers')
			.select(['volunteer_reviews.verified'])
			.select((eb) => [
				lastSeen(eb).as('last_seen_at'),
				tasks(eb).as('task_count'),
				minutes(eb).as('confirmed_minutes')
			])
			// NULLS LAST: a volunteer never seen sorts after everyone, whichever the direction.
			.orderBy(sql`${order} ${sql.raw(dir)} nulls last`)
			.orderBy('volunteers.name')
			.orderBy('volunteers.id')
			.limit(query.pageSize)
			.offset((query.page - 1) * query.pageSize)
			.execute()
	]);
	const duplicates = await lookAlikes(
		db,
		rows.map((r) => ({ id: r.id, name: r.name, phone: r.phone, email: r.email }))
	);
	return {
		total: Number(total),
		page: query.page,
		pageSize: query.pageSize,
		sort,
		dir,
		volunteers: rows.map((row) => ({
			...profileOf(row),
			status: row.status,
			verified: Boolean(row.verified),
			createdAt: row.created_at,
			withdrawnAt: row.withdrawn_at,
			lastSeenAt: row.last_seen_at === null ? null : Number(row.last_seen_at),
			tasks: Number(row.task_count ?? 0),
			confirmedMinutes: Number(row.confirmed_minutes ?? 0),
			duplicate: duplicates.get(row.id)
		}))
	};
}

/** How sure the roster is that two registrations are one person. */
export type DuplicateHint = 'sameContact' | 'sameName';

const nameKey = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');
const phoneKey = (phone: string) => phone.replace(/\D/g, '');

/**
 * Volunteers on this page who share their name with another registration: "sameContact" when the
 * phone number or e-mail address matches too (a phone whose data was cleared registers again),
 * "sameName" otherwise (perhaps two people). Withdrawn registrations count: they are people too.
 */
async function lookAlikes(
	db: Kysely<DB>,
	page: { id: string; name: string; phone: string; email: string }[]
): Promise<Map<string, DuplicateHint>> {
	const hints = new Map<string, DuplicateHint>();
	if (page.length === 0) return hints;
	const keys = [...new Set(page.map((p) => nameKey(p.name)))];
	const others = await db
		.selectFrom('volunteers')
		.select(['id', 'name', 'phone', 'email'])
		.where(sql<string>`lower(trim(volunteers.name))`, 'in', keys)
		.execute();
	for (const person of page) {
		const same = others.filter(
			(o) => o.id !== person.id && nameKey(o.name) === nameKey(person.name)
		);
		if (same.length === 0) continue;
		const contact = same.some(
			(o) =>
				(person.phone !== '' && phoneKey(o.phone) === phoneKey(person.phone)) ||
				(person.email !== '' && o.email.trim().toLowerCase() === person.email.trim().toLowerCase())
		);
		hints.set(person.id, contact ? 'sameContact' : 'sameName');
	}
	return hints;
}

export type RosterEntry = Awaited<ReturnType<typeof roster>>['volunteers'][number];
