import { error, fail, redirect } from '@sveltejs/kit';
import { serverContext } from '$lib/server/context';
import { requireRole } from '$lib/server/auth/guard';
import { audit } from '$lib/server/audit';
import { inScope, staffScope } from '$lib/server/neighbourhoods/scope';
import { listNeighbourhoods } from '$lib/server/neighbourhoods/store';
import { neighbourhoodTimeZone } from '$lib/server/time-zone';
import { createEvent, EventFormError } from '$lib/server/events/store';
import { eventFromForm } from '$lib/server/events/form';
import { Rejection } from '$lib/server/sync/types';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireRole(event, 'organize');
	const ctx = await serverContext();
	const scope = await staffScope(ctx.database.db, user);
	const hoods = await listNeighbourhoods(ctx.database.db, scope.all ? undefined : scope.ids);
	return {
		neighbourhoods: hoods.map((h) => ({ ...h, zone: neighbourhoodTimeZone(ctx, h.timeZone) }))
	};
};

export const actions: Actions = {
	create: async (event) => {
		const user = requireRole(event, 'organize');
		const ctx = await serverContext();
		const scope = await staffScope(ctx.database.db, user);
		const form = await event.request.formData();
		const hoodId = String(form.get('neighbourhood') ?? '');
		if (!inScope(scope, hoodId)) {
			if (hoodId) error(403, { message: 'Forbidden', code: 'forbidden' });
			return fail(400, { errors: { neighbourhoodId: 'required' } });
		}
		const hood = (await listNeighbourhoods(ctx.database.db, [hoodId]))[0];
		if (!hood) return fail(400, { errors: { neighbourhoodId: 'required' } });
		const input = eventFromForm(
			form,
			hood.id,
			neighbourhoodTimeZone(ctx, hood.timeZone),
			event.locals.prefs.lang
		);
		let id: string;
		try {
			id = await createEvent(ctx.database, scope, input, user.id);
		} catch (e) {
			if (e instanceof EventFormError) return fail(400, { errors: e.errors });
			if (e instanceof Rejection) error(403, { message: 'Forbidden', code: 'forbidden' });
			throw e;
		}
		await audit(ctx.database.db, user.id, 'event.create', { event: id });
		redirect(303, `/staff/events/${id}?saved=1`);
	}
};
