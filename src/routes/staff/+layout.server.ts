import { serverContext } from '$lib/server/context';
import { staffScope } from '$lib/server/neighbourhoods/scope';
import { neighbourhoodTimeZone, scopeTimeZone } from '$lib/server/time-zone';
import type { LayoutServerLoad } from './$types';

// Staff pages are online-only: they render on the server with the session's user. Task times are
// written on the neighbourhood's clock (the one the staff member's neighbourhoods share; a task's
// own page uses its neighbourhood's), so the server and the browser render the same text.
export const load: LayoutServerLoad = async ({ locals }) => {
	const ctx = await serverContext();
	return {
		user: locals.user,
		timeZone: locals.user
			? await scopeTimeZone(ctx, await staffScope(ctx.database.db, locals.user))
			: neighbourhoodTimeZone(ctx)
	};
};
