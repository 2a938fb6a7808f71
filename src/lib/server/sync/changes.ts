import { sql, type CompiledQuery, type ControlledTransaction, type Transaction } from 'kysely';
import pg from 'pg';
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
		private readonly trx: Transaction<DB> | undefined,
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

	/**
	 * Writes the collected changes and commits `trx`. On PostgreSQL the last rows and the commit go
	 * in one round trip, so the change-log lock is released inside the database: every writer of
	 * the log waits for that lock, and when the commit was a round trip of its own, the lock was
	 * held for as long as this process took to notice the rows were written and send the commit
	 * (on a busy process, milliseconds: sign-ups queued on it, tests/bench/event-rate.ts).
	 */
	async flushAndCommit(
		trx: ControlledTransaction<DB>,
		/** A statement to run first, in the same round trip on PostgreSQL (its values written in). */
		before?: CompiledQuery
	) {
		if (this.dialect !== 'postgres') {
			if (before) await trx.executeQuery(before);
			await this.flush(trx);
			await trx.commit().execute();
			return;
		}
		const last = this.#takeLastChunk();
		if (last) await this.flush(trx);
		const statements = [
			...(before ? [inlineValues(before)] : []),
			...(last ? [upsertText(last, this.now)] : [])
		];
		// `begin` leaves the transaction object an empty transaction to commit as usual.
		if (statements.length) await sql.raw(`${statements.join('; ')}; commit; begin`).execute(trx);
		await trx.commit().execute();
	}

	/**
	 * PostgreSQL: every pending row as statements with their values written in (each takes the
	 * change-log lock), for a caller that sends them with its commit in one round trip; the
	 * pending rows are then cleared.
	 */
	takeStatements(): string[] {
		if (this.dialect !== 'postgres') throw new Error('takeStatements is for PostgreSQL');
		const rows = [...this.#pending.values()];
		this.#pending.clear();
		const statements: string[] = [];
		for (let i = 0; i < rows.length; i += CHUNK)
			statements.push(upsertText(rows.slice(i, i + CHUNK), this.now));
		return statements;
	}

	/** The pending rows the last chunk of a flush would write, taken out of the pending ones. */
	#takeLastChunk(): PendingChange[] | undefined {
		if (this.#pending.size === 0) return undefined;
		const rows = [...this.#pending.values()];
		const cut = Math.floor((rows.length - 1) / CHUNK) * CHUNK;
		this.#pending = new Map([...this.#pending].slice(0, cut));
		return rows.slice(cut);
	}

	/** Writes the collected changes (one row per record and audience, each on a new seq). */
	async flush(trx: Transaction<DB> | undefined = this.trx) {
		if (this.#pending.size === 0) return;
		if (!trx) throw new Error('no transaction to flush the change log in');
		const rows = [...this.#pending.values()];
		this.#pending.clear();
		for (let i = 0; i < rows.length; i += CHUNK) {
			const chunk = rows.slice(i, i + CHUNK);
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
 * A compiled statement with its values written in, quoted by the PostgreSQL client, for a round
 * trip of several statements (which cannot carry parameters). Kysely writes every value as a
 * parameter ($1, $2, …) and nothing else with a dollar sign.
 */
export function inlineValues(query: CompiledQuery): string {
	const used = new Set<number>();
	const text = query.sql.replace(/\$(\d+)/g, (_, n: string) => {
		const index = Number(n) - 1;
		if (!(index in query.parameters)) throw new Error(`no value for $${n}`);
		used.add(index);
		return literal(query.parameters[index]);
	});
	if (used.size !== query.parameters.length) throw new Error('a value was not used');
	return text;
}

function literal(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	if (typeof value === 'string') return pg.escapeLiteral(value);
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
		return String(value);
	}
	if (typeof value === 'bigint') return value.toString();
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	throw new Error(`cannot write a ${typeof value} into a statement`);
}

/** Rows written by one statement. */
const CHUNK = 300;

/**
 * The upsert of upsertLockingChangeLog as one text with its values written in, each quoted by the
 * PostgreSQL client: a statement with parameters cannot share a round trip with a commit.
 */
function upsertText(chunk: PendingChange[], at: number): string {
	const int = (n: number) => {
		if (!Number.isSafeInteger(n)) throw new Error(`not a whole number: ${n}`);
		return String(n);
	};
	const values = chunk
		.map(
			(r) =>
				`(${pg.escapeLiteral(r.collection)}::text, ${pg.escapeLiteral(r.recordId)}::text, ${pg.escapeLiteral(r.audience)}::text, ${int(r.deleted)}::int, ${int(at)}::bigint)`
		)
		.join(', ');
	return `insert into changes (collection, record_id, audience, deleted, at)
		select v.collection, v.record_id, v.audience, v.deleted, v.at
		from (select pg_advisory_xact_lock(${CHANGE_LOG_LOCK})) as change_log_lock,
			(values ${values}) as v (collection, record_id, audience, deleted, at)
		on conflict (collection, record_id, audience) do update
			set seq = default, deleted = excluded.deleted, at = excluded.at`;
}

/**
 * PostgreSQL: the change-log lock and the rows in one statement, so the lock is held for one
 * round trip (this statement) plus the commit, not two. The lock is a one-row subquery that the
 * join must read before it yields any row, and a row's seq (its identity default, or `default`
 * when it moves) is drawn only as that row is inserted: every seq of this transaction is handed
 * out while the lock is held. A row already in the log moves to a new seq.
 */
async function upsertLockingChangeLog(trx: Transaction<DB>, chunk: PendingChange[], at: number) {
	await sql.raw(upsertText(chunk, at)).execute(trx);
}
