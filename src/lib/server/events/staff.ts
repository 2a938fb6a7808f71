/** What the staff event pages share: the organizer's scope, refusals as HTTP errors. */
import { error, type RequestEvent } from '@sveltejs/kit';
import { requireRole } from '../auth/guard';
import { serverContext } from '../context';
import { staffScope } from '../neighbourhoods/scope';
import { neighbourhoodTimeZone } from '../time-zone';
import { eventAccess } from './store';

/** The signed-in organizer, refused (403) unless the event is of a neighbourhood they manage. */
export async function organizerOfEvent(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	const user = requireRole(event, 'organize');
	const ctx = await serverContext();
	const scope = await staffScope(ctx.database.db, user);
	const id = (event.params as { id?: string }).id ?? '';
	const access = /^[0-9a-f-]{36}$/.test(id)
		? await eventAccess(ctx.database.db, scope, id)
		: 'missing';
	if (access === 'missing') error(404, { message: 'Not found', code: 'notFound' });
	if (access === 'forbidden') error(403, { message: 'Forbidden', code: 'forbidden' });
	const row = await ctx.database.db
		.selectFrom('events')
		.innerJoin('neighbourhoods', 'neighbourhoods.id', 'events.neighbourhood_id')
		.select(['events.neighbourhood_id', 'neighbourhoods.time_zone'])
		.where('events.id', '=', id)
		.executeTakeFirstOrThrow();
	return {
		user,
		ctx,
		scope,
		id,
		neighbourhoodId: row.neighbourhood_id,
		timeZone: neighbourhoodTimeZone(ctx, row.time_zone)
	};
}
