/**
 * Volunteer registrations many at a time (sync/batch.ts): what volunteerSave does for one push,
 * for a batch of them, when a building's residents register after one announcement. The look
 * reads, in one round trip with the devices' locks: the rows with the batch's volunteer ids or
 * residents, the chosen neighbourhoods that exist, the phones' followed neighbourhoods, the
 * volunteers' current neighbourhoods and the default neighbourhood. The rules are volunteerSave's:
 * whose record it is (ownRecord), which neighbourhoods (the chosen ones that exist; else, for a new
 * volunteer with none, those the phone follows or the default: neighbourhoods/volunteers.ts), and
 * the roster's tags rewritten only when they change. A batch holds one push per resident, and a
 * volunteer id two residents send in one batch makes its insert fail: the batch is then rolled
 * back and each push applied alone, where the second meets "forbidden".
 */
import { sql, type CompiledQuery } from 'kysely';
import type { VolunteerProfile } from '../../shared/volunteer';
import { Rejection, residentAudience, type BatchHandler } from '../sync/types';
import { VOLUNTEER, VOLUNTEER_STATUS } from './purge';
import { profileOf, rowValues, tagsOf, type VolunteerRow } from './rows';
import { ownRecord, sameTags } from './save-rule';

/** `in (…)` over a list that may be empty (then it matches nothing). */
const anyOf = (values: readonly string[]) =>
	values.length ? sql.join([...new Set(values)]) : sql`null`;

export const volunteerSaveBatch: BatchHandler<VolunteerProfile> = {
	look(items, db) {
		const ids = items.map((item) => item.input.id);
		const residents = items.map((item) => item.actor.residentId);
		const chosen = items.flatMap((item) => item.input.neighbourhoodIds ?? []);
		const clients = items.map((item) => item.actor.clientId);
		return [
			sql`select * from volunteers where id in (${anyOf(ids)}) or resident_id in (${anyOf(residents)})`,
			sql`select id from neighbourhoods where id in (${anyOf(chosen)})`,
			sql`select client_id, neighbourhood_id from device_follows where client_id in (${anyOf(clients)})`,
			sql`select volunteer_id from volunteer_neighbourhoods where volunteer_id in (${anyOf(ids)})`,
			sql`select id from neighbourhoods order by is_default desc, created_at, id limit 1`
		].map((statement) => statement.compile(db));
	},

	decide(items, rows, out, db) {
		const [volunteers, existing, follows, placed, fallback] = rows as [
			VolunteerRow[],
			{ id: string }[],
			{ client_id: string; neighbourhood_id: string }[],
			{ volunteer_id: string }[],
			{ id: string }[]
		];
		const known = new Set(existing.map((r) => r.id));
		const hasNeighbourhood = new Set(placed.map((r) => r.volunteer_id));
		const followed = new Map<string, string[]>();
		for (const row of follows)
			followed.set(row.client_id, [...(followed.get(row.client_id) ?? []), row.neighbourhood_id]);
		const inserts: ReturnType<typeof sql>[] = [];
		const statements: CompiledQuery[] = [];
		const write = (statement: { compile: (d: typeof db) => CompiledQuery }) =>
			statements.push(statement.compile(db));
		const outcomes = items.map(({ input: profile, actor, now }) => {
			let mine: VolunteerRow | undefined;
			try {
				mine = ownRecord(
					volunteers.filter((r) => r.id === profile.id || r.resident_id === actor.residentId),
					profile.id,
					actor.residentId
				);
			} catch (error) {
				if (error instanceof Rejection) return error;
				throw error;
			}
			const values = rowValues(profile);
			if (mine) {
				write(
					db
						.updateTable('volunteers')
						.set({ ...values, status: 'active', withdrawn_at: null, updated_at: now })
						.where('id', '=', profile.id)
				);
			} else {
				inserts.push(
					sql`(${profile.id}, ${actor.residentId}, ${sql.join(Object.values(values))}, 'active', null, ${now}, ${now})`
				);
			}
			// The neighbourhoods: as setVolunteerNeighbourhoods, else joinFollowedNeighbourhoods.
			const chose = [...new Set(profile.neighbourhoodIds ?? [])].filter((id) => known.has(id));
			if (chose.length) {
				write(db.deleteFrom('volunteer_neighbourhoods').where('volunteer_id', '=', profile.id));
				write(
					db
						.insertInto('volunteer_neighbourhoods')
						.values(
							chose.map((neighbourhood_id) => ({ volunteer_id: profile.id, neighbourhood_id }))
						)
				);
			} else if (!mine && !hasNeighbourhood.has(profile.id)) {
				const ids = followed.get(actor.clientId) ?? (fallback[0] ? [fallback[0].id] : []);
				if (ids.length)
					write(
						db
							.insertInto('volunteer_neighbourhoods')
							.values(
								ids.map((neighbourhood_id) => ({ volunteer_id: profile.id, neighbourhood_id }))
							)
					);
			}
			const tags = tagsOf(profile);
			if (!mine || !sameTags(tagsOf(profileOf(mine)), tags)) {
				write(db.deleteFrom('volunteer_tags').where('volunteer_id', '=', profile.id));
				if (tags.length)
					write(
						db
							.insertInto('volunteer_tags')
							.values(tags.map((tag) => ({ volunteer_id: profile.id, tag })))
					);
			}
			const audience = residentAudience(actor.residentId);
			void out.changes.changed(VOLUNTEER, profile.id, audience);
			if (mine?.status !== 'active')
				void out.changes.changed(VOLUNTEER_STATUS, profile.id, audience);
			return mine ? 'updated' : 'registered';
		});
		// The new rows first: the neighbourhoods and tags written above refer to them.
		if (inserts.length) {
			const columns = Object.keys(rowValues(items[0]!.input));
			out.write(
				sql`insert into volunteers (id, resident_id, ${sql.join(columns.map((c) => sql.ref(c)))}, status, withdrawn_at, created_at, updated_at) values ${sql.join(inserts)}`.compile(
					db
				)
			);
		}
		for (const statement of statements) out.write(statement);
		return outcomes;
	}
};
