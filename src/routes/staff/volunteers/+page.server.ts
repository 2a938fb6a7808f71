import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { serverContext } from '$lib/server/context';
import { requireRole } from '$lib/server/auth/guard';
import { audit } from '$lib/server/audit';
import { roster, RosterQuery, rosterQueryFrom } from '$lib/server/volunteers/roster';
import { setVerified } from '$lib/server/volunteers/organizer';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'organize');
	const parsed = v.safeParse(RosterQuery, rosterQueryFrom(event.url.searchParams));
	if (!parsed.success) error(400, { message: 'Bad filter', code: 'invalid' });
	const { database } = await serverContext();
	return { roster: await roster(database.db, parsed.output), query: parsed.output };
};

export const actions: Actions = {
	verify: async (event) => {
		const user = requireRole(event, 'organize');
		const form = await event.request.formData();
		const volunteerId = String(form.get('volunteerId') ?? '');
		const verified = form.get('verified') === 'true';
		const ctx = await serverContext();
		try {
			await setVerified(ctx.database, volunteerId, verified, user.id);
		} catch {
			return fail(404, { volunteerId });
		}
		await audit(ctx.database.db, user.id, verified ? 'volunteer.verify' : 'volunteer.unverify', {
			volunteer: volunteerId
		});
		return { volunteerId };
	}
};
