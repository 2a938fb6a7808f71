import { fail, redirect } from '@sveltejs/kit';
import { serverContext } from '$lib/server/context';
import { createSession, SESSION_COOKIE, SESSION_DAYS } from '$lib/server/auth/sessions';
import { signIn } from '$lib/server/auth/sign-in';
import { safeNext } from '$lib/server/auth/guard';
import { addressKey } from '$lib/server/http/address';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return {};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const ctx = await serverContext();
		const form = await request.formData();
		const email = String(form.get('email') ?? '').slice(0, 254);
		const password = String(form.get('password') ?? '').slice(0, 200);
		if (!email || !password) return fail(400, { email, error: 'missing' as const });
		const allowed = await ctx.limits.signIns.take(addressKey(getClientAddress()));
		if (!allowed.ok) {
			return fail(429, {
				email,
				error: 'rateLimited' as const,
				minutes: Math.ceil(allowed.retryAfter / 60)
			});
		}
		const result = await signIn(ctx.database.db, email, password, Date.now(), ctx.config.signIn);
		if (!result.ok) {
			if (result.reason === 'invalid') return fail(400, { email, error: 'invalid' as const });
			return fail(429, {
				email,
				error: result.reason,
				seconds: result.retryAfterSeconds,
				minutes: Math.ceil(result.retryAfterSeconds / 60)
			});
		}
		const { token } = await createSession(ctx.database.db, result.userId);
		cookies.set(SESSION_COOKIE, token, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: SESSION_DAYS * 86_400
		});
		redirect(303, safeNext(url.searchParams.get('next')));
	}
};
