/**
 * Sending the outbox: oldest first, in batches, and taking in the server's answer for each
 * mutation in one transaction (outbox entry gone, record confirmed or rejected, issue noted).
 * Until the answer is stored, the entries stay: a lost answer means sending them again, which
 * the server recognises and answers the same way.
 *
 * A batch is cut by count (MAX_PUSH_BATCH) and by size: its request body stays within
 * MAX_PUSH_BYTES (100 edits of a long Chinese profile come to more than that). A server that
 * still answers 413 (a smaller limit of its own) gets halves. A single change too large ever to
 * send is set aside: the resident sees it as refused (`too_large`), and a `sync.noop` keeps its
 * place in the sequence, so the changes after it go out; it is never retried for ever.
 */
import {
	MAX_PUSH_BATCH,
	MAX_PUSH_BYTES,
	SYNC_SCHEMA_VERSION,
	type Mutation,
	type MutationResult,
	type PushResponse
} from '$shared/sync';
import type { LinliDb, OutboxEntry } from '$lib/db/schema';
import { TransportError, type Credentials, type SyncTransport } from './transport';

/** Room for the request around the mutations: `{"schemaVersion":1,"mutations":[…]}`. */
const ENVELOPE_BYTES = 64;
const encoder = new TextEncoder();

const mutationOf = ({ seq, type, payload, createdAt }: OutboxEntry): Mutation => ({
	seq,
	type,
	payload,
	createdAt
});

/** Bytes a mutation takes in the request body (UTF-8 JSON, with its comma). */
export function mutationBytes(entry: OutboxEntry): number {
	return encoder.encode(JSON.stringify(mutationOf(entry))).byteLength + 1;
}

/** The longest run of entries, oldest first, whose request fits in maxBytes. */
export function fitBatch(entries: OutboxEntry[], maxBytes: number): OutboxEntry[] {
	const batch: OutboxEntry[] = [];
	let bytes = ENVELOPE_BYTES;
	for (const entry of entries) {
		bytes += mutationBytes(entry);
		if (bytes > maxBytes) break;
		batch.push(entry);
	}
	return batch;
}

export async function pushOutbox(
	db: LinliDb,
	transport: SyncTransport,
	credentials: Credentials,
	batchSize = MAX_PUSH_BATCH,
	maxBytes = MAX_PUSH_BYTES
): Promise<number> {
	let sent = 0;
	for (;;) {
		const waiting = await db.outbox.orderBy('seq').limit(batchSize).toArray();
		if (waiting.length === 0) return sent;
		const batch = fitBatch(waiting, maxBytes);
		if (batch.length === 0) {
			// The oldest change alone is over the limit: it can never be sent.
			await setAsideTooLarge(db, waiting[0]!, maxBytes);
			continue;
		}
		let response: PushResponse;
		try {
			response = await transport.push(credentials, {
				schemaVersion: SYNC_SCHEMA_VERSION,
				mutations: batch.map(mutationOf)
			});
		} catch (error) {
			if (!(error instanceof TransportError && error.status === 413)) throw error;
			// The server's limit is below ours: smaller batches, down to a single change.
			if (batch.length > 1) batchSize = Math.max(1, Math.floor(batch.length / 2));
			else await setAsideTooLarge(db, batch[0]!, maxBytes);
			continue;
		}
		const handled = await storeResults(db, batch, response);
		if (handled === 0) return sent; // nothing moved: try again later rather than loop
		sent += handled;
	}
}

/**
 * A change too large to send: refused on the device as the server would refuse it (the record
 * shows it, /sync lists it with code `too_large`), and its place in the sequence is taken by a
 * `sync.noop`, which the server applies like any other change. One transaction.
 */
export async function setAsideTooLarge(
	db: LinliDb,
	entry: OutboxEntry,
	maxBytes: number,
	now = Date.now()
) {
	const result: MutationResult = {
		status: 'rejected',
		seq: entry.seq,
		code: 'too_large',
		params: { max: Math.floor(maxBytes / 1024) }
	};
	await db.transaction('rw', db.outbox, db.records, db.syncIssues, async () => {
		if (!(await db.outbox.get(entry.seq))) return; // settled meanwhile (another tab)
		await db.outbox.put({
			seq: entry.seq,
			type: 'sync.noop',
			payload: {},
			createdAt: entry.createdAt
		});
		await db.syncIssues.add({
			seq: entry.seq,
			type: entry.type,
			...(entry.recordKey ? { recordKey: entry.recordKey } : {}),
			code: result.code,
			params: result.params!,
			payload: entry.payload,
			at: now,
			dismissed: 0
		});
		if (entry.recordKey) await settleRecord(db, entry, result, now);
	});
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
