import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/database';
import type { DialectName } from '../db/dialect';
import type { Audience } from './types';

const CHANGE_LOG_LOCK = 73_716_202; // PostgreSQL advisory lock key

/**
 * Serializes writers of the change log on PostgreSQL, so that change seqs become visible in the
 * order they were handed out: a reader that has seen seq 10 has seen every seq below it. (SQLite
 * has a single writer already.) Held until the transaction ends.
 */
export async function lockChangeLog(trx: Transaction<DB>, dialect: DialectName) {
	if (dialect === 'postgres')
		await sql`select pg_advisory_xact_lock(${CHANGE_LOG_LOCK})`.execute(trx);
}

/** Records changes within one transaction; takes the change-log lock once. */
export class ChangeRecorder {
	#locked = false;

	constructor(
		private readonly trx: Transaction<DB>,
		private readonly dialect: DialectName,
		private readonly now: number
	) {}

	async #lock() {
		if (this.#locked) return;
		await lockChangeLog(this.trx, this.dialect);
		this.#locked = true;
	}

	/** Marks the lock as already held (push takes it first thing). */
	held() {
		this.#locked = true;
	}

	/** The record changed for this audience (it will be sent to them on their next pull). */
	async changed(collection: string, recordId: string, audience: Audience) {
		await this.#write(collection, recordId, audience, 0);
	}

	/** The record is gone for this audience (deleted, or no longer theirs to see). */
	async removed(collection: string, recordId: string, audience: Audience) {
		await this.#write(collection, recordId, audience, 1);
	}

	async #write(collection: string, recordId: string, audience: Audience, deleted: number) {
		await this.#lock();
		// One row per (record, audience): moving it to a new seq keeps the log as short as the data.
		await this.trx
			.deleteFrom('changes')
			.where('collection', '=', collection)
			.where('record_id', '=', recordId)
			.where('audience', '=', audience)
			.execute();
		await this.trx
			.insertInto('changes')
			.values({ collection, record_id: recordId, audience, deleted, at: this.now })
			.execute();
	}
}
