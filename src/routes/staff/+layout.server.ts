import { serverContext } from '$lib/server/context';
import { neighbourhoodTimeZone } from '$lib/server/time-zone';
import type { LayoutServerLoad } from './$types';

// Staff pages are online-only: they render on the server with the session's user. Task times are
// written on the neighbourhood's clock, so the server and the browser render the same text.
export const load: LayoutServerLoad = async ({ locals }) => ({
	user: locals.user,
	timeZone: neighbourhoodTimeZone(await serverContext())
});
