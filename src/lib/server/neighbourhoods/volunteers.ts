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
