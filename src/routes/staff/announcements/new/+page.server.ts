import { fail, redirect } from '@sveltejs/kit';
import { audit } from '$lib/server/audit';
import { announcementFromForm } from '$lib/server/announcements/form';
import { chosenNeighbourhood, staffOf } from '$lib/server/announcements/staff';
import { publishAnnouncement } from '$lib/server/announcements/store';
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
		const { input, errors } = announcementFromForm(form, hood?.id ?? '');
		if (!hood) return fail(400, { errors: { ...errors, neighbourhood: 'neighbourhood' } });
		if (!input) return fail(400, { errors });
		const id = await publishAnnouncement(ctx.database, input, user.id);
		await audit(ctx.database.db, user.id, 'announcement.create', { announcement: id });
		redirect(303, `/staff/announcements/${id}?saved=1`);
	}
};
