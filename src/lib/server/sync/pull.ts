/**
 * What a device has not seen yet: change-log rows after its cursor, for everyone ("*") or for its
 * resident ("r:<id>"), each with the record as that audience may see it, or as a tombstone.
 * Another resident's records never match the filter, so they never reach this device; nor do the
 * records of a neighbourhood it does not follow ("n:<id>", see neighbourhoods/follows.ts). A page
 * holding a collection this version does not know is refused whole (NewerVersionError).
 */
import type { PullResponse } from '../../shared/sync';
import { MAX_PULL_LIMIT } from '../../shared/sync';
import type { Database } from '../db/connect';
import { deviceAudiences } from '../neighbourhoods/follows';
import {
	deviceAudience,
	NewerVersionError,
	residentAudience,
	type Audience,
	type SyncRegistry
} from './types';

export async function pullChanges(
	database: Database,
	registry: SyncRegistry,
	residentId: string,
	cursor: number,
	limit = MAX_PULL_LIMIT,
	now = Date.now(),
	/** The pulling device: adds the neighbourhoods it follows and its catch-up copies. */
	clientId?: string
): Promise<PullResponse> {
	const audiences: Audience[] = ['*', residentAudience(residentId)];
	if (clientId) {
		// The device holds everything up to its cursor: the catch-up copies it has passed can go.
		await database.db
			.deleteFrom('changes')
			.where('audience', '=', deviceAudience(clientId))
			.where('seq', '<=', cursor)
			.execute();
		audiences.push(...(await deviceAudiences(database.db, clientId)));
	}
	const size = Math.max(1, Math.min(limit, MAX_PULL_LIMIT));
	let transaction = database.db.transaction();
	// One snapshot for the log and the records it points to.
	if (database.dialect === 'postgres')
		transaction = transaction.setIsolationLevel('repeatable read');
	return transaction.execute(async (trx) => {
		const rows = await trx
			.selectFrom('changes')
			.select(['seq', 'collection', 'record_id', 'audience', 'deleted'])
			.where('audience', 'in', audiences)
			.where('seq', '>', cursor)
			.orderBy('seq')
			.limit(size + 1)
			.execute();
		const more = rows.length > size;
		const page = rows.slice(0, size);

		// A collection this version neither knows nor retired was written by a newer version
		// sharing the database: a tombstone would make the phone delete a record that exists.
		const unknown = page.find(
			(row) =>
				!registry.collections.has(row.collection) &&
				!registry.retiredCollections.has(row.collection)
		);
		if (unknown) throw new NewerVersionError('collection', unknown.collection);

		const wanted = new Map<string, { collection: string; audience: Audience; ids: string[] }>();
		for (const row of page) {
			if (row.deleted || !registry.collections.has(row.collection)) continue;
			const key = `${row.collection} ${row.audience}`;
			const group = wanted.get(key) ?? {
				collection: row.collection,
				audience: row.audience as Audience,
				ids: []
			};
			group.ids.push(row.record_id);
			wanted.set(key, group);
		}
		const data = new Map<string, unknown>();
		for (const [key, group] of wanted) {
			const found = await registry.collections
				.get(group.collection)!
				.read(trx, group.ids, group.audience);
			for (const [id, record] of found) data.set(`${key} ${id}`, record);
		}

		return {
			changes: page.map((row) => {
				const record = data.get(`${row.collection} ${row.audience} ${row.record_id}`);
				return record === undefined
					? { seq: row.seq, collection: row.collection, id: row.record_id, deleted: true as const }
					: { seq: row.seq, collection: row.collection, id: row.record_id, data: record };
			}),
			cursor: page.at(-1)?.seq ?? cursor,
			more,
			serverTime: now
		};
	});
}
