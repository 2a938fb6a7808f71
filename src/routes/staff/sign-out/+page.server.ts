import { redirect } from '@sveltejs/kit';
import { serverContext } from '$lib/server/context';
import { destroySession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/staff');

export const actions: Actions = {
	// Ends the session on the server, not only in this browser.
	default: async ({ cookies }) => {
		await destroySession((await serverContext()).database.db, cookies.get(SESSION_COOKIE));
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/staff/sign-in?out=1');
	}
};
