/**
 * Events and their places, on the server: what organizers do (create, edit, publish, postpone,
 * cancel, post an update, check someone in) and keeping each role's confirmed / waitlisted
 * sign-ups right. The capacity rule is lib/domain/capacity.ts's, with a party's size; the stable
 * arrival order is lib/server/capacity.ts's, as for task sign-ups.
 *
 * Every change is one transaction with its change-log rows (withChanges): the event to the
 * devices following its neighbourhood (n:<id>), each sign-up whose record changed to its own
 * resident's devices (r:<id>). No correctness state lives in memory: two processes on one
 * PostgreSQL serialize on the event's row lock.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { promotions } from '../../domain/capacity';
import * as v from 'valibot';
import { eventErrors, EventInput, type EventFields, type EventStatus } from '../../shared/events';
import type { Database } from '../db/connect';
import type { DB } from '../db/database';
import { placeOf } from '../capacity';
import type { ChangeRecorder } from '../sync/changes';
import { neighbourhoodAudience, Rejection, residentAudience } from '../sync/types';
import { withChanges } from '../sync/write';
import { notifyPromoted } from './notify';
import { inScope, type StaffScope } from '../neighbourhoods/scope';
import { EVENT, EVENT_SIGNUP } from './names';

export { EVENT, EVENT_SIGNUP };

/** Field errors of an organizer's form, thrown whole: nothing is saved. */
export class EventFormError extends Error {
	constructor(readonly errors: Record<string, string>) {
		super(`invalid event: ${Object.keys(errors).join(', ')}`);
		this.name = 'EventFormError';
	}
}

/**
 * Takes the event's row lock (PostgreSQL; SQLite has one writer): sign-ups, cancellations and
 * edits of one event happen one after another, so two people never get the same last place.
 */
export async function lockEvent(trx: Transaction<DB>, changes: ChangeRecorder, eventId: string) {
	if (changes.dialect === 'postgres')
		await trx.selectFrom('events').select('id').where('id', '=', eventId).forUpdate().execute();
}

/** Whether the event exists and is in the staff member's scope. */
export async function eventAccess(
	db: Database['db'],
	scope: StaffScope,
	eventId: string
): Promise<'missing' | 'forbidden' | 'ok'> {
	const row = await db
		.selectFrom('events')
		.select('neighbourhood_id')
		.where('id', '=', eventId)
		.executeTakeFirst();
	if (!row) return 'missing';
	return inScope(scope, row.neighbourhood_id) ? 'ok' : 'forbidden';
}

/** Refuses (Rejection 'forbidden' / 'event_not_found') an event outside the scope. */
async function requireScope(trx: Transaction<DB>, scope: StaffScope, eventId: string) {
	const access = await eventAccess(trx, scope, eventId);
	if (access === 'missing') throw new Rejection('event_not_found');
	if (access === 'forbidden') throw new Rejection('forbidden');
}

function validate(input: unknown, now?: number): EventInput {
	const errors = eventErrors(input, now);
	if (Object.keys(errors).length) throw new EventFormError(errors);
	return v.parse(EventInput, input);
}

const json = (value: unknown) => JSON.stringify(value);
const clean = (texts: Record<string, string | undefined>) =>
	Object.fromEntries(Object.entries(texts).filter(([, t]) => t && t.trim() !== ''));

