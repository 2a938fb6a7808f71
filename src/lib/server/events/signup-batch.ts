/**
 * Event sign-ups many at a time, on PostgreSQL (sync/batch.ts): what eventSignUp does for one
 * push, for a batch of them in two round trips. The events' rows are locked in id order, then one
 * statement (with a snapshot taken after the locks are held, so it sees every sign-up committed
 * before) reads what each sign-up needs: an earlier sign-up with the same id, the phone's count
 * this hour, the resident's active sign-up for the event, the event, the role and its places. The
 * places then fill in batch order, which is arrival order (the arrival numbers are drawn in it).
 */
import type { EventSignUp } from '../../shared/events';
import { quote, whole } from '../sync/batch';
import {
	neighbourhoodAudience,
	Rejection,
	residentAudience,
	type BatchHandler
} from '../sync/types';
import { EVENT, EVENT_SIGNUP } from './store';
import { checkSignUp, placeFor, type SignUpPlaces, type SignUpSeen } from './signup-rule';

const HOUR = 3_600_000;

interface Row extends SignUpSeen, SignUpPlaces {
	i: number;
	/** The event's id when it exists. */
	event: string | null;
}

export const signUpBatch: BatchHandler<EventSignUp> = {
	look(items) {
		const events = [...new Set(items.map((item) => item.input.eventId))].sort();
		const values = items
			.map(
				({ input, actor, now }, i) =>
					`(${whole(i)}::int, ${quote(input.id)}::text, ${quote(input.eventId)}::text, ${quote(input.roleId)}::text, ${quote(actor.clientId)}::text, ${quote(actor.residentId)}::text, ${whole(now - HOUR)}::bigint)`
			)
			.join(', ');
		return [
			// Everyone signing up for one event waits here, one batch (or push) after another.
			`select id from events where id in (${events.map(quote).join(', ')}) order by id for update`,
			`select v.i, s.resident_id as "sentBy", s.status as "sentStatus",
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
			from (values ${values}) as v (i, signup_id, event_id, role_id, client_id, resident_id, since)
			left join event_signups s on s.id = v.signup_id
			left join events e on e.id = v.event_id
			left join event_roles r on r.event_id = e.id and r.id = v.role_id
			order by v.i`
		];
	},

	decide(items, rows, out) {
		const found = new Map((rows[1] as unknown as Row[]).map((row) => [Number(row.i), row]));
		// What this batch has placed so far in each role, on top of what was stored.
		const placed = new Map<string, { confirmed: number; waiting: number }>();
		const inserts: string[] = [];
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
				inserts.push(
					`(${[input.id, input.eventId, input.roleId, actor.residentId, actor.clientId, input.name, input.building, input.unit].map(quote).join(', ')}, ${whole(input.partySize)}, ${quote(status)}, nextval('arrival_seq'), ${whole(now)}, ${whole(now)})`
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
		// In batch order: the arrival numbers are drawn row by row, in this order.
		if (inserts.length)
			out.write(
				`insert into event_signups (id, event_id, role_id, resident_id, client_id, name, building, unit, party_size, status, arrival, created_at, updated_at) values ${inserts.join(', ')}`
			);
		return outcomes;
	}
};
