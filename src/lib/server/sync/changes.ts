import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/database';
import type { DialectName } from '../db/dialect';
import type { Audience } from './types';

const CHANGE_LOG_LOCK = 73_716_202; // PostgreSQL advisory lock key

/**
 * Serializes writers of the change log on PostgreSQL, so that change seqs become visible in the
 * order they were handed out: a reader that has seen seq 10 has seen every seq below it. (SQLite
 * has a single writer already.) Held until the transaction ends, so it is taken as late as
 * possible: when the transaction's changes are written, just before it commits.
 */
export async function lockChangeLog(trx: Transaction<DB>, dialect: DialectName) {
	if (dialect === 'postgres')
		await sql`select pg_advisory_xact_lock(${CHANGE_LOG_LOCK})`.execute(trx);
}

interface PendingChange {
	collection: string;
	recordId: string;
	audience: Audience;
	deleted: number;
}

/**
 * Collects the changes of one transaction and writes them in one go at its end (flush): the
 * change-log lock is then held for two statements, not for the whole transaction.
 */
export class ChangeRecorder {
	#pending = new Map<string, PendingChange>();

	constructor(
		private readonly trx: Transaction<DB>,
		readonly dialect: DialectName,
		private readonly now: number
	) {}

	/** The record changed for this audience (it will be sent to them on their next pull). */
	async changed(collection: string, recordId: string, audience: Audience) {
		this.#note(collection, recordId, audience, 0);
	}

	/** The record is gone for this audience (deleted, or no longer theirs to see). */
	async removed(collection: string, recordId: string, audience: Audience) {
		this.#note(collection, recordId, audience, 1);
	}

	#note(collection: string, recordId: string, audience: Audience, deleted: number) {
		const key = `${collection}\u0000${recordId}\u0000${audience}`;
		this.#pending.delete(key); // the last word counts, in the order things happened
		this.#pending.set(key, { collection, recordId, audience, deleted });
	}

	/** What is noted so far, to go back to when a mutation is rolled back to its savepoint. */
	snapshot(): unknown {
		return new Map(this.#pending);
	}

	restore(snapshot: unknown) {
		this.#pending = new Map(snapshot as Map<string, PendingChange>);
	}

	/** Writes the collected changes (one row per record and audience, each on a new seq). */
	async flush(trx: Transaction<DB> = this.trx) {
		if (this.#pending.size === 0) return;
		const rows = [...this.#pending.values()];
		this.#pending.clear();
		for (let i = 0; i < rows.length; i += 300) {
			const chunk = rows.slice(i, i + 300);
			if (this.dialect === 'postgres') {
				await upsertLockingChangeLog(trx, chunk, this.now);
				continue;
			}
			const values = chunk.map((r) => ({
				collection: r.collection,
				record_id: r.recordId,
				audience: r.audience,
				deleted: r.deleted,
				at: this.now
			}));
			// One row per (record, audience): moving it to a new seq keeps the log as short as the data.
			await trx
				.deleteFrom('changes')
				.where((eb) =>
					eb.or(
						chunk.map((r) =>
							eb.and([
								eb('collection', '=', r.collection),
								eb('record_id', '=', r.recordId),
								eb('audience', '=', r.audience)
							])
						)
					)
				)
				.execute();
			await trx.insertInto('changes').values(values).execute();
		}
	}
}

/**
 * PostgreSQL: the change-log lock and the rows in one statement, so the lock is held for one
 * round trip (this statement) plus the commit, not two. The lock is a one-row subquery that the
 * join must read before it yields any row, and a row's seq (its identity default, or `default`
 * when it moves) is drawn only as that row is inserted: every seq of this transaction is handed
 * out while the lock is held. A row already in the log moves to a new seq.
 */
async function upsertLockingChangeLog(trx: Transaction<DB>, chunk: PendingChange[], at: number) {
	const values = sql.join(
		chunk.map(
			(r) =>
				sql`(${r.collection}::text, ${r.recordId}::text, ${r.audience}::text, ${r.deleted}::int, ${at}::bigint)`
		)
	);
	await sql`
		insert into changes (collection, record_id, audience, deleted, at)
		select v.collection, v.record_id, v.audience, v.deleted, v.at
		from (select pg_advisory_xact_lock(${CHANGE_LOG_LOCK})) as change_log_lock,
			(values ${values}) as v (collection, record_id, audience, deleted, at)
		on conflict (collection, record_id, audience) do update
			set seq = default, deleted = excluded.deleted, at = excluded.at`.execute(trx);
}