async function writeChildren(trx: Transaction<DB>, eventId: string, input: EventInput) {
	const existing = await trx
		.selectFrom('event_roles')
		.select('id')
		.where('event_id', '=', eventId)
		.execute();
	const keep = new Set(input.roles.map((r) => r.id));
	for (const { id } of existing) {
		if (keep.has(id)) continue;
		// A role with sign-ups stays (they refer to it); the form must keep it.
		const used = await trx
			.selectFrom('event_signups')
			.select('id')
			.where('role_id', '=', id)
			.executeTakeFirst();
		if (used) throw new EventFormError({ roles: 'roleInUse' });
		await trx.deleteFrom('event_roles').where('id', '=', id).execute();
	}
	const known = new Set(existing.map((r) => r.id));
	for (const [position, role] of input.roles.entries()) {
		const values = { position, names: json(clean(role.names)), capacity: role.capacity };
		if (known.has(role.id))
			await trx
				.updateTable('event_roles')
				.set(values)
				.where('id', '=', role.id)
				.where('event_id', '=', eventId)
				.execute();
		else {
			const taken = await trx
				.selectFrom('event_roles')
				.select('id')
				.where('id', '=', role.id)
				.executeTakeFirst();
			if (taken) throw new EventFormError({ roles: 'invalid' });
			await trx
				.insertInto('event_roles')
				.values({ id: role.id, event_id: eventId, ...values })
				.execute();
		}
	}
	await trx.deleteFrom('event_songs').where('event_id', '=', eventId).execute();
	if (input.songs.length)
		await trx
			.insertInto('event_songs')
			.values(
				input.songs.map((song, position) => ({
					event_id: eventId,
					position,
					title: song.title,
					words: song.words
				}))
			)
			.execute();
}

const columns = (input: EventInput) => ({
	kind: input.kind,
	titles: json(clean(input.titles)),
	descriptions: json(clean(input.descriptions)),
	starts_at: input.startsAt,
	ends_at: input.endsAt,
	signup_deadline: input.signupDeadline,
	place: input.place,
	bring: input.bring,
	safety: input.safety
});

/** A new event, as a draft (publish it to reach phones). */
export async function createEvent(
	database: Database,
	scope: StaffScope,
	input: unknown,
	userId: string,
	now = Date.now()
): Promise<string> {
	const event = validate(input, now);
	if (!inScope(scope, event.neighbourhoodId)) throw new Rejection('forbidden');
	return withChanges(
		database,
		async (trx) => {
			const id = randomUUID();
			await trx
				.insertInto('events')
				.values({
					id,
					neighbourhood_id: event.neighbourhoodId,
					...columns(event),
					status: 'draft',
					sequence: 0,
					created_by: userId,
					created_at: now,
					updated_at: now
				})
				.execute();
			await writeChildren(trx, id, event);
			return id;
		},
		now
	);
}

/**
 * Edits an event (not its neighbourhood). Larger places promote from the waitlists; a start in
 * the past is refused only when the start changes.
 */
export async function updateEvent(
	database: Database,
	scope: StaffScope,
	eventId: string,
	input: unknown,
	now = Date.now()
) {
	const promoted = await withChanges(
		database,
		async (trx, changes) => {
			await requireScope(trx, scope, eventId);
			await lockEvent(trx, changes, eventId);
			const current = await trx
				.selectFrom('events')
				.selectAll()
				.where('id', '=', eventId)
				.executeTakeFirstOrThrow();
			const moved = (input as Partial<EventFields> | null)?.startsAt !== current.starts_at;
			const event = validate(input, moved ? now : undefined);
			if (event.neighbourhoodId !== current.neighbourhood_id)
				throw new EventFormError({ neighbourhoodId: 'invalid' });
			await trx
				.updateTable('events')
				.set({ ...columns(event), sequence: current.sequence + 1, updated_at: now })
				.where('id', '=', eventId)
				.execute();
			await writeChildren(trx, eventId, event);
			return refreshEvent(trx, changes, eventId, now);
		},
		now
	);
	await notifyPromoted(database, eventId, promoted);
}

