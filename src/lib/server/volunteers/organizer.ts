/** What organizers do about volunteers beyond tasks: verify them, confirm hours, report hours. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/connect';
import type { DB } from '../db/database';
import { Rejection, residentAudience } from '../sync/types';
import { withChanges } from '../sync/write';
import type { StaffScope } from '../neighbourhoods/scope';
import { VOLUNTEER_STATUS } from './purge';
import { SIGNUP } from './tasks';

/** Marks a volunteer verified (or not), apart from what they wrote; their phones are told. */
export async function setVerified(
	database: Database,
	volunteerId: string,
	verified: boolean,
	userId: string
) {
	await withChanges(database, async (trx, changes, now) => {
		const volunteer = await trx
			.selectFrom('volunteers')
			.select(['resident_id'])
			.where('id', '=', volunteerId)
			.executeTakeFirst();
		if (!volunteer) throw new Rejection('not_found');
		const values = {
			verified: verified ? 1 : 0,
			verified_at: verified ? now : null,
			verified_by: verified ? userId : null
		};
		const existing = await trx
			.selectFrom('volunteer_reviews')
			.select('volunteer_id')
			.where('volunteer_id', '=', volunteerId)
			.executeTakeFirst();
		if (existing)
			await trx
				.updateTable('volunteer_reviews')
				.set(values)
				.where('volunteer_id', '=', volunteerId)
				.execute();
		else
			await trx
				.insertInto('volunteer_reviews')
				.values({ volunteer_id: volunteerId, ...values })
				.execute();
		await changes.changed(VOLUNTEER_STATUS, volunteerId, residentAudience(volunteer.resident_id));
	});
}

/** Confirms a sign-up's hours (as recorded, or corrected): only confirmed hours count. */
export async function confirmHours(
	database: Database,
	signupId: string,
	minutes: number,
	userId: string
) {
	if (!Number.isInteger(minutes) || minutes < 0 || minutes > 24 * 60)
		throw new Rejection('invalid');
	await withChanges(database, async (trx, changes, now) => {
		const signup = await trx
			.selectFrom('task_signups')
			.select(['resident_id'])
			.where('id', '=', signupId)
			.executeTakeFirst();
		if (!signup) throw new Rejection('not_found');
		await trx
			.updateTable('task_signups')
			.set({
				confirmed_minutes: minutes,
				confirmed_by: userId,
				confirmed_at: now,
				no_show: 0,
				updated_at: now
			})
			.where('id', '=', signupId)
			.execute();
		await changes.changed(SIGNUP, signupId, residentAudience(signup.resident_id));
	});
}

/**
 * "Did not come": no hours, and a mark that says why (so the hours report tells a no-show from a
 * volunteer nobody has looked at yet). Confirming hours later lifts the mark.
 */
export async function markNoShow(database: Database, signupId: string, userId: string) {
	await withChanges(database, async (trx, changes, now) => {
		const signup = await trx
			.selectFrom('task_signups')
			.select(['resident_id', 'status'])
			.where('id', '=', signupId)
			.executeTakeFirst();
		if (!signup || signup.status !== 'confirmed') throw new Rejection('not_found');
		await trx
			.updateTable('task_signups')
			.set({
				confirmed_minutes: 0,
				confirmed_by: userId,
				confirmed_at: now,
				no_show: 1,
				updated_at: now
			})
			.where('id', '=', signupId)
			.execute();
		await changes.changed(SIGNUP, signupId, residentAudience(signup.resident_id));
	});
}

/**
 * "Confirm all as recorded": every confirmed place of the task whose volunteer checked in and out,
 * and whose hours nobody has confirmed or marked yet, gets its recorded time. Returns how many.
 */
