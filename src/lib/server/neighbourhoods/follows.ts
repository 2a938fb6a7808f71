/**
 * Which neighbourhoods a device follows: server-side state of the device (not a resident record,
 * so linking a second phone is not refused with link_has_data).
 *
 * Joining: in one transaction under the change-log lock (so no write slips between the read and
 * the copies), every live row of the neighbourhood's log is copied to the device's own audience
 * "d:<clientId>" with new seqs. The device's next pulls, from its own cursor, deliver them: the
 * neighbourhood's current records up to the log's newest seq at the join, never its history. Later
 * changes reach it as "n:<id>" rows. A pull drops the copies its cursor has passed.
 * Leaving: the follow and any copies not yet pulled are gone; the phone drops what it held.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/connect';
import type { DB } from '../db/database';
import { lockChangeLog } from '../sync/changes';
import { deviceAudience, neighbourhoodAudience } from '../sync/types';
import { withChanges } from '../sync/write';

export interface Follow {
	neighbourhoodId: string;
	home: boolean;
	joinedAt: number;
}

export async function followsOf(db: Kysely<DB>, clientId: string): Promise<Follow[]> {
	const rows = await db
		.selectFrom('device_follows')
		.select(['neighbourhood_id', 'home', 'joined_at'])
		.where('client_id', '=', clientId)
		// In the order they were joined; two joined in the same millisecond: home (the first) first.
		.orderBy('joined_at')
		.orderBy('home', 'desc')
		.orderBy('neighbourhood_id')
		.execute();
	return rows.map((r) => ({
		neighbourhoodId: r.neighbourhood_id,
		home: r.home === 1,
		joinedAt: r.joined_at
	}));
}

/** Follows a neighbourhood (the first one followed becomes home). Returns false if already. */
export async function follow(
	database: Database,
	clientId: string,
	neighbourhoodId: string,
	now = Date.now()
): Promise<boolean> {
	return withChanges(
		database,
		async (trx, changes) => {
			await lockChangeLog(trx, database.dialect);
			const existing = await trx
				.selectFrom('device_follows')
				.select(['neighbourhood_id'])
				.where('client_id', '=', clientId)
				.execute();
			if (existing.some((f) => f.neighbourhood_id === neighbourhoodId)) return false;
			await trx
				.insertInto('device_follows')
				.values({
					client_id: clientId,
					neighbourhood_id: neighbourhoodId,
					home: existing.length === 0 ? 1 : 0,
					joined_at: now
				})
				.execute();
			const current = await trx
				.selectFrom('changes')
				.select(['collection', 'record_id'])
				.where('audience', '=', neighbourhoodAudience(neighbourhoodId))
				.where('deleted', '=', 0)
				.orderBy('seq')
				.execute();
			for (const row of current)
				await changes.changed(row.collection, row.record_id, deviceAudience(clientId));
			return true;
		},
		now
	);
}

/** Stops following; the copies not yet pulled go too. Returns false if it was not followed. */
export async function unfollow(database: Database, clientId: string, neighbourhoodId: string) {
	return database.db.transaction().execute(async (trx) => {
		const removed = await trx
			.deleteFrom('device_follows')
			.where('client_id', '=', clientId)
			.where('neighbourhood_id', '=', neighbourhoodId)
			.executeTakeFirst();
		if (Number(removed.numDeletedRows) === 0) return false;
		await trx
			.deleteFrom('changes')
			.where('audience', '=', deviceAudience(clientId))
			.where((eb) =>
				eb(
					'record_id',
					'in',
					eb
						.selectFrom('changes as n')
						.select('n.record_id')
						.where('n.audience', '=', neighbourhoodAudience(neighbourhoodId))
				)
			)
			.execute();
		// Home moves to the oldest neighbourhood still followed.
		const home = await trx
			.selectFrom('device_follows')
			.select(['neighbourhood_id', 'home'])
			.where('client_id', '=', clientId)
			.orderBy('joined_at')
			.orderBy('neighbourhood_id')
			.execute();
		if (home.length && !home.some((f) => f.home === 1))
			await trx
				.updateTable('device_follows')
				.set({ home: 1 })
				.where('client_id', '=', clientId)
				.where('neighbourhood_id', '=', home[0]!.neighbourhood_id)
				.execute();
		return true;
	});
}

/** Marks one followed neighbourhood as home. Returns false if the device does not follow it. */
export async function setHome(db: Kysely<DB>, clientId: string, neighbourhoodId: string) {
	return db.transaction().execute(async (trx) => {
		const found = await trx
			.selectFrom('device_follows')
			.select('neighbourhood_id')
			.where('client_id', '=', clientId)
			.where('neighbourhood_id', '=', neighbourhoodId)
			.executeTakeFirst();
		if (!found) return false;
		await trx
			.updateTable('device_follows')
			.set((eb) => ({
				home: eb.case().when('neighbourhood_id', '=', neighbourhoodId).then(1).else(0).end()
			}))
			.where('client_id', '=', clientId)
			.execute();
		return true;
	});
}

/** The audiences a device pulls: its neighbourhoods' and its own catch-up copies. */
export async function deviceAudiences(db: Kysely<DB>, clientId: string) {
	const follows = await followsOf(db, clientId);
	return [
		...follows.map((f) => neighbourhoodAudience(f.neighbourhoodId)),
		deviceAudience(clientId)
	];
}
