/**
 * Taking in what changed on the server since the last cursor, page by page. Each page is stored
 * with its cursor in one transaction, so an interrupted pull resumes where it stopped.
 * A record with changes still on their way keeps the resident's version on screen; the server's
 * copy is kept beside it until those changes are settled.
 */
import { MAX_PULL_LIMIT, type PullResponse } from '$shared/sync';
import type { LinliDb } from '$lib/db/schema';
import { noteFlag } from '$lib/device-flags';
import { getMeta, setMeta } from './meta';
import type { Credentials, SyncTransport } from './transport';

export async function pullAll(
	db: LinliDb,
	transport: SyncTransport,
	credentials: Credentials,
	limit = MAX_PULL_LIMIT
): Promise<number> {
	let received = 0;
	for (let page = 0; page < 1000; page++) {
		const cursor = (await getMeta(db, 'cursor')) ?? 0;
		const response = await transport.pull(credentials, cursor, limit);
		await storePage(db, cursor, response);
		received += response.changes.length;
		if (!response.more) break;
	}
	return received;
}

export async function storePage(db: LinliDb, from: number, page: PullResponse, now = Date.now()) {
	await db.transaction('rw', db.records, db.syncMeta, async () => {
		// Another sync (a second tab, the service worker) stored this page first: nothing to do.
		if (((await getMeta(db, 'cursor')) ?? 0) !== from) return;
		for (const change of page.changes) {
			const id: [string, string] = [change.collection, change.id];
			const row = await db.records.get(id);
			if (change.deleted) {
				if (!row) continue;
				if (row.pending > 0) await db.records.put({ ...row, serverData: null, updatedAt: now });
				else await db.records.delete(id);
				continue;
			}
			if (row && row.pending > 0) {
				await db.records.put({ ...row, serverData: change.data, updatedAt: now });
				continue;
			}
			await db.records.put({
				collection: change.collection,
				id: change.id,
				data: change.data,
				serverData: change.data,
				state: row?.state === 'rejected' ? 'rejected' : 'confirmed',
				pending: 0,
				...(row?.rejection ? { rejection: row.rejection } : {}),
				updatedAt: now
			});
		}
		await setMeta(db, 'cursor', page.cursor);
	});
	// The home page loads its news card only on a phone that holds news (device-flags.ts; a
	// page's sync only: the service worker has no localStorage).
	if (page.changes.some((c) => c.collection === 'announcement' && !c.deleted)) noteFlag('news');
}
