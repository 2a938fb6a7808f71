import { staffOf } from '$lib/server/announcements/staff';
import { listContacts } from '$lib/server/announcements/store';
import type { PageServerLoad } from './$types';

/** The contacts directories of the staff member's neighbourhoods. */
export const load: PageServerLoad = async (event) => {
	const { ctx, scope, neighbourhoods } = await staffOf(event);
	return {
		neighbourhoods,
		contacts: await listContacts(ctx.database.db, scope.all ? undefined : scope.ids)
	};
};
