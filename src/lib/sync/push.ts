/**
 * Sending the outbox: oldest first, in batches, and taking in the server's answer for each
 * mutation in one transaction (outbox entry gone, record confirmed or rejected, issue noted).
 * Until the answer is stored, the entries stay: a lost answer means sending them again, which
 * the server recognises and answers the same way.
 */
import {
	MAX_PUSH_BATCH,
	SYNC_SCHEMA_VERSION,
	type MutationResult,
	type PushResponse
} from '$shared/sync';
import type { LinliDb, OutboxEntry } from '$lib/db/schema';
import type { Credentials, SyncTransport } from './transport';

export async function pushOutbox(
	db: LinliDb,
	transport: SyncTransport,
	credentials: Credentials,
	batchSize = MAX_PUSH_BATCH
): Promise<number> {
	let sent = 0;
	for (;;) {
		const batch = await db.outbox.orderBy('seq').limit(batchSize).toArray();
		if (batch.length === 0) return sent;
		const response = await transport.push(credentials, {
			schemaVersion: SYNC_SCHEMA_VERSION,
			mutations: batch.map(({ seq, type, payload, createdAt }) => ({
				seq,
				type,
				payload,
				createdAt
			}))
		});
		const handled = await storeResults(db, batch, response);
		if (handled === 0) return sent; // nothing moved: try again later rather than loop
		sent += handled;
	}
}

/** Applies the server's answers; returns how many outbox entries they settled. */
export async function storeResults(
	db: LinliDb,
	batch: OutboxEntry[],
	response: PushResponse,
	now = Date.now()
) {
	const bySeq = new Map(batch.map((entry) => [entry.seq, entry]));
	return db.transaction('rw', db.outbox, db.records, db.syncIssues, async () => {
		let handled = 0;
		for (const result of response.results) {
			const entry = bySeq.get(result.seq);
			if (!entry || !(await db.outbox.get(entry.seq))) continue;
			await db.outbox.delete(entry.seq);
			handled++;
			if (result.status === 'rejected') {
				await db.syncIssues.add({
					seq: entry.seq,
					type: entry.type,
					...(entry.recordKey ? { recordKey: entry.recordKey } : {}),
					code: result.code,
					...(result.params ? { params: result.params } : {}),
					payload: entry.payload,
					at: now,
					dismissed: 0
				});
			}
			if (entry.recordKey) await settleRecord(db, entry, result, now);
		}
		return handled;
	});
}

async function settleRecord(db: LinliDb, entry: OutboxEntry, result: MutationResult, now: number) {
	const key = entry.recordKey!;
	const slash = key.indexOf('/');
	const id: [string, string] = [key.slice(0, slash), key.slice(slash + 1)];
	const row = await db.records.get(id);
	if (!row) return;
	const pending = Math.max(0, row.pending - 1);
	if (result.status === 'rejected') {
		// In a chain of changes sent together, the first refusal explains the ones after it (a
		// check-out refused because the check-in before it was): keep that one.
		const rejection =
			row.state === 'rejected' && row.rejection
				? row.rejection
				: {
						seq: result.seq,
						type: entry.type,
						code: result.code,
						...(result.params ? { params: result.params } : {})
					};
		if (pending === 0) {
			// Nothing newer is on its way: show what the server holds (the refused change is kept in
			// syncIssues for the resident to see and redo). A record the server never had goes.
			if (row.serverData === undefined || row.serverData === null) {
				await db.records.delete(id);
				return;
			}
			// The record is now exactly the server's copy, so it is in step ('confirmed') and stays
			// usable: a refused check-in must not take the check-in button away. The refusal stays
			// beside it as a note until the resident dismisses it or a later change goes through.
			await db.records.put({
				...row,
				data: row.serverData,
				pending,
				state: 'confirmed',
				rejection,
				updatedAt: now
			});
			return;
		}
		await db.records.put({ ...row, pending, state: 'rejected', rejection, updatedAt: now });
		return;
	}
	if (pending === 0) {
		if (row.data === null) {
			await db.records.delete(id); // a removal the server confirmed
			return;
		}
		// The last change went through: whatever was refused before is superseded.
		const { rejection: _superseded, ...rest } = row;
		await db.records.put({ ...rest, pending, state: 'confirmed', updatedAt: now });
		return;
	}
	await db.records.put({ ...row, pending, updatedAt: now });
}
