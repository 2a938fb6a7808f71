/**
 * What a resident's phone may ask about events, through the sync engine (so offline sign-ups
 * wait in the outbox and are answered once): sign up, cancel, and forget every sign-up ("delete
 * my data"). A refusal (deadline passed, event cancelled, one sign-up per event) advances the
 * seq and carries a code the phone shows (sync:rejected.<code>).
 */
import {
	EventAdmit,
	EventSignUp,
	EventSignUpId,
	type AdmitOutcome,
	type EventSignUp as SignUp
} from '../../shared/events';
import { inScope, staffScope } from '../neighbourhoods/scope';
import * as v from 'valibot';
import { arrivalValue } from '../capacity';
import { flushDeleted } from '../sync/write';
import {
	neighbourhoodAudience,
	Rejection,
	residentAudience,
	type MutationContext,
	type MutationHandler
} from '../sync/types';
import { EVENT, EVENT_SIGNUP, lockEvent, refreshEvent } from './store';
import { notifyPromoted } from './notify';
import { checkSignUp, placeFor } from './signup-rule';
import { signUpBatch } from './signup-batch';

export { SIGNUPS_PER_DEVICE_HOUR } from './signup-rule';

/**
 * The push topics of an event's signed-up phones and of one sign-up's phones (with notifications
 * on). Their recipients come from the sign-ups themselves (lib/server/push/subscriptions.ts).
 */
export const eventTopic = (eventId: string) => `e:${eventId}`;
export const signupTopic = (signupId: string) => `s:${signupId}`;

export const eventSignUp: MutationHandler<SignUp> = {
	type: 'event.signUp',
	payload: EventSignUp,
	allow: ['resident'],
	// Every refusal below comes before the insert.
	rejectsBeforeWriting: true,
	// A whole estate signing up at once, on PostgreSQL: many pushes in one transaction.
	batch: signUpBatch,
	async apply(ctx, input) {
		const { trx, now, actor } = ctx;
		// Everyone signing up for this event waits here, one after another (the event's row lock on
		// PostgreSQL; SQLite has one writer), so two people never get the same last place. The same
		// statement looks up what concerns this resident and phone; their pushes run one at a time
		// (applyPush locks the resident), so these answers hold until the push commits.
		let look = trx
			.selectFrom('events')
			.select((eb) => [
				// The same sign-up sent again (another phone of theirs raced it): the answer it got.
				eb
					.selectFrom('event_signups')
					.select('resident_id')
					.where('id', '=', input.id)
					.as('sentBy'),
				eb.selectFrom('event_signups').select('status').where('id', '=', input.id).as('sentStatus'),
				eb
					.selectFrom('event_signups')
					.select((e) => e.fn.countAll<number>().as('n'))
					.where('client_id', '=', actor.clientId)
					.where('created_at', '>', now - 3_600_000)
					.as('recent'),
				// One active sign-up per resident and event (a partial unique index holds it too).
				eb
					.selectFrom('event_signups')
					.select('id')
					.where('event_id', '=', input.eventId)
					.where('resident_id', '=', actor.residentId)
					.where('status', '!=', 'cancelled')
					.limit(1)
					.as('mine')
			])
			.where('events.id', '=', input.eventId);
		if (ctx.dialect === 'postgres') look = look.forUpdate();
		const seen = await look.executeTakeFirst();
		const first = checkSignUp(seen, actor.residentId);
		if (first) return first.repeated;
		// The places, read after the lock is held: on PostgreSQL a statement sees what committed
		// before it began, so this must be a statement of its own, after the one that waited.
		const found = await trx
			.selectFrom('events')
			.leftJoin('event_roles', (join) =>
				join.onRef('event_roles.event_id', '=', 'events.id').on('event_roles.id', '=', input.roleId)
			)
			.select([
				'events.status',
				'events.signup_deadline',
				'events.neighbourhood_id',
				'event_roles.id as role_id',
				'event_roles.capacity'
			])
			// The role's places in the same look: people confirmed, and whether anyone is waiting.
			.select((eb) => [
				eb
					.selectFrom('event_signups')
					.select((e) => e.fn.sum<number>('party_size').as('n'))
					.where('role_id', '=', input.roleId)
					.where('status', '=', 'confirmed')
					.as('confirmed'),
				eb
					.selectFrom('event_signups')
					.select((e) => e.fn.countAll<number>().as('n'))
					.where('role_id', '=', input.roleId)
					.where('status', '=', 'waitlisted')
					.as('waiting')
			])
			.where('events.id', '=', input.eventId)
			.executeTakeFirst();
		const status = placeFor(found, input.partySize, now);
		await trx
			.insertInto('event_signups')
			.values({
				id: input.id,
				event_id: input.eventId,
				role_id: input.roleId,
				resident_id: actor.residentId,
				client_id: actor.clientId,
				name: input.name,
				building: input.building,
				unit: input.unit,
				party_size: input.partySize,
				status,
				arrival: await arrivalValue(trx, ctx.dialect),
				created_at: now,
				updated_at: now
			})
			.execute();
		await ctx.changes.changed(EVENT_SIGNUP, input.id, residentAudience(actor.residentId));
		await ctx.changes.changed(EVENT, input.eventId, neighbourhoodAudience(found!.neighbourhood_id));
		return status;
	}
};

