/**
 * Tasks and their places: keeping confirmed / waitlisted sign-ups right and telling every device
 * concerned. Used by volunteers' mutations and organizers' actions alike.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { promotions } from '../../domain/capacity';
import type { TaskFields } from '../../shared/volunteer';
import type { DB } from '../db/database';
import { placeOf } from '../capacity';
import { defaultNeighbourhoodId } from '../neighbourhoods/store';
import type { ChangeRecorder } from '../sync/changes';
import { neighbourhoodAudience, residentAudience, type Audience } from '../sync/types';
import { Rejection } from '../sync/types';

/**
 * Takes a task's row lock (PostgreSQL; SQLite has one writer): sign-ups, cancellations and edits
 * of one task then happen one after another, so two people never get the same last place.
 */
export async function lockTask(trx: Transaction<DB>, changes: ChangeRecorder, taskId: string) {
	if (changes.dialect === 'postgres') {
		await trx.selectFrom('tasks').select('id').where('id', '=', taskId).forUpdate().execute();
	}
}

export const TASK = 'task';

/** A task goes to the devices following its neighbourhood. */
const taskAudience = (neighbourhoodId: string | null): Audience =>
	neighbourhoodId ? neighbourhoodAudience(neighbourhoodId) : '*';
export const TASK_PRIVATE = 'taskPrivate';
export const SIGNUP = 'signup';
export const NOTICE = 'notice';

async function notify(
	trx: Transaction<DB>,
	changes: ChangeRecorder,
	residentId: string,
	kind: 'taskChanged' | 'taskCancelled' | 'promoted',
	taskId: string,
	now: number
) {
	const id = randomUUID();
	await trx
		.insertInto('notices')
		.values({ id, resident_id: residentId, kind, task_id: taskId, created_at: now })
		.execute();
	await changes.changed(NOTICE, id, residentAudience(residentId));
}

/**
 * What changed for one task, so that only the sign-ups whose record changed are sent again: the
 * sign-up itself, anyone promoted and, after a cancellation, the waitlist (positions move up).
 * Without it (a task edited, cancelled or purged), every sign-up is sent again. Sending every
 * sign-up after each new one made N sign-ups cost N² change-log rows.
 */
export interface TaskTouch {
	signupId: string;
	/** A place or a waitlist spot was given up: waitlisted sign-ups move up. */
	freed: boolean;
}

/**
 * Brings a task's places up to date after anything that may free one (a cancellation, more
 * slots), then tells each device concerned: the task's counts to everyone, each sign-up whose
 * record changed (and the exact address, while confirmed) to its own resident.
 */
export async function refreshTask(
	trx: Transaction<DB>,
	changes: ChangeRecorder,
	taskId: string,
	now: number,
	touch?: TaskTouch
) {
	await lockTask(trx, changes, taskId);
	const task = await trx
		.selectFrom('tasks')
		.selectAll()
		.where('id', '=', taskId)
		.executeTakeFirst();
	if (!task) return;
	// Active sign-ups, and those cancelled in this very transaction (their devices must hear of it).
	const signups = await trx
		.selectFrom('task_signups')
		.selectAll()
		.where('task_id', '=', taskId)
		.where((eb) => eb.or([eb('status', '!=', 'cancelled'), eb('updated_at', '=', now)]))
		.execute();
	const promoted = new Set<string>();
	if (task.status === 'open') {
		for (const id of promotions(signups.map(placeOf), task.slots)) {
			const signup = signups.find((s) => s.id === id)!;
			signup.status = 'confirmed';
			promoted.add(id);
			await trx
				.updateTable('task_signups')
				.set({ status: 'confirmed', updated_at: now })
				.where('id', '=', id)
				.execute();
			await notify(trx, changes, signup.resident_id, 'promoted', taskId, now);
		}
	}
	await changes.changed(TASK, taskId, taskAudience(task.neighbourhood_id));
	const changed = (signup: (typeof signups)[number]) =>
		!touch ||
		signup.id === touch.signupId ||
		promoted.has(signup.id) ||
		(touch.freed && signup.status === 'waitlisted') ||
		// Cancelled in this transaction (by a purge or the resident): the device must hear of it.
		(signup.status === 'cancelled' && signup.updated_at === now);
	for (const signup of signups.filter(changed)) {
		const audience = residentAudience(signup.resident_id);
		await changes.changed(SIGNUP, signup.id, audience);
		if (signup.status === 'confirmed' && task.status === 'open')
			await changes.changed(TASK_PRIVATE, taskId, audience);
		else await changes.removed(TASK_PRIVATE, taskId, audience);
	}
}

