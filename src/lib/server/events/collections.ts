/**
 * What devices receive about events, by audience:
 * - a neighbourhood's devices (n:<id>, and d:<client> catching up): its events that are not
 *   drafts, with each role's counts, the song sheet and the updates (no personal data);
 * - a resident's devices (r:<id>): their own sign-ups, with the place in the waitlist, and for a
 *   confirmed one its signed ticket (lib/shared/tickets.ts).
 */
import type { Kysely } from 'kysely';
import { waitlistPositions } from '../../domain/capacity';
import type { DB } from '../db/database';
import type { EventPublic, EventSignupRecord, Texts } from '../../shared/events';
import { placeOf } from '../capacity';
import { isSharedAudience, type CollectionHandler } from '../sync/types';
import { EVENT, EVENT_SIGNUP } from './store';
import { ticketFor } from './tickets';

const residentOf = (audience: string) =>
	audience.startsWith('r:') ? audience.slice(2) : undefined;

/** The server's own zone, for a neighbourhood that has none (as config.ts reads it). */
export function serverTimeZone(): string {
	return (
		process.env.LINLI_TIME_ZONE?.trim() || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
	);
}

/** Public events by id (drafts left out), as the `event` collection sends them. */
export async function readEvents(
	trx: Kysely<DB>,
	ids: string[],
	defaultZone = serverTimeZone()
): Promise<Map<string, EventPublic>> {
	const found = new Map<string, EventPublic>();
	if (!ids.length) return found;
	const rows = await trx
		.selectFrom('events')
		.innerJoin('neighbourhoods', 'neighbourhoods.id', 'events.neighbourhood_id')
		.selectAll('events')
		.select('neighbourhoods.time_zone')
		.where('events.id', 'in', ids)
		.where('events.status', '!=', 'draft')
		.execute();
	if (!rows.length) return found;
	const shown = rows.map((r) => r.id);
	const roles = await trx
		.selectFrom('event_roles')
		.selectAll()
		.where('event_id', 'in', shown)
		.orderBy('position')
		.execute();
	const counts = await trx
		.selectFrom('event_signups')
		.select(['role_id', 'status', (eb) => eb.fn.sum<number>('party_size').as('people')])
		.where('event_id', 'in', shown)
		.where('status', '!=', 'cancelled')
		.groupBy(['role_id', 'status'])
		.execute();
	const songs = await trx
		.selectFrom('event_songs')
		.selectAll()
		.where('event_id', 'in', shown)
		.orderBy('position')
		.execute();
	const updates = await trx
		.selectFrom('event_updates')
		.select(['id', 'event_id', 'text', 'created_at'])
		.where('event_id', 'in', shown)
		.orderBy('created_at', 'desc')
		.execute();
	const people = (roleId: string, status: string) =>
		Number(counts.find((c) => c.role_id === roleId && c.status === status)?.people ?? 0);
	for (const row of rows) {
		found.set(row.id, {
			id: row.id,
			neighbourhoodId: row.neighbourhood_id,
			kind: row.kind,
			titles: JSON.parse(row.titles) as Texts,
			descriptions: JSON.parse(row.descriptions) as Texts,
			startsAt: row.starts_at,
			endsAt: row.ends_at,
			signupDeadline: row.signup_deadline,
			timeZone: row.time_zone || defaultZone,
			place: row.place,
			bring: row.bring,
			safety: row.safety,
			status: row.status as EventPublic['status'],
			roles: roles
				.filter((r) => r.event_id === row.id)
				.map((r) => ({
					id: r.id,
					names: JSON.parse(r.names) as Texts,
					capacity: r.capacity,
					confirmed: people(r.id, 'confirmed'),
					waitlisted: people(r.id, 'waitlisted')
				})),
			songs: songs
				.filter((s) => s.event_id === row.id)
				.map((s) => ({ title: s.title, words: s.words })),
			updates: updates
				.filter((u) => u.event_id === row.id)
				.map((u) => ({ id: u.id, text: u.text, at: u.created_at })),
			updatedAt: row.updated_at,
			...playing(row.now_playing, songs.filter((s) => s.event_id === row.id).length)
		});
	}
	return found;
}

/** The song playing now, while it is still on the sheet (an edit may have shortened it). */
const playing = (song: number | null, songs: number) =>
	song !== null && song < songs ? { nowPlaying: song } : {};

const event: CollectionHandler = {
	name: EVENT,
	async read(trx, ids, audience) {
		if (!isSharedAudience(audience)) return new Map();
		return readEvents(trx, ids);
	}
};

const eventSignup: CollectionHandler = {
	name: EVENT_SIGNUP,
	async read(trx, ids, audience) {
		const resident = residentOf(audience);
		const found = new Map<string, unknown>();
		if (!resident) return found;
		const rows = await trx
			.selectFrom('event_signups')
			.selectAll()
			.where('id', 'in', ids)
			.where('resident_id', '=', resident)
			.execute();
		const waiting = [
			...new Set(rows.filter((r) => r.status === 'waitlisted').map((r) => r.role_id))
		];
		const queue = waiting.length
			? await trx
					.selectFrom('event_signups')
					.select(['id', 'status', 'arrival', 'role_id'])
					.where('role_id', 'in', waiting)
					.where('status', '=', 'waitlisted')
					.execute()
			: [];
		// Each role has its own queue.
		const positions = new Map<string, number>();
		for (const roleId of waiting)
			for (const [id, n] of waitlistPositions(
				queue.filter((q) => q.role_id === roleId).map(placeOf)
			))
				positions.set(id, n);
		const present = new Set(
			(
				await trx
					.selectFrom('event_checkins')
					.select('signup_id')
					.where('signup_id', 'in', ids)
					.execute()
			).map((r) => r.signup_id)
		);
		for (const row of rows) {
			const record: EventSignupRecord = {
				id: row.id,
				eventId: row.event_id,
				roleId: row.role_id,
				name: row.name,
				building: row.building,
				unit: row.unit,
				partySize: row.party_size,
				status: row.status,
				...(positions.has(row.id) ? { position: positions.get(row.id)! } : {}),
				...(present.has(row.id) ? { present: true } : {}),
				// The door's proof of a place: only a confirmed sign-up has one.
				...(row.status === 'confirmed'
					? {
							ticket: await ticketFor(trx, {
								eventId: row.event_id,
								signupId: row.id,
								roleId: row.role_id,
								partySize: row.party_size
							})
						}
					: {})
			};
			found.set(row.id, record);
		}
		return found;
	}
};

export const EVENT_COLLECTIONS = [event, eventSignup];
