/**
 * Local-first writes. A change is saved on the device at once, in ONE transaction with the outbox
 * entry that will carry it to the server: either both are stored or neither is, whatever happens
 * to the app, the phone or the network afterwards.
 */
import type { LinliDb, OutboxEntry, SyncedRecord } from '$lib/db/schema';
import { getMeta, setMeta } from './meta';

export interface LocalChange {
	collection: string;
	id: string;
	/** The record as the resident should now see it; null removes it from the device. */
	data: unknown;
	mutation: { type: string; payload: unknown };
}

export const recordKey = (collection: string, id: string) => `${collection}/${id}`;

/** Saves several changes (one transaction, bulk writes) and queues their mutations in order. */
export async function commitLocalChanges(
	db: LinliDb,
	changes: LocalChange[],
	now = Date.now()
): Promise<number[]> {
	if (changes.length === 0) return [];
	return db.transaction('rw', db.records, db.outbox, db.syncMeta, async () => {
		const first = (await getMeta(db, 'nextSeq')) ?? 1;
		const existing = await db.records.bulkGet(
			changes.map((c) => [c.collection, c.id] as [string, string])
		);
		const rows = new Map<string, SyncedRecord>();
		const entries: OutboxEntry[] = [];
		changes.forEach((change, i) => {
			const key = recordKey(change.collection, change.id);
			const previous = rows.get(key) ?? existing[i];
			const seq = first + i;
			entries.push({
				seq,
				type: change.mutation.type,
				payload: change.mutation.payload,
				createdAt: now,
				recordKey: key
			});
			const row: SyncedRecord = {
				collection: change.collection,
				id: change.id,
				data: change.data,
				...(previous && 'serverData' in previous ? { serverData: previous.serverData } : {}),
				state: 'pending',
				pending: (previous?.pending ?? 0) + 1,
				updatedAt: now
			};
			rows.set(key, row);
		});
		// A record removed locally stays as a row with data null until the server confirms: the
		// resident can still see that the removal is on its way.
		await db.records.bulkPut([...rows.values()]);
		await db.outbox.bulkAdd(entries);
		await setMeta(db, 'nextSeq', first + changes.length);
		return entries.map((e) => e.seq);
	});
}

export async function commitLocalChange(
	db: LinliDb,
	change: LocalChange,
	now = Date.now()
): Promise<number> {
	const [seq] = await commitLocalChanges(db, [change], now);
	return seq!;
}

/** A mutation that changes no record on this device (e.g. a request to the organizers). */
export async function queueMutation(
	db: LinliDb,
	mutation: { type: string; payload: unknown },
	key?: string,
	now = Date.now()
) {
	return db.transaction('rw', db.outbox, db.syncMeta, async () => {
		const seq = (await getMeta(db, 'nextSeq')) ?? 1;
		await db.outbox.add({
			seq,
			type: mutation.type,
			payload: mutation.payload,
			createdAt: now,
			...(key ? { recordKey: key } : {})
		});
		await setMeta(db, 'nextSeq', seq + 1);
		return seq;
	});
}
