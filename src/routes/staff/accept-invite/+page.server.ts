import { fail, redirect } from '@sveltejs/kit';
import { serverContext } from '$lib/server/context';
import { acceptInvite } from '$lib/server/auth/tokens';
import { AccountError } from '$lib/server/auth/users';
import { createSession, SESSION_COOKIE, SESSION_DAYS } from '$lib/server/auth/sessions';
import { enforce } from '$lib/server/http/limits';
import { addressKey } from '$lib/server/http/address';
import { HttpError } from '$lib/server/http/errors';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const ctx = await serverContext();
		const form = await request.formData();
		const token = String(form.get('token') ?? '');
		const email = String(form.get('email') ?? '').slice(0, 254);
		const name = String(form.get('name') ?? '').slice(0, 100);
		try {
			// Guessing invitation tokens is as rate-limited as guessing passwords.
			await enforce(ctx.limits.signIns, addressKey(getClientAddress()));
		} catch (error) {
			if (error instanceof HttpError) return fail(429, { email, name, error: 'invalid' });
			throw error;
		}
		const password = String(form.get('password') ?? '').slice(0, 200);
		if (password !== String(form.get('confirm') ?? ''))
			return fail(400, { email, name, error: 'mismatch' });
		let userId: string;
		try {
			userId = await acceptInvite(ctx.database.db, token, { email, name, password });
		} catch (error) {
			if (error instanceof AccountError) {
				const code =
					error.code === 'invite_invalid'
						? 'invalid'
						: error.code === 'invite_email'
							? 'wrongEmail'
							: error.code;
				return fail(400, { email, name, error: code });
			}
			throw error;
		}
		const session = await createSession(ctx.database.db, userId);
		cookies.set(SESSION_COOKIE, session.token, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: SESSION_DAYS * 86_400
		});
		redirect(303, '/staff');
	}
};
