import { fail, redirect } from '@sveltejs/kit';
import { serverContext } from '$lib/server/context';
import { requireRole } from '$lib/server/auth/guard';
import { audit } from '$lib/server/audit';
import { withChanges } from '$lib/server/sync/write';
import { createTask } from '$lib/server/volunteers/tasks';
import { taskFromForm } from '$lib/server/volunteers/task-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'organize');
	const { database } = await serverContext();
	const tasks = await database.db
		.selectFrom('tasks')
		.select(['id', 'title', 'place', 'starts_at', 'ends_at', 'slots', 'status'])
		.orderBy('starts_at', 'desc')
		.limit(200)
		.execute();
	const counts = await database.db
		.selectFrom('task_signups')
		.select(['task_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
		.where('status', '!=', 'cancelled')
		.groupBy(['task_id', 'status'])
		.execute();
	return {
		tasks: tasks.map((t) => ({
			...t,
			confirmed: Number(counts.find((c) => c.task_id === t.id && c.status === 'confirmed')?.n ?? 0),
			waitlisted: Number(
				counts.find((c) => c.task_id === t.id && c.status === 'waitlisted')?.n ?? 0
			)
		}))
	};
};

export const actions: Actions = {
	create: async (event) => {
		const user = requireRole(event, 'organize');
		const form = await event.request.formData();
		const { input, errors } = taskFromForm(form);
		if (!input)
			return fail(400, { errors, values: Object.fromEntries(form) as Record<string, string> });
		const ctx = await serverContext();
		const id = await withChanges(ctx.database, (trx, changes, now) =>
			createTask(trx, changes, input, user.id, now)
		);
		await audit(ctx.database.db, user.id, 'task.create', { task: id });
		redirect(303, `/staff/tasks/${id}?saved=1`);
	}
};
