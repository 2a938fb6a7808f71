/**
 * What a volunteer's devices may ask of the server. Each checks that the record is the sender's
 * own; the rules about places live in domain/capacity.ts (via tasks.ts).
 */
import { admit } from '../../domain/capacity';
import { clockTimeAccepted, clockWindow } from '../../domain/clock';
import {
	CertificateIssue,
	SignupClock,
	SignupCreate,
	SignupId,
	VolunteerId,
	VolunteerProfile
} from '../../shared/volunteer';
import { nextArrival, placeOf } from '../capacity';
import { sha256 } from '../crypto';
import { flushDeleted } from '../sync/write';
import {
	joinFollowedNeighbourhoods,
	setVolunteerNeighbourhoods
} from '../neighbourhoods/volunteers';
import {
	Rejection,
	residentAudience,
	type MutationContext,
	type MutationHandler
} from '../sync/types';
import { purgeVolunteer, releasePlaces, VOLUNTEER, VOLUNTEER_STATUS } from './purge';
import { profileOf, rowValues, tagsOf } from './rows';
import { volunteerSaveBatch } from './save-batch';
import { ownRecord, sameTags } from './save-rule';
import { lockTask, refreshTask, SIGNUP } from './tasks';

async function ownVolunteer(ctx: MutationContext, id?: string) {
	const volunteer = await ctx.trx
		.selectFrom('volunteers')
		.selectAll()
		.where('resident_id', '=', ctx.actor.residentId)
		.executeTakeFirst();
	if (id && volunteer && volunteer.id !== id) throw new Rejection('forbidden');
	return volunteer;
}

async function ownSignup(ctx: MutationContext, id: string) {
	const signup = await ctx.trx
		.selectFrom('task_signups')
		.selectAll()
		.where('id', '=', id)
		.executeTakeFirst();
	if (!signup) throw new Rejection('not_found');
	if (signup.resident_id !== ctx.actor.residentId) throw new Rejection('forbidden');
	return signup;
}

export const volunteerSave: MutationHandler<VolunteerProfile> = {
	type: 'volunteer.save',
	payload: VolunteerProfile,
	allow: ['resident'],
	batch: volunteerSaveBatch,
	async apply(ctx, profile) {
		const { trx, actor, now, changes } = ctx;
		// In one look: the row with this id (someone else's?) and this resident's own row.
		const found = await trx
			.selectFrom('volunteers')
			.selectAll()
			.where((eb) => eb.or([eb('id', '=', profile.id), eb('resident_id', '=', actor.residentId)]))
			.execute();
		const mine = ownRecord(found, profile.id, actor.residentId);
		const values = rowValues(profile);
		if (mine) {
			await trx
				.updateTable('volunteers')
				.set({ ...values, status: 'active', withdrawn_at: null, updated_at: now })
				.where('id', '=', profile.id)
				.execute();
		} else {
			await trx
				.insertInto('volunteers')
				.values({
					id: profile.id,
					resident_id: actor.residentId,
					...values,
					status: 'active',
					withdrawn_at: null,
					created_at: now,
					updated_at: now
				})
				.execute();
		}
		// The neighbourhoods they chose in the form; else a new volunteer serves the ones their
		// phone follows (the default one when it follows none). Organizers of those see them.
		const chose =
			profile.neighbourhoodIds !== undefined &&
			(await setVolunteerNeighbourhoods(trx, profile.id, profile.neighbourhoodIds));
		if (!chose && !mine) await joinFollowedNeighbourhoods(trx, profile.id, actor.clientId);
		// The roster's filter tags, rewritten only when they change (most edits touch a name, a
		// phone number or the notes).
		const tags = tagsOf(profile);
		if (!mine || !sameTags(tagsOf(profileOf(mine)), tags)) {
			await trx.deleteFrom('volunteer_tags').where('volunteer_id', '=', profile.id).execute();
			if (tags.length)
				await trx
					.insertInto('volunteer_tags')
					.values(tags.map((tag) => ({ volunteer_id: profile.id, tag })))
					.execute();
		}
		const audience = residentAudience(actor.residentId);
		await changes.changed(VOLUNTEER, profile.id, audience);
		// The status record (active, verified) changes when the volunteer is new or comes back.
		if (mine?.status !== 'active') await changes.changed(VOLUNTEER_STATUS, profile.id, audience);
		return mine ? 'updated' : 'registered';
	}
};

