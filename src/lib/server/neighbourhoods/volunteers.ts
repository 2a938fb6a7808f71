import type { Transaction } from 'kysely';
import type { DB } from '../db/database';
import { defaultNeighbourhoodId } from './store';

/**
 * Gives a newly registered volunteer the neighbourhoods the registering phone follows (the
 * default neighbourhood when it follows none), unless they already have some.
 */
export async function joinFollowedNeighbourhoods(
	trx: Transaction<DB>,
	volunteerId: string,
	clientId: string
) {
	const existing = await trx
		.selectFrom('volunteer_neighbourhoods')
		.select('neighbourhood_id')
		.where('volunteer_id', '=', volunteerId)
		.executeTakeFirst();
	if (existing) return;
	let ids = (
		await trx
			.selectFrom('device_follows')
			.select('neighbourhood_id')
			.where('client_id', '=', clientId)
			.execute()
	).map((r) => r.neighbourhood_id);
	if (ids.length === 0) {
		const fallback = await defaultNeighbourhoodId(trx);
		ids = fallback ? [fallback] : [];
	}
	if (ids.length === 0) return;
	await trx
		.insertInto('volunteer_neighbourhoods')
		.values(ids.map((neighbourhood_id) => ({ volunteer_id: volunteerId, neighbourhood_id })))
		.execute();
}

/**
 * The neighbourhoods a volunteer chose in their form: exactly these (those that exist). Returns
 * false, changing nothing, when none of them exists (the caller then keeps the default rule).
 */
export async function setVolunteerNeighbourhoods(
	trx: Transaction<DB>,
	volunteerId: string,
	chosen: readonly string[]
): Promise<boolean> {
	const unique = [...new Set(chosen)];
	if (unique.length === 0) return false;
	const ids = (
		await trx.selectFrom('neighbourhoods').select('id').where('id', 'in', unique).execute()
	).map((r) => r.id);
	if (ids.length === 0) return false;
	await trx
		.deleteFrom('volunteer_neighbourhoods')
		.where('volunteer_id', '=', volunteerId)
		.execute();
	await trx
		.insertInto('volunteer_neighbourhoods')
		.values(ids.map((neighbourhood_id) => ({ volunteer_id: volunteerId, neighbourhood_id })))
		.execute();
	return true;
}

/** Each volunteer's neighbourhoods (for the volunteer's own record on their phones). */
export async function neighbourhoodsOfVolunteers(
	trx: Transaction<DB>,
	volunteerIds: readonly string[]
): Promise<Map<string, string[]>> {
	const found = new Map<string, string[]>();
	if (volunteerIds.length === 0) return found;
	const rows = await trx
		.selectFrom('volunteer_neighbourhoods')
		.select(['volunteer_id', 'neighbourhood_id'])
		.where('volunteer_id', 'in', volunteerIds)
		.orderBy('neighbourhood_id')
		.execute();
	for (const row of rows) {
		const list = found.get(row.volunteer_id) ?? [];
		list.push(row.neighbourhood_id);
		found.set(row.volunteer_id, list);
	}
	return found;
}
