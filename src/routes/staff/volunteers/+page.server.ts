import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { serverContext } from '$lib/server/context';
import { requireRole } from '$lib/server/auth/guard';
import { staffScope, volunteerInScope } from '$lib/server/neighbourhoods/scope';
import { audit } from '$lib/server/audit';
import { roster, RosterQuery, rosterQueryFrom } from '$lib/server/volunteers/roster';
import { setVerified } from '$lib/server/volunteers/organizer';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireRole(event, 'organize');
	const parsed = v.safeParse(RosterQuery, rosterQueryFrom(event.url.searchParams));
	if (!parsed.success) error(400, { message: 'Bad filter', code: 'invalid' });
	const { database } = await serverContext();
	const scope = await staffScope(database.db, user);
	return { roster: await roster(database.db, parsed.output, scope), query: parsed.output };
};

export const actions: Actions = {
	verify: async (event) => {
		const user = requireRole(event, 'organize');
		const form = await event.request.formData();
		const volunteerId = String(form.get('volunteerId') ?? '');
		const verified = form.get('verified') === 'true';
		const ctx = await serverContext();
		// Only volunteers of the organizer's neighbourhoods (or signed up to their tasks).
		const scope = await staffScope(ctx.database.db, user);
		if (!(await volunteerInScope(ctx.database.db, scope, volunteerId))) {
			const exists = await ctx.database.db
				.selectFrom('volunteers')
				.select('id')
				.where('id', '=', volunteerId)
				.executeTakeFirst();
			if (exists) error(403, { message: 'Forbidden', code: 'forbidden' });
			return fail(404, { volunteerId });
		}
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
