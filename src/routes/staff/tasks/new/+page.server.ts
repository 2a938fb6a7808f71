import { error, fail, redirect } from '@sveltejs/kit';
import { serverContext } from '$lib/server/context';
import { requireRole } from '$lib/server/auth/guard';
import { audit } from '$lib/server/audit';
import { inScope, staffScope } from '$lib/server/neighbourhoods/scope';
import { listNeighbourhoods } from '$lib/server/neighbourhoods/store';
import { withChanges } from '$lib/server/sync/write';
import { createTask } from '$lib/server/volunteers/tasks';
import { taskFromForm } from '$lib/server/volunteers/task-form';
import type { Actions, PageServerLoad } from './$types';

/** The neighbourhoods the task may go to: the organizer's own (an admin's: all). */
export const load: PageServerLoad = async (event) => {
	const user = requireRole(event, 'organize');
	const { database } = await serverContext();
	const scope = await staffScope(database.db, user);
	return {
		neighbourhoods: await listNeighbourhoods(database.db, scope.all ? undefined : scope.ids)
	};
};

export const actions: Actions = {
	create: async (event) => {
		const user = requireRole(event, 'organize');
		const form = await event.request.formData();
		const ctx = await serverContext();
		const scope = await staffScope(ctx.database.db, user);
		const neighbourhoodId = String(form.get('neighbourhood') ?? '');
		const { input, errors } = taskFromForm(form);
		const choices = await listNeighbourhoods(ctx.database.db, scope.all ? undefined : scope.ids);
		// With one neighbourhood to choose from, there is nothing to choose (the form shows it
		// chosen; a request without the field means it too).
		const hood =
			choices.find((h) => h.id === neighbourhoodId) ??
			(!neighbourhoodId && choices.length === 1 ? choices[0] : undefined);
		if (!hood) {
			// Another neighbourhood's id is refused outright; none chosen is a form error.
			if (neighbourhoodId && !inScope(scope, neighbourhoodId))
				error(403, { message: 'Forbidden', code: 'forbidden' });
			return fail(400, { errors: { ...errors, neighbourhood: 'neighbourhood' } });
		}
		if (!input) return fail(400, { errors });
		const id = await withChanges(ctx.database, (trx, changes, now) =>
			createTask(trx, changes, input, user.id, now, hood.id)
		);
		await audit(ctx.database.db, user.id, 'task.create', { task: id });
		redirect(303, `/staff/tasks/${id}?saved=1`);
	}
};
