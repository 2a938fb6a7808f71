/**
 * What a staff member may manage: an admin every neighbourhood, an organizer only those assigned
 * to them. Every staff page, form action and API that touches tasks or volunteers' personal data
 * asks here first; data of another neighbourhood is refused with 403.
 */
import { error } from '@sveltejs/kit';
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { StaffUser } from '../auth/sessions';
import type { DB } from '../db/database';
import { HttpError } from '../http/errors';

export type StaffScope = { all: true } | { all: false; ids: string[] };

export async function staffScope(
	db: Kysely<DB>,
	user: Pick<StaffUser, 'id' | 'roles'>
): Promise<StaffScope> {
	if (user.roles.includes('admin')) return { all: true };
	if (!user.roles.includes('organizer')) return { all: false, ids: [] };
	const rows = await db
		.selectFrom('neighbourhood_organizers')
		.select('neighbourhood_id')
		.where('user_id', '=', user.id)
		.execute();
	return { all: false, ids: rows.map((r) => r.neighbourhood_id) };
}

export const inScope = (scope: StaffScope, neighbourhoodId: string | null | undefined) =>
	scope.all || (neighbourhoodId != null && scope.ids.includes(neighbourhoodId));

/** The neighbourhood a task belongs to, or undefined when there is no such task. */
export async function taskNeighbourhood(db: Kysely<DB>, taskId: string) {
	const row = await db
		.selectFrom('tasks')
		.select('neighbourhood_id')
		.where('id', '=', taskId)
		.executeTakeFirst();
	return row && { neighbourhoodId: row.neighbourhood_id };
}

/** Whether the task exists, and whether it is in scope ('missing' | 'forbidden' | 'ok'). */
export async function taskAccess(
	db: Kysely<DB>,
	scope: StaffScope,
	taskId: string
): Promise<'missing' | 'forbidden' | 'ok'> {
	const task = await taskNeighbourhood(db, taskId);
	if (!task) return 'missing';
	return inScope(scope, task.neighbourhoodId) ? 'ok' : 'forbidden';
}

/** For staff pages: 404 for no such task, 403 for another neighbourhood's. */
export async function requireTaskInScope(db: Kysely<DB>, scope: StaffScope, taskId: string) {
	const access = await taskAccess(db, scope, taskId);
	if (access === 'missing') error(404, { message: 'Not found', code: 'notFound' });
	if (access === 'forbidden') error(403, { message: 'Forbidden', code: 'forbidden' });
}

/** For the API: the same answers as JSON errors. */
export async function requireTaskInScopeApi(db: Kysely<DB>, scope: StaffScope, taskId: string) {
	const access = await taskAccess(db, scope, taskId);
	if (access === 'missing') throw new HttpError(404, 'not_found', 'No such task.');
	if (access === 'forbidden')
		throw new HttpError(
			403,
			'forbidden',
			'This task belongs to a neighbourhood you do not manage.'
		);
}

/** Whether a sign-up exists and belongs to a task in scope. */
export async function signupAccess(
	db: Kysely<DB>,
	scope: StaffScope,
	signupId: string,
	taskId?: string
): Promise<'missing' | 'forbidden' | 'ok'> {
	let query = db
		.selectFrom('task_signups')
		.innerJoin('tasks', 'tasks.id', 'task_signups.task_id')
		.select('tasks.neighbourhood_id')
		.where('task_signups.id', '=', signupId);
	if (taskId) query = query.where('task_signups.task_id', '=', taskId);
	const row = await query.executeTakeFirst();
	if (!row) return 'missing';
	return inScope(scope, row.neighbourhood_id) ? 'ok' : 'forbidden';
}

/**
 * A filter on `volunteers`: those of a neighbourhood in scope, or signed up (not cancelled) to a
 * task of one. Undefined for an admin (everyone).
 */
export function volunteerScopeFilter(scope: StaffScope) {
	if (scope.all) return undefined;
	const ids = scope.ids.length ? scope.ids : [''];
	return (eb: ExpressionBuilder<DB, 'volunteers'>) =>
		eb.or([
			eb(
				'volunteers.id',
				'in',
				eb
					.selectFrom('volunteer_neighbourhoods')
					.select('volunteer_neighbourhoods.volunteer_id')
					.where('volunteer_neighbourhoods.neighbourhood_id', 'in', ids)
			),
			eb(
				'volunteers.id',
				'in',
				eb
					.selectFrom('task_signups')
					.innerJoin('tasks', 'tasks.id', 'task_signups.task_id')
					.select('task_signups.volunteer_id')
					.where('tasks.neighbourhood_id', 'in', ids)
					.where('task_signups.status', '!=', 'cancelled')
			)
		]);
}

/** Whether one volunteer is visible to this scope. */
export async function volunteerInScope(db: Kysely<DB>, scope: StaffScope, volunteerId: string) {
	if (scope.all) return true;
	const filter = volunteerScopeFilter(scope)!;
	const row = await db
		.selectFrom('volunteers')
		.select('volunteers.id')
		.where('volunteers.id', '=', volunteerId)
		.where(filter)
		.executeTakeFirst();
	return row !== undefined;
}
