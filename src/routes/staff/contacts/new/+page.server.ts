import { fail, redirect } from '@sveltejs/kit';
import { audit } from '$lib/server/audit';
import { contactFromForm } from '$lib/server/announcements/form';
import { chosenNeighbourhood, staffOf } from '$lib/server/announcements/staff';
import { createContact } from '$lib/server/announcements/store';
import { withChanges } from '$lib/server/sync/write';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { neighbourhoods } = await staffOf(event);
	return { neighbourhoods };
};

export const actions: Actions = {
	create: async (event) => {
		const { user, ctx, scope, neighbourhoods } = await staffOf(event);
		const form = await event.request.formData();
		const hood = chosenNeighbourhood(
			scope,
			neighbourhoods,
			String(form.get('neighbourhood') ?? '')
		);
		const { input, errors } = contactFromForm(form, hood?.id ?? '');
		if (!hood) return fail(400, { errors: { ...errors, neighbourhood: 'neighbourhood' } });
		if (!input) return fail(400, { errors });
		const id = await withChanges(ctx.database, (trx, changes, now) =>
			createContact(trx, changes, input, user.id, now)
		);
		await audit(ctx.database.db, user.id, 'contact.create', { contact: id });
		redirect(303, '/staff/contacts?saved=1');
	}
};