/** Publish, postpone or cancel. A cancelled event frees nobody's place: sign-ups stay as they were. */
export async function setEventStatus(
	database: Database,
	scope: StaffScope,
	eventId: string,
	status: Exclude<EventStatus, 'draft'>,
	now = Date.now()
) {
	const promoted = await withChanges(
		database,
		async (trx, changes) => {
			await requireScope(trx, scope, eventId);
			await lockEvent(trx, changes, eventId);
			const current = await trx
				.selectFrom('events')
				.select(['status', 'sequence'])
				.where('id', '=', eventId)
				.executeTakeFirstOrThrow();
			if (current.status === status) return [];
			if (current.status === 'cancelled') throw new Rejection('event_cancelled');
			await trx
				.updateTable('events')
				.set({ status, sequence: current.sequence + 1, updated_at: now })
				.where('id', '=', eventId)
				.execute();
			return refreshEvent(trx, changes, eventId, now, { all: true });
		},
		now
	);
	await notifyPromoted(database, eventId, promoted);
}

/** Posts an update ("moved to 8 pm"): every phone following the neighbourhood gets it on its next sync. */
export async function postUpdate(
	database: Database,
	scope: StaffScope,
	eventId: string,
	text: string,
	userId: string,
	now = Date.now()
): Promise<string> {
	const trimmed = text.trim();
	if (!trimmed) throw new EventFormError({ text: 'required' });
	if (trimmed.length > 500) throw new EventFormError({ text: 'tooLong' });
	return withChanges(
		database,
		async (trx, changes) => {
			await requireScope(trx, scope, eventId);
			const id = randomUUID();
			await trx
				.insertInto('event_updates')
				.values({ id, event_id: eventId, text: trimmed, created_by: userId, created_at: now })
				.execute();
			const event = await trx
				.selectFrom('events')
				.select(['sequence', 'neighbourhood_id'])
				.where('id', '=', eventId)
				.executeTakeFirstOrThrow();
			await trx
				.updateTable('events')
				.set({ sequence: event.sequence + 1, updated_at: now })
				.where('id', '=', eventId)
				.execute();
			await changes.changed(EVENT, eventId, neighbourhoodAudience(event.neighbourhood_id));
			return id;
		},
		now
	);
}

/** Marks a confirmed sign-up present (by name, on the staff pages). Twice is once. */
export async function checkIn(
	database: Database,
	scope: StaffScope,
	eventId: string,
	signupId: string,
	userId: string,
	now = Date.now()
) {
	await withChanges(
		database,
		async (trx, changes) => {
			await requireScope(trx, scope, eventId);
			const signup = await trx
				.selectFrom('event_signups')
				.select(['id', 'status', 'resident_id'])
				.where('id', '=', signupId)
				.where('event_id', '=', eventId)
				.executeTakeFirst();
			if (!signup) throw new Rejection('not_found');
			if (signup.status !== 'confirmed') throw new Rejection('not_confirmed');
			const already = await trx
				.selectFrom('event_checkins')
				.select('id')
				.where('signup_id', '=', signupId)
				.executeTakeFirst();
			if (already) return;
			await trx
				.insertInto('event_checkins')
				.values({
					id: randomUUID(),
					signup_id: signupId,
					event_id: eventId,
					checked_by: userId,
					method: 'name',
					door: '',
					at: now
				})
				.execute();
			await changes.changed(EVENT_SIGNUP, signupId, residentAudience(signup.resident_id));
		},
		now
	);
}

/**
 * What changed in one event, so that only the sign-ups whose record changed are sent again: the
 * sign-up itself, anyone promoted and, when a place was freed, the role's waitlist (positions
 * move up). `all`: every sign-up (the event's status changed).
 */
export interface EventTouch {
	signupId?: string;
	roleId?: string;
	freed?: boolean;
	all?: boolean;
}

/**
 * Brings every role's places up to date after anything that may free one (a cancellation, more
 * places) and tells the devices concerned. A cancelled event promotes nobody. Answers the ids of
 * the sign-ups that got a place (to notify once the transaction has committed).
 */
