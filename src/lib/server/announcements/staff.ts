/**
 * The staff pages' checks for announcements and contacts: who may write to which neighbourhood
 * (its organizers; admins all), with 401 for no session, 403 for another neighbourhood's record
 * or a role that does not organize, 404 for none.
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import { requireRole } from '../auth/guard';
import { serverContext } from '../context';
import { inScope, staffScope, type StaffScope } from '../neighbourhoods/scope';
import { listNeighbourhoods, type Neighbourhood } from '../neighbourhoods/store';
import { neighbourhoodOfRecord } from './store';

export async function staffOf(event: RequestEvent) {
	const user = requireRole(event, 'organize');
	const ctx = await serverContext();
	const scope = await staffScope(ctx.database.db, user);
	const neighbourhoods = await listNeighbourhoods(
		ctx.database.db,
		scope.all ? undefined : scope.ids
	);
	return { user, ctx, scope, neighbourhoods };
}

/**
 * The neighbourhood a new record goes to: one of the staff member's. With one to choose from,
 * none sent means it. Another neighbourhood's id is refused outright (403); none or an unknown
 * one is a form error (undefined).
 */
export function chosenNeighbourhood(
	scope: StaffScope,
	choices: Neighbourhood[],
	id: string
): Neighbourhood | undefined {
	const hood =
		choices.find((h) => h.id === id) ?? (!id && choices.length === 1 ? choices[0] : undefined);
	if (!hood && id && !scope.all && !inScope(scope, id))
		error(403, { message: 'Forbidden', code: 'forbidden' });
	return hood;
}

/** 404 for no such record, 403 for another neighbourhood's; else its neighbourhood's id. */
export async function requireRecordInScope(
	scope: StaffScope,
	table: 'announcements' | 'contacts',
	id: string
): Promise<string> {
	const { database } = await serverContext();
	const hood = await neighbourhoodOfRecord(database.db, table, id);
	if (hood === undefined) error(404, { message: 'Not found', code: 'notFound' });
	if (!inScope(scope, hood)) error(403, { message: 'Forbidden', code: 'forbidden' });
	return hood;
}
