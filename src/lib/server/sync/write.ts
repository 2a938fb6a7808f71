import type { Transaction } from 'kysely';
import type { Database } from '../db/connect';
import type { DB } from '../db/database';
import { ChangeRecorder } from './changes';

/**
 * A server-side write outside a device's push (an organizer's action, the retention job): one
 * transaction, with a change recorder so devices hear of it on their next pull.
 */
export async function withChanges<T>(
	database: Database,
	work: (trx: Transaction<DB>, changes: ChangeRecorder, now: number) => Promise<T>,
	now = Date.now()
): Promise<T> {
	// Committed by the recorder, so the change-log lock is released as for a device's push.
	const trx = await database.db.startTransaction().execute();
	try {
		const changes = new ChangeRecorder(trx, database.dialect, now);
		const result = await work(trx, changes, now);
		await changes.flushAndCommit(trx);
		return result;
	} catch (error) {
		await trx.rollback().execute();
		throw error;
	}
}

/**
 * After deleting personal data from SQLite, move the WAL into the file (where secure_delete zeroes
 * it). A checkpoint that meets another connection's reader (the checkpoint worker's) stops short
 * and says so (busy): try again until every frame is in the file, or the file would keep the old
 * page, personal data included, until some later checkpoint.
 */
export async function flushDeleted(database: Database) {
	if (database.dialect !== 'sqlite') return;
	const { sql } = await import('kysely');
	for (let attempt = 0; attempt < 100; attempt++) {
		const result = await sql<{
			busy: number;
			log: number;
			checkpointed: number;
		}>`pragma wal_checkpoint(TRUNCATE)`.execute(database.db);
		const row = result.rows[0];
		if (!row || (row.busy === 0 && row.log === row.checkpointed)) return;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	console.warn('[linli] could not checkpoint the WAL after deleting personal data');
}
