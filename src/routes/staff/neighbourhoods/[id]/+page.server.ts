import { error, fail } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guard';
import { listUsers } from '$lib/server/auth/users';
import { audit } from '$lib/server/audit';
import { serverContext } from '$lib/server/context';
import { neighbourhoodFromForm } from '$lib/server/neighbourhoods/form';
import { inScope, staffScope } from '$lib/server/neighbourhoods/scope';
import {
	getNeighbourhood,
	organizersOf,
	rotateJoinCode,
	setOrganizers,
	updateNeighbourhood
} from '$lib/server/neighbourhoods/store';
import { neighbourhoodTimeZone } from '$lib/server/time-zone';
import type { Actions, PageServerLoad } from './$types';

/**
 * One neighbourhood: its join link and QR code (for the lobby poster) and a new code, for the
 * organizers who manage it and admins; its details and organizers, for admins.
 */
export const load: PageServerLoad = async (event) => {
	const user = requireRole(event, 'organize');
	const ctx = await serverContext();
	const scope = await staffScope(ctx.database.db, user);
	const hood = await getNeighbourhood(ctx.database.db, event.params.id);
	if (!hood) error(404, { message: 'Not found', code: 'notFound' });
	if (!inScope(scope, hood.id)) error(403, { message: 'Forbidden', code: 'forbidden' });
	const isAdmin = user.roles.includes('admin');
	return {
		hood,
		isAdmin,
		serverTimeZone: neighbourhoodTimeZone(ctx),
		organizers: await organizersOf(ctx.database.db, hood.id),
		// Only admins assign organizers: the organizer accounts, to choose from.
		candidates: isAdmin
			? (await listUsers(ctx.database.db))
					.filter((u) => u.roles.includes('organizer') && !u.disabled)
					.map((u) => ({ id: u.id, name: u.name, email: u.email }))
			: [],
		joinLink: `${event.url.origin}/n/${hood.joinCode}`
	};
};

export const actions: Actions = {
	update: async (event) => {
		const admin = requireRole(event, 'admin');
		const { input, errors } = neighbourhoodFromForm(await event.request.formData());
		if (!input) return fail(400, { action: 'update' as const, errors });
		const { database } = await serverContext();
		if (!(await updateNeighbourhood(database.db, event.params.id, input)))
			error(404, { message: 'Not found', code: 'notFound' });
		await audit(database.db, admin.id, 'neighbourhood.update', { neighbourhood: event.params.id });
		return { action: 'update' as const, saved: true };
	},
	organizers: async (event) => {
		const admin = requireRole(event, 'admin');
		const ids = (await event.request.formData()).getAll('organizer').map(String).slice(0, 500);
		const { database } = await serverContext();
		if (!(await getNeighbourhood(database.db, event.params.id)))
			error(404, { message: 'Not found', code: 'notFound' });
		await setOrganizers(database.db, event.params.id, ids);
		await audit(database.db, admin.id, 'neighbourhood.organizers', {
			neighbourhood: event.params.id,
			count: ids.length
		});
		return { action: 'organizers' as const, saved: true };
	},
	/** An organizer of the neighbourhood (or an admin) makes a new join code; the old one stops. */
	rotate: async (event) => {
		const user = requireRole(event, 'organize');
		const { database } = await serverContext();
		const scope = await staffScope(database.db, user);
		if (!(await getNeighbourhood(database.db, event.params.id)))
			error(404, { message: 'Not found', code: 'notFound' });
		if (!inScope(scope, event.params.id)) error(403, { message: 'Forbidden', code: 'forbidden' });
		await rotateJoinCode(database.db, event.params.id);
		await audit(database.db, user.id, 'neighbourhood.rotateCode', {
			neighbourhood: event.params.id
		});
		return { action: 'rotate' as const, rotated: true };
	}
};