export const volunteerWithdraw: MutationHandler<{ id: string }> = {
	type: 'volunteer.withdraw',
	payload: VolunteerId,
	allow: ['resident'],
	async apply(ctx, { id }) {
		const volunteer = await ownVolunteer(ctx, id);
		if (!volunteer) throw new Rejection('not_found');
		if (volunteer.status === 'withdrawn') return 'withdrawn';
		await ctx.trx
			.updateTable('volunteers')
			.set({ status: 'withdrawn', withdrawn_at: ctx.now, updated_at: ctx.now })
			.where('id', '=', id)
			.execute();
		await releasePlaces(ctx.trx, ctx.changes, id, ctx.now);
		await ctx.changes.changed(VOLUNTEER_STATUS, id, residentAudience(ctx.actor.residentId));
		return 'withdrawn';
	}
};

export const volunteerDelete: MutationHandler<{ id: string }> = {
	type: 'volunteer.delete',
	payload: VolunteerId,
	allow: ['resident'],
	async apply(ctx, { id }) {
		const volunteer = await ownVolunteer(ctx, id);
		// Already gone (from another of their phones): the wish is fulfilled.
		if (!volunteer) return 'deleted';
		await purgeVolunteer(ctx.trx, ctx.changes, id, ctx.now);
		ctx.afterCommit(() => flushDeleted(ctx.database));
		return 'deleted';
	}
};

export const signupCreate: MutationHandler<{ id: string; taskId: string }> = {
	type: 'signup.create',
	payload: SignupCreate,
	allow: ['resident'],
	async apply(ctx, { id, taskId }) {
		const { trx, now } = ctx;
		const volunteer = await ownVolunteer(ctx);
		if (!volunteer) throw new Rejection('not_volunteer');
		if (volunteer.status !== 'active') throw new Rejection('withdrawn');
		// Counting the places and taking one happen under the task's lock.
		await lockTask(trx, ctx.changes, taskId);
		const task = await trx
			.selectFrom('tasks')
			.selectAll()
			.where('id', '=', taskId)
			.executeTakeFirst();
		if (!task) throw new Rejection('task_not_found');
		if (task.status !== 'open') throw new Rejection('task_cancelled');
		if (task.ends_at < now) throw new Rejection('task_over');
		if (await trx.selectFrom('task_signups').select('id').where('id', '=', id).executeTakeFirst())
			throw new Rejection('forbidden');
		const signups = await trx
			.selectFrom('task_signups')
			.select(['id', 'status', 'arrival', 'volunteer_id'])
			.where('task_id', '=', taskId)
			.where('status', '!=', 'cancelled')
			.execute();
		if (signups.some((s) => s.volunteer_id === volunteer.id))
			throw new Rejection('already_signed_up');
		const status = admit(signups.map(placeOf), task.slots);
		await trx
			.insertInto('task_signups')
			.values({
				id,
				task_id: taskId,
				volunteer_id: volunteer.id,
				resident_id: ctx.actor.residentId,
				status,
				arrived_at: now,
				arrival: await nextArrival(trx, ctx.dialect),
				created_at: now,
				updated_at: now,
				check_in_at: null,
				check_out_at: null,
				confirmed_minutes: null,
				confirmed_by: null,
				confirmed_at: null
			})
			.execute();
		await refreshTask(trx, ctx.changes, taskId, now, { signupId: id, freed: false });
		return status;
	}
};

export const signupCancel: MutationHandler<{ id: string }> = {
	type: 'signup.cancel',
	payload: SignupId,
	allow: ['resident'],
	async apply(ctx, { id }) {
		const signup = await ownSignup(ctx, id);
		if (signup.status === 'cancelled') return 'cancelled';
		await ctx.trx
			.updateTable('task_signups')
			.set({ status: 'cancelled', updated_at: ctx.now })
			.where('id', '=', id)
			.execute();
		await refreshTask(ctx.trx, ctx.changes, signup.task_id, ctx.now, { signupId: id, freed: true });
		return 'cancelled';
	}
};

