import { fail } from '@sveltejs/kit';
import { serverContext } from '$lib/server/context';
import { completePasswordReset } from '$lib/server/auth/tokens';
import { AccountError } from '$lib/server/auth/users';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request }) => {
		const form = await request.formData();
		const password = String(form.get('password') ?? '').slice(0, 200);
		if (password !== String(form.get('confirm') ?? '')) return fail(400, { error: 'mismatch' });
		try {
			await completePasswordReset(
				(await serverContext()).database.db,
				String(form.get('token') ?? ''),
				password
			);
		} catch (error) {
			if (error instanceof AccountError)
				return fail(400, { error: error.code === 'reset_invalid' ? 'invalid' : error.code });
			throw error;
		}
		return { done: true };
	}
};