async function cancelSignup(ctx: MutationContext, id: string) {
	const signup = await ctx.trx
		.selectFrom('event_signups')
		.select(['id', 'event_id', 'role_id', 'status', 'resident_id'])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!signup) throw new Rejection('not_found');
	if (signup.resident_id !== ctx.actor.residentId) throw new Rejection('forbidden');
	if (signup.status === 'cancelled') return;
	await lockEvent(ctx.trx, ctx.changes, signup.event_id);
	await ctx.trx
		.updateTable('event_signups')
		.set({ status: 'cancelled', updated_at: ctx.now })
		.where('id', '=', id)
		.execute();
	await ctx.trx.deleteFrom('event_checkins').where('signup_id', '=', id).execute();
	const promoted = await refreshEvent(ctx.trx, ctx.changes, signup.event_id, ctx.now, {
		signupId: id,
		roleId: signup.role_id,
		freed: true
	});
	// Whoever got the place hears it on their phones now (if notifications are on), once committed.
	if (promoted.length)
		ctx.afterCommit(() => notifyPromoted(ctx.database, signup.event_id, promoted));
}

export const eventCancelSignUp: MutationHandler<{ id: string }> = {
	type: 'event.cancelSignUp',
	payload: EventSignUpId,
	allow: ['resident'],
	async apply(ctx, { id }) {
		await cancelSignup(ctx, id);
		return 'cancelled';
	}
};

/**
 * "Delete my data": every sign-up of the resident gives up its place (waitlists move) and goes,
 * name, building and unit with it; their phones receive tombstones.
 */
export const eventForget: MutationHandler<Record<string, never>> = {
	type: 'event.forget',
	payload: v.strictObject({}),
	allow: ['resident'],
	async apply(ctx) {
		const rows = await ctx.trx
			.selectFrom('event_signups')
			.select(['id', 'status', 'event_id'])
			.where('resident_id', '=', ctx.actor.residentId)
			.orderBy('event_id')
			.execute();
		for (const row of rows) if (row.status !== 'cancelled') await cancelSignup(ctx, row.id);
		if (rows.length) {
			await ctx.trx
				.deleteFrom('event_signups')
				.where('resident_id', '=', ctx.actor.residentId)
				.execute();
			for (const row of rows)
				await ctx.changes.removed(EVENT_SIGNUP, row.id, residentAudience(ctx.actor.residentId));
			ctx.afterCommit(() => flushDeleted(ctx.database));
		}
		return 'deleted';
	}
};

/**
 * An admission at the door (issue 13), from an organizer's phone with a staff session (the push
 * is refused whole, 401, without one: lib/server/sync/http.ts). Each mark is stored as sent (its
 * id makes a resend a no-op): two doors admitting one ticket leave two rows, so the roster shows
 * one person present and lists the double admission. The resident's phone hears it was admitted.
 */
export const eventAdmit: MutationHandler<EventAdmit> = {
	type: 'event.admit',
	payload: EventAdmit,
	allow: ['organizer', 'admin'],
	async apply(ctx, input): Promise<AdmitOutcome> {
		const { trx, actor } = ctx;
		if (!actor.userId) throw new Rejection('forbidden');
		let query = trx
			.selectFrom('event_signups')
			.innerJoin('events', 'events.id', 'event_signups.event_id')
			.select(['event_signups.status', 'event_signups.resident_id', 'events.neighbourhood_id'])
			.where('event_signups.id', '=', input.signupId)
			.where('event_signups.event_id', '=', input.eventId);
		// Two doors at once (two server processes on PostgreSQL): the sign-up's row lock puts them
		// one after the other, so exactly one hears "admitted" and the other "already admitted".
		if (ctx.dialect === 'postgres') query = query.forUpdate('event_signups');
		const signup = await query.executeTakeFirst();
		if (!signup) throw new Rejection('event_signup_not_found');
		const scope = await staffScope(trx, { id: actor.userId, roles: actor.roles });
		if (!inScope(scope, signup.neighbourhood_id)) throw new Rejection('forbidden');
		if (signup.status !== 'confirmed') throw new Rejection('event_not_confirmed');
		const earlier = await trx
			.selectFrom('event_checkins')
			.select('id')
			.where('signup_id', '=', input.signupId)
			.execute();
		if (earlier.some((row) => row.id === input.id)) return 'admitted';
		await trx
			.insertInto('event_checkins')
			.values({
				id: input.id,
				signup_id: input.signupId,
				event_id: input.eventId,
				checked_by: actor.userId,
				method: input.method,
				door: input.door,
				at: input.at
			})
			.execute();
		await ctx.changes.changed(EVENT_SIGNUP, input.signupId, residentAudience(signup.resident_id));
		return earlier.length ? 'already_admitted' : 'admitted';
	}
};

export const EVENT_MUTATIONS = [eventSignUp, eventCancelSignUp, eventForget, eventAdmit];
