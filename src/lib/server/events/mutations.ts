/**
 * What a resident's phone may ask about events, through the sync engine (so offline sign-ups
 * wait in the outbox and are answered once): sign up, cancel, and forget every sign-up ("delete
 * my data"). A refusal (deadline passed, event cancelled, one sign-up per event) advances the
 * seq and carries a code the phone shows (sync:rejected.<code>).
 */
import { admit } from '../../domain/capacity';
import { EventSignUp, EventSignUpId, type EventSignUp as SignUp } from '../../shared/events';
import * as v from 'valibot';
import { nextArrival } from '../capacity';
import { flushDeleted } from '../sync/write';
import {
	neighbourhoodAudience,
	Rejection,
	residentAudience,
	type MutationContext,
	type MutationHandler
} from '../sync/types';
import { EVENT, EVENT_SIGNUP, lockEvent, refreshEvent } from './store';

/** Sign-ups one phone may make in an hour (stored rows: every server process counts the same). */
export const SIGNUPS_PER_DEVICE_HOUR = 30;

/** The push topic of an event's signed-up phones (those with notifications on). */
export const eventTopic = (eventId: string) => `e:${eventId}`;

async function followTopic(ctx: MutationContext, eventId: string, on: boolean) {
	if (!on) {
		await ctx.trx
			.deleteFrom('push_topics')
			.where('client_id', '=', ctx.actor.clientId)
			.where('topic', '=', eventTopic(eventId))
			.execute();
		return;
	}
	const subscribed = await ctx.trx
		.selectFrom('push_subscriptions')
		.select('client_id')
		.where('client_id', '=', ctx.actor.clientId)
		.executeTakeFirst();
	if (subscribed)
		await ctx.trx
			.insertInto('push_topics')
			.values({ client_id: ctx.actor.clientId, topic: eventTopic(eventId) })
			.onConflict((oc) => oc.columns(['client_id', 'topic']).doNothing())
			.execute();
}

export const eventSignUp: MutationHandler<SignUp> = {
	type: 'event.signUp',
	payload: EventSignUp,
	allow: ['resident'],
	async apply(ctx, input) {
		const { trx, now, actor } = ctx;
		// The same sign-up sent again (another phone of theirs raced it): the answer it got.
		const same = await trx
			.selectFrom('event_signups')
			.select(['resident_id', 'status'])
			.where('id', '=', input.id)
			.executeTakeFirst();
		if (same) {
			if (same.resident_id !== actor.residentId) throw new Rejection('forbidden');
			return same.status;
		}
		const recent = await trx
			.selectFrom('event_signups')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('client_id', '=', actor.clientId)
			.where('created_at', '>', now - 3_600_000)
			.executeTakeFirstOrThrow();
		if (Number(recent.n) >= SIGNUPS_PER_DEVICE_HOUR) throw new Rejection('event_too_many_signups');
		await lockEvent(trx, ctx.changes, input.eventId);
		const event = await trx
			.selectFrom('events')
			.select(['status', 'signup_deadline', 'neighbourhood_id'])
			.where('id', '=', input.eventId)
			.executeTakeFirst();
		if (!event || event.status === 'draft') throw new Rejection('event_not_found');
		if (event.status === 'cancelled') throw new Rejection('event_cancelled');
		if (now > event.signup_deadline) throw new Rejection('event_signup_closed');
		const role = await trx
			.selectFrom('event_roles')
			.select(['id', 'capacity'])
			.where('id', '=', input.roleId)
			.where('event_id', '=', input.eventId)
			.executeTakeFirst();
		if (!role) throw new Rejection('event_role_not_found');
		const mine = await trx
			.selectFrom('event_signups')
			.select('id')
			.where('event_id', '=', input.eventId)
			.where('resident_id', '=', actor.residentId)
			.where('status', '!=', 'cancelled')
			.executeTakeFirst();
		if (mine) throw new Rejection('event_already_signed_up');
		// The role's places in one look: people confirmed, and whether anyone is waiting.
		const counts = await trx
			.selectFrom('event_signups')
			.select(['status', (eb) => eb.fn.sum<number>('party_size').as('people')])
			.where('role_id', '=', role.id)
			.where('status', '!=', 'cancelled')
			.groupBy('status')
			.execute();
		const people = (status: string) => Number(counts.find((c) => c.status === status)?.people ?? 0);
		const places = [
			{ id: 'confirmed', status: 'confirmed' as const, order: 0, size: people('confirmed') },
			...(people('waitlisted') > 0
				? [{ id: 'waiting', status: 'waitlisted' as const, order: 1 }]
				: [])
		];
		const status = admit(places, role.capacity ?? Infinity, input.partySize);
		await trx
			.insertInto('event_signups')
			.values({
				id: input.id,
				event_id: input.eventId,
				role_id: role.id,
				resident_id: actor.residentId,
				client_id: actor.clientId,
				name: input.name,
				building: input.building,
				unit: input.unit,
				party_size: input.partySize,
				status,
				arrival: await nextArrival(trx, ctx.dialect),
				created_at: now,
				updated_at: now
			})
			.execute();
		await followTopic(ctx, input.eventId, true);
		await ctx.changes.changed(EVENT_SIGNUP, input.id, residentAudience(actor.residentId));
		await ctx.changes.changed(EVENT, input.eventId, neighbourhoodAudience(event.neighbourhood_id));
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
	await followTopic(ctx, signup.event_id, false);
	await refreshEvent(ctx.trx, ctx.changes, signup.event_id, ctx.now, {
		signupId: id,
		roleId: signup.role_id,
		freed: true
	});
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

export const EVENT_MUTATIONS = [eventSignUp, eventCancelSignUp, eventForget];
