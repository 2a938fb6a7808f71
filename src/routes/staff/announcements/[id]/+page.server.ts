import { error, fail } from '@sveltejs/kit';
import { audit } from '$lib/server/audit';
import { announcementFromForm } from '$lib/server/announcements/form';
import { requireRecordInScope, staffOf } from '$lib/server/announcements/staff';
import {
	getAnnouncement,
	pushIfUrgent,
	updateAnnouncement,
	withdrawAnnouncement
} from '$lib/server/announcements/store';
import { withChanges } from '$lib/server/sync/write';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, scope, neighbourhoods } = await staffOf(event);
	await requireRecordInScope(scope, 'announcements', event.params.id);
	const announcement = await getAnnouncement(ctx.database.db, event.params.id);
	if (!announcement) error(404, { message: 'Not found', code: 'notFound' });
	return {
		announcement,
		neighbourhood: neighbourhoods.find((h) => h.id === announcement.neighbourhoodId),
		saved: event.url.searchParams.has('saved')
	};
};

export const actions: Actions = {
	update: async (event) => {
		const { user, ctx, scope } = await staffOf(event);
		const id = event.params.id;
		const hood = await requireRecordInScope(scope, 'announcements', id);
		const { input, errors } = announcementFromForm(await event.request.formData(), hood);
		if (!input) return fail(400, { errors });
		const updated = await withChanges(ctx.database, (trx, changes, now) =>
			updateAnnouncement(trx, changes, id, input, now)
		);
		if (!updated) return fail(409, { errors: { form: 'withdrawn' } });
		await pushIfUrgent(ctx.database, id);
		await audit(ctx.database.db, user.id, 'announcement.update', { announcement: id });
		return { saved: true };
	},
	withdraw: async (event) => {
		const { user, ctx, scope } = await staffOf(event);
		const id = event.params.id;
		await requireRecordInScope(scope, 'announcements', id);
		await withChanges(ctx.database, (trx, changes, now) =>
			withdrawAnnouncement(trx, changes, id, now)
		);
		await audit(ctx.database.db, user.id, 'announcement.withdraw', { announcement: id });
		return { withdrawn: true };
	}
};
