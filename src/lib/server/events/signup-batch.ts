/**
 * Event sign-ups many at a time (sync/batch.ts): what eventSignUp does for one push, for a batch
 * of them. On PostgreSQL the events' rows are locked in id order, then one statement (with a
 * snapshot taken after the locks are held, so it sees every sign-up committed before) reads what
 * each sign-up needs: an earlier sign-up with the same id, the phone's count this hour, the
 * resident's active sign-up for the event, the event, the role and its places. (SQLite has one
 * writer: the batch's transaction holds the database.) The places then fill in batch order,
 * which is arrival order: the arrival numbers are drawn in it.
 */
import { sql } from 'kysely';
import type { EventSignUp } from '../../shared/events';
import {
	neighbourhoodAudience,
	Rejection,
	residentAudience,
	type BatchHandler
} from '../sync/types';
import { EVENT, EVENT_SIGNUP } from './names';
import { checkSignUp, placeFor, type SignUpPlaces, type SignUpSeen } from './signup-rule';

const HOUR = 3_600_000;

interface Row extends SignUpSeen, SignUpPlaces {
	i: number;
	/** The event's id when it exists. */
	event: string | null;
}

export const signUpBatch: BatchHandler<EventSignUp> = {
	look(items, db, dialect) {
		const events = [...new Set(items.map((item) => item.input.eventId))].sort();
		const values = sql.join(
			items.map(
				({ input, actor, now }, i) =>
					sql`(${i}, ${input.id}, ${input.eventId}, ${input.roleId}, ${actor.clientId}, ${actor.residentId}, ${now - HOUR})`
			)
		);
		const look =
			sql`with v (i, signup_id, event_id, role_id, client_id, resident_id, since) as (values ${values})
			select v.i, s.resident_id as "sentBy", s.status as "sentStatus",
				(select count(*) from event_signups x
					where x.client_id = v.client_id and x.created_at > v.since) as recent,
				(select x.id from event_signups x
					where x.event_id = v.event_id and x.resident_id = v.resident_id
					and x.status <> 'cancelled' limit 1) as mine,
				e.id as event, e.status, e.signup_deadline, e.neighbourhood_id,
				r.id as role_id, r.capacity,
				(select sum(x.party_size) from event_signups x
					where x.role_id = v.role_id and x.status = 'confirmed') as confirmed,
				(select count(*) from event_signups x
					where x.role_id = v.role_id and x.status = 'waitlisted') as waiting
			from v
			left join event_signups s on s.id = v.signup_id
			left join events e on e.id = v.event_id
			left join event_roles r on r.event_id = e.id and r.id = v.role_id
			order by v.i`.compile(db);
		if (dialect !== 'postgres') return [look];
		// Everyone signing up for one event waits here, one batch (or push) after another.
		return [
			sql`select id from events where id in (${sql.join(events)}) order by id for update`.compile(
				db
			),
			look
		];
	},

	decide(items, rows, out, db, dialect) {
		const found = new Map((rows.at(-1) as unknown as Row[]).map((row) => [Number(row.i), row]));
		// What this batch has placed so far in each role, on top of what was stored.
		const placed = new Map<string, { confirmed: number; waiting: number }>();
		const inserts: ReturnType<typeof sql>[] = [];
		const outcomes = items.map(({ input, actor, now }, i) => {
			const row = found.get(i);
			try {
				const first = checkSignUp(row?.event ? row : undefined, actor.residentId);
				if (first) return first.repeated;
				const more = placed.get(input.roleId) ?? { confirmed: 0, waiting: 0 };
				const status = placeFor(
					row && {
						...row,
						confirmed: Number(row.confirmed ?? 0) + more.confirmed,
						waiting: Number(row.waiting ?? 0) + more.waiting
					},
					input.partySize,
					now
				);
				if (status === 'confirmed') more.confirmed += input.partySize;
				else more.waiting += 1;
				placed.set(input.roleId, more);
				// Arrival numbers in batch order: PostgreSQL's sequence row by row; SQLite's counter
				// row, moved on by the batch once its rows are in.
				const arrival =
					dialect === 'postgres'
						? sql`nextval('arrival_seq')`
						: sql`(select value from counters where name = 'arrival') + ${inserts.length + 1}`;
				inserts.push(
					sql`(${input.id}, ${input.eventId}, ${input.roleId}, ${actor.residentId}, ${actor.clientId}, ${input.name}, ${input.building}, ${input.unit}, ${input.partySize}, ${status}, ${arrival}, ${now}, ${now})`
				);
				void out.changes.changed(EVENT_SIGNUP, input.id, residentAudience(actor.residentId));
				void out.changes.changed(
					EVENT,
					input.eventId,
					neighbourhoodAudience(row!.neighbourhood_id)
				);
				return status;
			} catch (error) {
				if (error instanceof Rejection) return error;
				throw error;
			}
		});
		if (inserts.length) {
			out.write(
				sql`insert into event_signups (id, event_id, role_id, resident_id, client_id, name, building, unit, party_size, status, arrival, created_at, updated_at) values ${sql.join(inserts)}`.compile(
					db
				)
			);
			if (dialect !== 'postgres')
				out.write(
					sql`update counters set value = value + ${inserts.length} where name = 'arrival'`.compile(
						db
					)
				);
		}
		return outcomes;
	}
};
