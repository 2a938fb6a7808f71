/**
 * The organizers' roster: volunteers filtered by skill, availability (a day and part of day),
 * language and building, searched by name, a page at a time. Contact details are in the answer:
 * only organizers and admins may call this (the routes check).
 */
import { sql, type Kysely } from 'kysely';
import * as v from 'valibot';
import { SKILLS, SLOTS, SPOKEN_LANGUAGES } from '../../shared/volunteer';
import type { DB } from '../db/database';
import { normalizeBuilding, profileOf } from './rows';

export const RosterQuery = v.object({
	skill: v.optional(v.picklist(SKILLS)),
	slot: v.optional(v.picklist(SLOTS)),
	language: v.optional(v.picklist(SPOKEN_LANGUAGES)),
	building: v.optional(v.pipe(v.string(), v.maxLength(60))),
	q: v.optional(v.pipe(v.string(), v.maxLength(80))),
	status: v.optional(v.picklist(['active', 'withdrawn', 'all']), 'active'),
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

export async function roster(db: Kysely<DB>, query: RosterQuery) {
	let base = db
		.selectFrom('volunteers')
		.leftJoin('volunteer_reviews', 'volunteer_reviews.volunteer_id', 'volunteers.id');
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
	// The count and the page at once: on PostgreSQL they run side by side on two connections.
	const [{ total }, rows] = await Promise.all([
		base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
		base
			.selectAll('volunteers')
			.select(['volunteer_reviews.verified'])
			.orderBy('volunteers.name')
			.orderBy('volunteers.id')
			.limit(query.pageSize)
			.offset((query.page - 1) * query.pageSize)
			.execute()
	]);
	return {
		total: Number(total),
		page: query.page,
		pageSize: query.pageSize,
		volunteers: rows.map((row) => ({
			...profileOf(row),
			status: row.status,
			verified: Boolean(row.verified),
			createdAt: row.created_at,
			withdrawnAt: row.withdrawn_at
		}))
	};
}

export type RosterEntry = Awaited<ReturnType<typeof roster>>['volunteers'][number];
