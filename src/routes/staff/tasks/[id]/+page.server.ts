import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { parseHours } from '$domain/hours';
import { serverContext, type ServerContext } from '$lib/server/context';
import {
	requireTaskInScope,
	signupAccess,
	staffScope,
	type StaffScope
} from '$lib/server/neighbourhoods/scope';
import { taskTimeZone } from '$lib/server/time-zone';
import { requireRole } from '$lib/server/auth/guard';
import { audit } from '$lib/server/audit';
import { Rejection } from '$lib/server/sync/types';
import { withChanges } from '$lib/server/sync/write';
import { cancelTask, updateTask } from '$lib/server/volunteers/tasks';
import { confirmAllRecorded, confirmHours, markNoShow } from '$lib/server/volunteers/organizer';
import { taskFromForm } from '$lib/server/volunteers/task-form';
import type { Actions, PageServerLoad } from './$types';

/** The signed-in organizer, refused (403) unless the task is of a neighbourhood they manage. */
async function organizerOfTask(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	const user = requireRole(event, 'organize');
	const ctx = await serverContext();
	const scope = await staffScope(ctx.database.db, user);
	await requireTaskInScope(ctx.database.db, scope, event.params.id ?? '');
	return { user, ctx, scope };
}

/** A sign-up of this task: its id, or a failure to return (404 unknown, 403 out of scope). */
async function signupOfTask(
	ctx: ServerContext,
	scope: StaffScope,
	taskId: string,
	signupId: string
) {
	const access = await signupAccess(ctx.database.db, scope, signupId, taskId);
	if (access === 'forbidden') error(403, { message: 'Forbidden', code: 'forbidden' });
	return access === 'ok';
}

export const load: PageServerLoad = async (event) => {
	const { ctx } = await organizerOfTask(event);
	const { database } = ctx;
	const task = await database.db
		.selectFrom('tasks')
		.selectAll()
		.where('id', '=', event.params.id)
		.executeTakeFirst();
	if (!task) error(404, { message: 'Not found', code: 'notFound' });
	const signups = await database.db
		.selectFrom('task_signups')
		.innerJoin('volunteers', 'volunteers.id', 'task_signups.volunteer_id')
		.select([
			'task_signups.id',
			'task_signups.status',
			'task_signups.arrived_at',
			'task_signups.check_in_at',
			'task_signups.check_out_at',
			'task_signups.confirmed_minutes',
			'task_signups.no_show',
			'volunteers.name',
			'volunteers.phone',
			'volunteers.email'
		])
		.where('task_signups.task_id', '=', task.id)
		.orderBy('task_signups.arrival')
		.execute();
	return {
		task: { ...task, skills: JSON.parse(task.skills) as string[] },
		signups,
		// The link residents open: a shared task page renders its public fields on the server.
		link: `${event.url.origin}/volunteer/tasks/${task.id}`,
		// Times on the task's neighbourhood's clock.
		timeZone: await taskTimeZone(ctx, task.id)
	};
};

const signupOf = async (form: Promise<FormData>) => String((await form).get('signupId') ?? '');

export const actions: Actions = {
	update: async (event) => {
		const { user, ctx } = await organizerOfTask(event);
		const form = await event.request.formData();
		const { input, errors } = taskFromForm(form);
		if (!input) return fail(400, { errors });
		await withChanges(ctx.database, (trx, changes, now) =>
			updateTask(trx, changes, event.params.id, input, now)
		);
		await audit(ctx.database.db, user.id, 'task.update', { task: event.params.id });
		return { saved: true };
	},
	cancel: async (event) => {
		const { user, ctx } = await organizerOfTask(event);
		await withChanges(ctx.database, (trx, changes, now) =>
			cancelTask(trx, changes, event.params.id, now)
		);
		await audit(ctx.database.db, user.id, 'task.cancel', { task: event.params.id });
		return { cancelled: true };
	},
	confirm: async (event) => {
		const { user, ctx, scope } = await organizerOfTask(event);
		const form = await event.request.formData();
		const signupId = String(form.get('signupId') ?? '');
		const minutes = parseHours(String(form.get('hours') ?? ''));
		if (minutes === undefined) return fail(400, { signupId, error: 'hours' });
		if (!(await signupOfTask(ctx, scope, event.params.id, signupId)))
			return fail(404, { signupId, error: 'notFound' });
		try {
			await confirmHours(ctx.database, signupId, minutes, user.id);
		} catch (e) {
			if (e instanceof Rejection) return fail(400, { signupId, error: 'hours' });
			throw e;
		}
		await audit(ctx.database.db, user.id, 'hours.confirm', { signup: signupId, minutes });
		return { confirmed: signupId };
	},
	confirmAll: async (event) => {
		const { user, ctx } = await organizerOfTask(event);
		const count = await confirmAllRecorded(ctx.database, event.params.id, user.id);
		await audit(ctx.database.db, user.id, 'hours.confirmAll', { task: event.params.id, count });
		return { confirmedAll: count };
	},
	noShow: async (event) => {
		const { user, ctx, scope } = await organizerOfTask(event);
		const signupId = await signupOf(event.request.formData());
		if (!(await signupOfTask(ctx, scope, event.params.id, signupId)))
			return fail(404, { signupId, error: 'notFound' });
		try {
			await markNoShow(ctx.database, signupId, user.id);
		} catch (e) {
			if (e instanceof Rejection) return fail(404, { signupId, error: 'notFound' });
			throw e;
		}
		await audit(ctx.database.db, user.id, 'hours.noShow', { signup: signupId });
		return { noShow: signupId };
	}
};
