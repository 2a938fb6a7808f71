import type { LayoutServerLoad } from './$types';

// Staff pages are online-only: they render on the server with the session's user.
export const load: LayoutServerLoad = ({ locals }) => ({ user: locals.user });
