import { fail, redirect } from '@sveltejs/kit';
import { serverContext } from '$lib/server/context';
import { requireRole } from '$lib/server/auth/guard';
import { audit } from '$lib/server/audit';
import { withChanges } from '$lib/server/sync/write';
import { createTask } from '$lib/server/volunteers/tasks';
import { taskFromForm } from '$lib/server/volunteers/task-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireRole(event, 'organize');
	return {};
};

export const actions: Actions = {
	create: async (event) => {
		const user = requireRole(event, 'organize');
		const form = await event.request.formData();
		const { input, errors } = taskFromForm(form);
		if (!input) return fail(400, { errors });
		const ctx = await serverContext();
		const id = await withChanges(ctx.database, (trx, changes, now) =>
			createTask(trx, changes, input, user.id, now)
		);
		await audit(ctx.database.db, user.id, 'task.create', { task: id });
		redirect(303, `/staff/tasks/${id}?saved=1`);
	}
};
