import { error, fail, redirect } from '@sveltejs/kit';
import { audit } from '$lib/server/audit';
import { contactFromForm } from '$lib/server/announcements/form';
import { requireRecordInScope, staffOf } from '$lib/server/announcements/staff';
import { deleteContact, getContact, updateContact } from '$lib/server/announcements/store';
import { withChanges } from '$lib/server/sync/write';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, scope, neighbourhoods } = await staffOf(event);
	await requireRecordInScope(scope, 'contacts', event.params.id);
	const contact = await getContact(ctx.database.db, event.params.id);
	if (!contact) error(404, { message: 'Not found', code: 'notFound' });
	return { contact, neighbourhood: neighbourhoods.find((h) => h.id === contact.neighbourhoodId) };
};

export const actions: Actions = {
	update: async (event) => {
		const { user, ctx, scope } = await staffOf(event);
		const id = event.params.id;
		const hood = await requireRecordInScope(scope, 'contacts', id);
		const { input, errors } = contactFromForm(await event.request.formData(), hood);
		if (!input) return fail(400, { errors });
		await withChanges(ctx.database, (trx, changes, now) =>
			updateContact(trx, changes, id, input, now)
		);
		await audit(ctx.database.db, user.id, 'contact.update', { contact: id });
		return { saved: true };
	},
	delete: async (event) => {
		const { user, ctx, scope } = await staffOf(event);
		const id = event.params.id;
		await requireRecordInScope(scope, 'contacts', id);
		await withChanges(ctx.database, (trx, changes) => deleteContact(trx, changes, id));
		await audit(ctx.database.db, user.id, 'contact.delete', { contact: id });
		redirect(303, '/staff/contacts?deleted=1');
	}
};
