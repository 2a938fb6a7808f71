/**
 * Deleting a volunteer's personal data: on request ("delete my data") and, for volunteers who
 * withdrew, after the retention period. Their places on tasks are given up first (so the waitlist
 * moves), then every row about them goes; devices receive tombstones. What stays: ids in the
 * change log (tombstones) and counts in the audit log, never a name, phone or e-mail.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../db/database';
import type { ChangeRecorder } from '../sync/changes';
import { residentAudience } from '../sync/types';
import { NOTICE, refreshTask, SIGNUP, TASK_PRIVATE } from './tasks';

export const VOLUNTEER = 'volunteer';
export const VOLUNTEER_STATUS = 'volunteerStatus';

/** Gives up a volunteer's places on tasks that have not ended; the waitlists move up. */
export async function releasePlaces(
	trx: Transaction<DB>,
	changes: ChangeRecorder,
	volunteerId: string,
	now: number
) {
	const active = await trx
		.selectFrom('task_signups')
		.innerJoin('tasks', 'tasks.id', 'task_signups.task_id')
		.select(['task_signups.id', 'task_signups.task_id'])
		.where('task_signups.volunteer_id', '=', volunteerId)
		.where('task_signups.status', '!=', 'cancelled')
		.where('tasks.ends_at', '>', now)
		.execute();
	for (const signup of active) {
		await trx
			.updateTable('task_signups')
			.set({ status: 'cancelled', updated_at: now })
			.where('id', '=', signup.id)
			.execute();
	}
	// Always in the same order, so two writers never wait on each other's tasks (no deadlock).
	for (const taskId of [...new Set(active.map((s) => s.task_id))].sort())
		await refreshTask(trx, changes, taskId, now);
}

export async function purgeVolunteer(
	trx: Transaction<DB>,
	changes: ChangeRecorder,
	volunteerId: string,
	now: number
) {
	const volunteer = await trx
		.selectFrom('volunteers')
		.select(['id', 'resident_id'])
		.where('id', '=', volunteerId)
		.executeTakeFirst();
	if (!volunteer) return false;
	const audience = residentAudience(volunteer.resident_id);
	await releasePlaces(trx, changes, volunteerId, now);
	const signups = await trx
		.selectFrom('task_signups')
		.select(['id', 'task_id'])
		.where('volunteer_id', '=', volunteerId)
		.execute();
	const notices = await trx
		.selectFrom('notices')
		.select('id')
		.where('resident_id', '=', volunteer.resident_id)
		.execute();
	await trx.deleteFrom('task_signups').where('volunteer_id', '=', volunteerId).execute();
	await trx.deleteFrom('notices').where('resident_id', '=', volunteer.resident_id).execute();
	await trx.deleteFrom('certificates').where('volunteer_id', '=', volunteerId).execute();
	await trx.deleteFrom('volunteer_tags').where('volunteer_id', '=', volunteerId).execute();
	await trx.deleteFrom('volunteer_reviews').where('volunteer_id', '=', volunteerId).execute();
	await trx
		.deleteFrom('volunteer_neighbourhoods')
		.where('volunteer_id', '=', volunteerId)
		.execute();
	await trx.deleteFrom('volunteers').where('id', '=', volunteerId).execute();
	await changes.removed(VOLUNTEER, volunteerId, audience);
	await changes.removed(VOLUNTEER_STATUS, volunteerId, audience);
	for (const signup of signups) {
		await changes.removed(SIGNUP, signup.id, audience);
		await changes.removed(TASK_PRIVATE, signup.task_id, audience);
	}
	for (const notice of notices) await changes.removed(NOTICE, notice.id, audience);
	return true;
}