/** The task's texts as columns (the fields added in migration 0006). */
const taskTexts = (input: TaskFields) => ({
	description: input.description ?? '',
	bring: input.bring ?? '',
	contact_name: input.contactName ?? '',
	contact_phone: input.contactPhone ?? ''
});

export async function createTask(
	trx: Transaction<DB>,
	changes: ChangeRecorder,
	input: TaskFields,
	userId: string,
	now: number,
	/** Its neighbourhood; the default one when not given. */
	neighbourhoodId?: string
) {
	if (input.endsAt <= input.startsAt) throw new Rejection('task_times');
	const hood = neighbourhoodId ?? (await defaultNeighbourhoodId(trx));
	if (!hood) throw new Rejection('neighbourhood_not_found');
	const id = randomUUID();
	await trx
		.insertInto('tasks')
		.values({
			id,
			title: input.title,
			place: input.place,
			address: input.address,
			starts_at: input.startsAt,
			ends_at: input.endsAt,
			skills: JSON.stringify(input.skills),
			slots: input.slots,
			...taskTexts(input),
			status: 'open',
			neighbourhood_id: hood,
			created_by: userId,
			created_at: now,
			updated_at: now
		})
		.execute();
	await changes.changed(TASK, id, taskAudience(hood));
	return id;
}

/** Edits a task; its volunteers get a notice. More slots promote from the waitlist. */
export async function updateTask(
	trx: Transaction<DB>,
	changes: ChangeRecorder,
	id: string,
	input: TaskFields,
	now: number
) {
	if (input.endsAt <= input.startsAt) throw new Rejection('task_times');
	await lockTask(trx, changes, id);
	const task = await trx
		.selectFrom('tasks')
		.select(['status'])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!task) throw new Rejection('task_not_found');
	await trx
		.updateTable('tasks')
		.set({
			title: input.title,
			place: input.place,
			address: input.address,
			starts_at: input.startsAt,
			ends_at: input.endsAt,
			skills: JSON.stringify(input.skills),
			slots: input.slots,
			...taskTexts(input),
			updated_at: now
		})
		.where('id', '=', id)
		.execute();
	await notifySignedUp(trx, changes, id, 'taskChanged', now);
	await refreshTask(trx, changes, id, now);
}

/** Cancels a task: every sign-up ends, and each volunteer is told. */
export async function cancelTask(
	trx: Transaction<DB>,
	changes: ChangeRecorder,
	id: string,
	now: number
) {
	await lockTask(trx, changes, id);
	const task = await trx
		.selectFrom('tasks')
		.select(['status'])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!task) throw new Rejection('task_not_found');
	if (task.status === 'cancelled') return;
	await notifySignedUp(trx, changes, id, 'taskCancelled', now);
	await trx
		.updateTable('tasks')
		.set({ status: 'cancelled', updated_at: now })
		.where('id', '=', id)
		.execute();
	await refreshTask(trx, changes, id, now);
}

async function notifySignedUp(
	trx: Transaction<DB>,
	changes: ChangeRecorder,
	taskId: string,
	kind: 'taskChanged' | 'taskCancelled',
	now: number
) {
	const residents = await trx
		.selectFrom('task_signups')
		.select('resident_id')
		.distinct()
		.where('task_id', '=', taskId)
		.where('status', '!=', 'cancelled')
		.execute();
	for (const { resident_id } of residents)
		await notify(trx, changes, resident_id, kind, taskId, now);
}
