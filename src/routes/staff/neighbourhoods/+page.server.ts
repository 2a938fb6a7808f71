import { fail, redirect } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guard';
import { audit } from '$lib/server/audit';
import { serverContext } from '$lib/server/context';
import { neighbourhoodFromForm } from '$lib/server/neighbourhoods/form';
import { staffScope } from '$lib/server/neighbourhoods/scope';
import { createNeighbourhood, listNeighbourhoods } from '$lib/server/neighbourhoods/store';
import type { Actions, PageServerLoad } from './$types';

/** Admins see and create every neighbourhood; an organizer sees the ones they manage. */
export const load: PageServerLoad = async (event) => {
	const user = requireRole(event, 'organize');
	const { database } = await serverContext();
	const scope = await staffScope(database.db, user);
	return {
		neighbourhoods: await listNeighbourhoods(database.db, scope.all ? undefined : scope.ids),
		canCreate: user.roles.includes('admin')
	};
};

export const actions: Actions = {
	create: async (event) => {
		const admin = requireRole(event, 'admin');
		const { input, errors } = neighbourhoodFromForm(await event.request.formData());
		if (!input) return fail(400, { errors });
		const { database } = await serverContext();
		const id = await createNeighbourhood(database.db, input);
		await audit(database.db, admin.id, 'neighbourhood.create', { neighbourhood: id });
		redirect(303, `/staff/neighbourhoods/${id}?created=1`);
	}
};