export async function refreshEvent(
	trx: Transaction<DB>,
	changes: ChangeRecorder,
	eventId: string,
	now: number,
	touch: EventTouch = { all: true }
): Promise<string[]> {
	const event = await trx
		.selectFrom('events')
		.select(['status', 'neighbourhood_id'])
		.where('id', '=', eventId)
		.executeTakeFirst();
	if (!event) return [];
	const everyPromoted: string[] = [];
	let roleQuery = trx
		.selectFrom('event_roles')
		.select(['id', 'capacity'])
		.where('event_id', '=', eventId);
	if (touch.roleId && !touch.all) roleQuery = roleQuery.where('id', '=', touch.roleId);
	const roles = await roleQuery.execute();
	for (const role of roles) {
		const signups = await trx
			.selectFrom('event_signups')
			.select(['id', 'status', 'arrival', 'party_size', 'resident_id', 'updated_at'])
			.where('role_id', '=', role.id)
			.where((eb) => eb.or([eb('status', '!=', 'cancelled'), eb('updated_at', '=', now)]))
			.execute();
		const promoted = new Set<string>();
		if (event.status !== 'cancelled') {
			const places = signups.map((s) => ({ ...placeOf(s), size: s.party_size }));
			const ids = promotions(places, role.capacity ?? Infinity);
			if (ids.length) {
				await trx
					.updateTable('event_signups')
					.set({ status: 'confirmed', updated_at: now })
					.where('id', 'in', ids)
					.execute();
				for (const id of ids) {
					promoted.add(id);
					everyPromoted.push(id);
					signups.find((s) => s.id === id)!.status = 'confirmed';
				}
			}
		}
		for (const signup of signups) {
			const concerned =
				touch.all ||
				signup.id === touch.signupId ||
				promoted.has(signup.id) ||
				(touch.freed && signup.status === 'waitlisted') ||
				(signup.status === 'cancelled' && signup.updated_at === now);
			if (concerned)
				await changes.changed(EVENT_SIGNUP, signup.id, residentAudience(signup.resident_id));
		}
	}
	await changes.changed(EVENT, eventId, neighbourhoodAudience(event.neighbourhood_id));
	return everyPromoted;
}

/** The ids of the neighbourhood's events a staff member may manage, newest start first. */
export async function listStaffEvents(db: Database['db'], scope: StaffScope) {
	let query = db
		.selectFrom('events')
		.select(['id', 'titles', 'starts_at', 'ends_at', 'status', 'neighbourhood_id', 'kind'])
		.orderBy('starts_at', 'desc');
	if (!scope.all)
		query = query.where('neighbourhood_id', 'in', scope.ids.length ? scope.ids : ['']);
	return (await query.execute()).map((row) => ({
		id: row.id,
		titles: JSON.parse(row.titles) as Record<string, string>,
		startsAt: row.starts_at,
		endsAt: row.ends_at,
		status: row.status,
		kind: row.kind,
		neighbourhoodId: row.neighbourhood_id
	}));
}

/** An event as its form edits it. */
export async function eventForEdit(db: Database['db'], eventId: string) {
	const row = await db
		.selectFrom('events')
		.selectAll()
		.where('id', '=', eventId)
		.executeTakeFirst();
	if (!row) return undefined;
	const roles = await db
		.selectFrom('event_roles')
		.selectAll()
		.where('event_id', '=', eventId)
		.orderBy('position')
		.execute();
	const songs = await db
		.selectFrom('event_songs')
		.selectAll()
		.where('event_id', '=', eventId)
		.orderBy('position')
		.execute();
	const input: EventFields = {
		neighbourhoodId: row.neighbourhood_id,
		kind: row.kind,
		titles: JSON.parse(row.titles),
		descriptions: JSON.parse(row.descriptions),
		startsAt: row.starts_at,
		endsAt: row.ends_at,
		signupDeadline: row.signup_deadline,
		place: row.place,
		bring: row.bring,
		safety: row.safety,
		roles: roles.map((r) => ({ id: r.id, names: JSON.parse(r.names), capacity: r.capacity })),
		songs: songs.map((s) => ({ title: s.title, words: s.words }))
	};
	return { input, status: row.status, sequence: row.sequence, updatedAt: row.updated_at };
}