export async function confirmAllRecorded(
	database: Database,
	taskId: string,
	userId: string
): Promise<number> {
	return withChanges(database, async (trx, changes, now) => {
		const open = await trx
			.selectFrom('task_signups')
			.select(['id', 'resident_id', 'check_in_at', 'check_out_at'])
			.where('task_id', '=', taskId)
			.where('status', '=', 'confirmed')
			.where('confirmed_minutes', 'is', null)
			.where('no_show', '=', 0)
			.where('check_in_at', 'is not', null)
			.where('check_out_at', 'is not', null)
			.execute();
		for (const signup of open) {
			const minutes = Math.min(
				24 * 60,
				Math.max(0, Math.round((signup.check_out_at! - signup.check_in_at!) / 60_000))
			);
			await trx
				.updateTable('task_signups')
				.set({
					confirmed_minutes: minutes,
					confirmed_by: userId,
					confirmed_at: now,
					updated_at: now
				})
				.where('id', '=', signup.id)
				.execute();
			await changes.changed(SIGNUP, signup.id, residentAudience(signup.resident_id));
		}
		return open.length;
	});
}

export interface HoursLine {
	volunteerId: string;
	name: string;
	/** Contact details tell apart two volunteers of one name. */
	phone: string;
	email: string;
	taskId: string;
	taskTitle: string;
	startsAt: number;
	checkInAt: number | null;
	checkOutAt: number | null;
	recordedMinutes: number | null;
	confirmedMinutes: number | null;
	noShow: boolean;
}

/**
 * Every sign-up with hours, for the per-volunteer and per-task reports: of the tasks of the
 * neighbourhoods in `scope`.
 */
export async function hoursLines(
	db: Kysely<DB>,
	scope: StaffScope,
	taskId?: string
): Promise<HoursLine[]> {
	let query = db
		.selectFrom('task_signups')
		.innerJoin('volunteers', 'volunteers.id', 'task_signups.volunteer_id')
		.innerJoin('tasks', 'tasks.id', 'task_signups.task_id')
		.select([
			'task_signups.volunteer_id',
			'volunteers.name',
			'volunteers.phone',
			'volunteers.email',
			'tasks.id as task_id',
			'tasks.title',
			'tasks.starts_at',
			'task_signups.check_in_at',
			'task_signups.check_out_at',
			'task_signups.confirmed_minutes',
			'task_signups.no_show'
		])
		.where('task_signups.status', '=', 'confirmed')
		.orderBy('tasks.starts_at')
		.orderBy('volunteers.name');
	if (taskId) query = query.where('tasks.id', '=', taskId);
	if (!scope.all)
		query = query.where('tasks.neighbourhood_id', 'in', scope.ids.length ? scope.ids : ['']);
	const rows = await query.execute();
	return rows.map((r) => ({
		volunteerId: r.volunteer_id,
		name: r.name,
		phone: r.phone,
		email: r.email,
		taskId: r.task_id,
		taskTitle: r.title,
		startsAt: r.starts_at,
		checkInAt: r.check_in_at,
		checkOutAt: r.check_out_at,
		recordedMinutes:
			r.check_in_at !== null && r.check_out_at !== null
				? Math.round((r.check_out_at - r.check_in_at) / 60_000)
				: null,
		confirmedMinutes: r.confirmed_minutes,
		noShow: r.no_show === 1
	}));
}

/** A certificate as its verification link shows it, or undefined when the link is not valid. */
export async function verifyCertificate(db: Kysely<DB>, tokenHash: string) {
	const row = await db
		.selectFrom('certificates')
		.innerJoin('volunteers', 'volunteers.id', 'certificates.volunteer_id')
		.select([
			'volunteers.name',
			'certificates.minutes',
			'certificates.first_at',
			'certificates.last_at',
			'certificates.issued_at'
		])
		.where('certificates.token_hash', '=', tokenHash)
		.executeTakeFirst();
	return (
		row && {
			name: row.name,
			minutes: row.minutes,
			firstAt: row.first_at,
			lastAt: row.last_at,
			issuedAt: row.issued_at
		}
	);
}
