import { staffOf } from '$lib/server/announcements/staff';
import { listAnnouncements } from '$lib/server/announcements/store';
import type { PageServerLoad } from './$types';

/** The announcements of the staff member's neighbourhoods, newest first. */
export const load: PageServerLoad = async (event) => {
	const { ctx, scope, neighbourhoods } = await staffOf(event);
	return {
		neighbourhoods,
		announcements: await listAnnouncements(ctx.database.db, scope.all ? undefined : scope.ids)
	};
};