function clockHandler(
	type: 'signup.checkIn' | 'signup.checkOut'
): MutationHandler<{ id: string; at: number }> {
	return {
		type,
		payload: SignupClock,
		allow: ['resident'],
		async apply(ctx, { id, at }) {
			const signup = await ownSignup(ctx, id);
			if (signup.status !== 'confirmed') throw new Rejection('not_confirmed');
			const row = await ctx.trx
				.selectFrom('tasks')
				.select(['starts_at', 'ends_at'])
				.where('id', '=', signup.task_id)
				.executeTakeFirstOrThrow();
			const task = { startsAt: row.starts_at, endsAt: row.ends_at };
			// The refusal says when the window is, so the phone can tell the volunteer when to try
			// again; it changes nothing on the sign-up, which stays usable.
			if (!clockTimeAccepted(task, at, ctx.now)) {
				const { opensAt, closesAt } = clockWindow(task);
				throw new Rejection('time_outside_task', { opensAt, closesAt });
			}
			if (type === 'signup.checkIn') {
				await ctx.trx
					.updateTable('task_signups')
					.set({ check_in_at: at, check_out_at: null, updated_at: ctx.now })
					.where('id', '=', id)
					.execute();
			} else {
				if (signup.check_in_at === null) throw new Rejection('not_checked_in');
				// The phone's clock went back between the two taps: not a question of the window.
				if (at <= signup.check_in_at) throw new Rejection('check_out_before_check_in');
				await ctx.trx
					.updateTable('task_signups')
					.set({ check_out_at: at, updated_at: ctx.now })
					.where('id', '=', id)
					.execute();
			}
			await ctx.changes.changed(SIGNUP, id, residentAudience(ctx.actor.residentId));
		}
	};
}

export const signupCheckIn = clockHandler('signup.checkIn');
export const signupCheckOut = clockHandler('signup.checkOut');

export const certificateIssue: MutationHandler<{ token: string }> = {
	type: 'certificate.issue',
	payload: CertificateIssue,
	allow: ['resident'],
	async apply(ctx, { token }) {
		const volunteer = await ownVolunteer(ctx);
		if (!volunteer) throw new Rejection('not_volunteer');
		if (
			await ctx.trx
				.selectFrom('certificates')
				.select('issued_at')
				.where('token_hash', '=', sha256(token))
				.executeTakeFirst()
		) {
			return 'issued';
		}
		const confirmed = await ctx.trx
			.selectFrom('task_signups')
			.innerJoin('tasks', 'tasks.id', 'task_signups.task_id')
			.select(['task_signups.confirmed_minutes', 'tasks.starts_at'])
			.where('task_signups.volunteer_id', '=', volunteer.id)
			.where('task_signups.confirmed_minutes', 'is not', null)
			.execute();
		const minutes = confirmed.reduce((sum, s) => sum + (s.confirmed_minutes ?? 0), 0);
		const times = confirmed.map((s) => s.starts_at);
		await ctx.trx
			.insertInto('certificates')
			.values({
				token_hash: sha256(token),
				volunteer_id: volunteer.id,
				resident_id: ctx.actor.residentId,
				minutes,
				first_at: times.length ? Math.min(...times) : null,
				last_at: times.length ? Math.max(...times) : null,
				issued_at: ctx.now
			})
			// Idempotent per token, not single-use: a copy of the same push that raced this one
			// (on another process) already stored it, and the answer is the same.
			.onConflict((oc) => oc.column('token_hash').doNothing())
			.execute();
		return 'issued';
	}
};

export const VOLUNTEER_MUTATIONS = [
	volunteerSave,
	volunteerWithdraw,
	volunteerDelete,
	signupCreate,
	signupCancel,
	signupCheckIn,
	signupCheckOut,
	certificateIssue
];
