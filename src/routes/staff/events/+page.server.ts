import { serverContext } from '$lib/server/context';
import { requireRole } from '$lib/server/auth/guard';
import { staffScope } from '$lib/server/neighbourhoods/scope';
import { listStaffEvents } from '$lib/server/events/store';
import { scopeTimeZone } from '$lib/server/time-zone';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireRole(event, 'organize');
	const ctx = await serverContext();
	const scope = await staffScope(ctx.database.db, user);
	return {
		events: await listStaffEvents(ctx.database.db, scope),
		timeZone: await scopeTimeZone(ctx, scope)
	};
};
