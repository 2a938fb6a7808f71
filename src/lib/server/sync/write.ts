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
	return database.db.transaction().execute(async (trx) => {
		const changes = new ChangeRecorder(trx, database.dialect, now);
		const result = await work(trx, changes, now);
		await changes.flush();
		return result;
	});
}

/** After deleting personal data from SQLite, move the WAL into the file (where secure_delete zeroes it). */
export async function flushDeleted(database: Database) {
	if (database.dialect !== 'sqlite') return;
	const { sql } = await import('kysely');
	await sql`pragma wal_checkpoint(TRUNCATE)`.execute(database.db);
}
