/**
 * Many phones' pushes applied in one transaction: for a push of one mutation whose type has a
 * batched form (MutationHandler.batch), such as an event sign-up when a whole estate answers one
 * announcement.
 *
 * Alone on PostgreSQL, a push costs about nine round trips to the database (begin, the device's
 * lock, the mutation's statements, the answers, the change log, commit), and each round trip costs
 * both processes a wake-up: at a few hundred pushes a second that, not the work itself, fills the
 * CPU. A batch costs two round trips whatever its size (on SQLite, one transaction and a dozen
 * statements instead of a dozen per push):
 *
 *   1. begin; the devices' rows locked (by resident, then device: a fixed order, so two batches
 *      never wait for each other in a circle); the type's own locks and reads (BatchHandler.look).
 *   2. the type's writes (BatchHandler.decide), the answers, the devices' progress, the change
 *      log, commit.
 *
 * What a batch answers is what the push alone would have answered (the same checks, the same
 * rule, the same stored answer for a resend). Anything it cannot answer as a plain next change (a
 * resend, a seq gap, a device that is gone) and every push of a batch that failed (a race lost,
 * a dropped connection) is handed back: applyPush then applies that push alone, after the batch's
 * transaction has ended, and it meets its own answer or error there. A batch holds at most one
 * push per resident and per device; the others wait for the next batch. Nothing is held in
 * memory beyond the pushes in flight: a process that stops fails their requests, and the phones
 * send them again.
 */
import { sql, type CompiledQuery, type ControlledTransaction } from 'kysely';
import type pg from 'pg';
import type { Mutation, MutationResult, PushResponse } from '../../shared/sync';
import type { Database } from '../db/connect';
import type { DB } from '../db/database';
import type { DialectName } from '../db/dialect';
import { ChangeRecorder, inlineValues } from './changes';
import { checkMutation } from './check';
import { Rejection, type Actor, type BatchItem, type MutationHandler } from './types';

/** Pushes in one batch at most. */
const MAX_BATCH = 64;
/**
 * Batches in flight per process on PostgreSQL (LINLI_PUSH_BATCHES, 1 by default: one at a time
 * makes the batches larger, which cost less per push; three alternating runs of the 500 req/s
 * benchmark gave a p99 of 146–175 ms with one against 164–187 ms with two). SQLite runs one
 * transaction at a time anyway.
 */
const RUNNING = Math.max(1, Number(process.env.LINLI_PUSH_BATCHES ?? 1) || 1);

interface Entry {
	handler: MutationHandler;
	actor: Actor;
	mutation: Mutation;
	now: number;
	settle(answer: PushResponse | undefined): void;
}

const batchers = new WeakMap<Database, Batcher>();

/** The batcher of this database (one per connection pool: two pools are two server processes). */
export function batchOf(database: Database): Batcher {
	let batcher = batchers.get(database);
	if (!batcher) batchers.set(database, (batcher = new Batcher(database)));
	return batcher;
}

/** What a process's batches did, for its operators and tests. */
export interface BatchStats {
	/** Batches committed, and the pushes they answered. */
	batches: number;
	answered: number;
	/** Pushes handed back to be applied alone (a resend, a gap, or a failed batch). */
	alone: number;
	/** Batches that failed and were rolled back (their pushes then went alone). */
	failed: number;
}

class Batcher {
	#queue: Entry[] = [];
	#running = 0;
	readonly stats: BatchStats = { batches: 0, answered: 0, alone: 0, failed: 0 };

	constructor(private readonly database: Database) {}

	/** The push's answer, or undefined when it must be applied alone. */
	submit(
		handler: MutationHandler,
		actor: Actor,
		mutation: Mutation,
		now: number
	): Promise<PushResponse | undefined> {
		return new Promise((settle) => {
			this.#queue.push({ handler, actor, mutation, now, settle });
			// PostgreSQL: pushes gather while the batch in flight waits for its round trips.
			if (this.database.pool) this.#next();
			else this.#soon();
		});
	}

	#scheduled = false;

	/**
	 * SQLite: starts the next batch once the requests that reached this process in the same turn
	 * of its event loop have joined the queue (setImmediate runs right after them). Its statements
	 * finish without giving way, so without this every batch held one push (at 500 sign-ups a
	 * second: p99 393–1,930 ms, against 32–80 ms with it). On PostgreSQL starting at once measured
	 * better (p50 44–77 ms against 61–95 ms, alternating runs).
	 */
	#soon() {
		if (this.#scheduled) return;
		this.#scheduled = true;
		setImmediate(() => {
			this.#scheduled = false;
			this.#next();
		});
	}

	#next() {
		// SQLite runs one transaction at a time anyway.
		const most = this.database.pool ? RUNNING : 1;
		while (this.#running < most && this.#queue.length) {
			const batch = this.#take();
			this.#running++;
			void this.#run(batch).finally(() => {
				this.#running--;
				this.#next();
			});
		}
	}

	/** The oldest pushes of one type, one per resident and per device, in arrival order. */
	#take(): Entry[] {
		const handler = this.#queue[0]!.handler;
		const residents = new Set<string>();
		const devices = new Set<string>();
		const batch: Entry[] = [];
		const rest: Entry[] = [];
		for (const entry of this.#queue) {
			const { residentId, clientId } = entry.actor;
			if (
				batch.length < MAX_BATCH &&
				entry.handler === handler &&
				!residents.has(residentId) &&
				!devices.has(clientId)
			) {
				residents.add(residentId);
				devices.add(clientId);
				batch.push(entry);
			} else rest.push(entry);
		}
		this.#queue = rest;
		return batch;
	}

	async #run(entries: Entry[]) {
		let answers: (PushResponse | undefined)[] = entries.map(() => undefined);
		let tx: BatchTransaction | undefined;
		try {
			tx = await this.#open();
			answers = await this.#apply(tx, entries);
		} catch (error) {
			// Every push of the batch is applied alone instead, and meets its own error there.
			await tx?.rollback();
			answers = entries.map(() => undefined);
			this.stats.failed++;
			// Expected now and then (two phones' pushes racing to write one new record); anything
			// else is worth a look, and each push still gets its own answer from applying it alone.
			const code = String((error as { code?: unknown } | null)?.code ?? '');
			const raced =
				['23505', '40P01', '40001'].includes(code) || code.startsWith('SQLITE_CONSTRAINT');
			if (!raced)
				console.error('[linli] a batch of pushes failed; applying them one by one:', error);
		} finally {
			tx?.release();
			for (const [i, entry] of entries.entries()) {
				if (answers[i]) this.stats.answered++;
				else this.stats.alone++;
				entry.settle(answers[i]);
			}
		}
	}

	async #open(): Promise<BatchTransaction> {
		const { database } = this;
		if (database.pool) return postgresTransaction(await database.pool.connect());
		return sqliteTransaction(await database.db.startTransaction().execute());
	}

	async #apply(tx: BatchTransaction, entries: Entry[]): Promise<(PushResponse | undefined)[]> {
		const handler = entries[0]!.handler;
		const batch = handler.batch!;
		const { dialect } = tx;
		const checked = entries.map((e) => checkMutation(e.handler, e.actor, e.mutation));
		const items: (BatchItem<unknown> & { entry: number })[] = [];
		checked.forEach((c, entry) => {
			if ('input' in c)
				items.push({
					actor: entries[entry]!.actor,
					input: c.input,
					now: entries[entry]!.now,
					entry
				});
		});
		const devices = [...new Set(entries.map((e) => e.actor.clientId))];
		const { db } = this.database;
		// The devices' rows, and their residents' (as applyPush locks them), in a fixed order. SQLite
		// has one writer: its transaction holds the whole database already.
		const lockDevices = (
			dialect === 'postgres'
				? sql`select c.id, c.last_seq, c.acked_seq
					from clients c join residents r on r.id = c.resident_id
					where c.id in (${sql.join(devices)})
					order by c.resident_id, c.id
					for update`
				: sql`select id, last_seq, acked_seq from clients where id in (${sql.join(devices)})`
		).compile(db);
		const look = items.length ? batch.look(items, db, dialect) : [];
		const read = await tx.read([lockDevices, ...look]);
		const found = new Map(
			(read[0] as { id: string; last_seq: number; acked_seq: number }[]).map((r) => [r.id, r])
		);
		// A plain next change is applied here; anything else goes back to be applied alone.
		const plain = entries.map((e) => found.get(e.actor.clientId)?.last_seq === e.mutation.seq - 1);
		const applied = items.filter((item) => plain[item.entry]);
		const statements: CompiledQuery[] = [];
		const latest = Math.max(...entries.map((e) => e.now));
		const changes = tx.changes(latest);
		const outcomes = applied.length
			? batch.decide(
					applied,
					read.slice(1),
					{ write: (s) => statements.push(s), changes },
					db,
					dialect
				)
			: [];
		if (outcomes.length !== applied.length) throw new Error('a batch decided the wrong count');
		const results: (MutationResult | undefined)[] = entries.map((e, i) => {
			if (!plain[i]) return undefined;
			const c = checked[i]!;
			return 'refused' in c ? c.refused : undefined;
		});
		applied.forEach((item, k) => {
			const seq = entries[item.entry]!.mutation.seq;
			const outcome = outcomes[k]!;
			results[item.entry] =
				outcome instanceof Rejection
					? {
							status: 'rejected',
							seq,
							code: outcome.code,
							...(outcome.params ? { params: outcome.params } : {})
						}
					: { status: 'applied', seq, outcome };
		});
		const answered = entries.flatMap((e, i) => {
			const result = results[i];
			return result ? [{ entry: e, result }] : [];
		});
		if (!answered.length) {
			await tx.rollback();
			return entries.map(() => undefined);
		}
		const answerRows = answered.map(({ entry, result }) => {
			const code = result.status === 'rejected' ? result.code : (result.outcome ?? null);
			const detail =
				result.status === 'rejected' && result.params ? JSON.stringify(result.params) : null;
			return sql`(${entry.actor.clientId}, ${result.seq}, ${result.status}, ${code}, ${detail}, ${entry.now})`;
		});
		// As applyPush: everything before the sent seq was answered, so the device acknowledged it.
		const progress = answered.map(({ entry }) => {
			const device = found.get(entry.actor.clientId)!;
			const seq = entry.mutation.seq;
			const acked = Math.max(device.acked_seq, seq - 1);
			return sql`(${entry.actor.clientId}, ${seq}, ${acked}, ${entry.now})`;
		});
		await tx.commit([
			...statements,
			sql`insert into mutation_results (client_id, seq, status, code, detail, at) values ${sql.join(answerRows)}`.compile(
				db
			),
			sql`with v (id, last_seq, acked_seq, at) as (values ${sql.join(progress)})
				update clients set last_seq = v.last_seq, acked_seq = v.acked_seq, last_seen_at = v.at
				from v where clients.id = v.id`.compile(db)
		]);
		this.stats.batches++;
		return entries.map((e, i) => {
			const result = results[i];
			return result ? { results: [result], lastSeq: e.mutation.seq, serverTime: e.now } : undefined;
		});
	}
}

/**
 * A batch's transaction. On PostgreSQL: `read` is one round trip that begins it (each statement
 * there runs with a snapshot of its own, taken as it starts, after the locks before it are held),
 * `commit` one more with the change log and the commit. On SQLite (one writer, no round trips):
 * statement after statement in one transaction.
 */
interface BatchTransaction {
	dialect: DialectName;
	read(statements: CompiledQuery[]): Promise<Record<string, unknown>[][]>;
	/** The change recorder whose rows `commit` writes. */
	changes(now: number): ChangeRecorder;
	commit(statements: CompiledQuery[]): Promise<void>;
	rollback(): Promise<void>;
	release(): void;
}

function postgresTransaction(client: pg.PoolClient): BatchTransaction {
	let changes: ChangeRecorder | undefined;
	let broken: Error | undefined;
	return {
		dialect: 'postgres',
		async read(statements) {
			const results = (await client.query(
				['begin', ...statements.map(inlineValues)].join(';\n')
			)) as unknown as pg.QueryResult[];
			return results.slice(1).map((r) => r.rows);
		},
		changes: (now) => (changes = new ChangeRecorder(undefined, 'postgres', now)),
		async commit(statements) {
			await client.query(
				[...statements.map(inlineValues), ...(changes?.takeStatements() ?? []), 'commit'].join(
					';\n'
				)
			);
		},
		async rollback() {
			await client.query('rollback').catch((e: Error) => {
				broken = e;
			});
		},
		release: () => client.release(broken)
	};
}

function sqliteTransaction(trx: ControlledTransaction<DB>): BatchTransaction {
	let changes: ChangeRecorder | undefined;
	let open = true;
	return {
		dialect: 'sqlite',
		async read(statements) {
			const rows: Record<string, unknown>[][] = [];
			for (const statement of statements)
				rows.push((await trx.executeQuery<Record<string, unknown>>(statement)).rows);
			return rows;
		},
		changes: (now) => (changes = new ChangeRecorder(trx, 'sqlite', now)),
		async commit(statements) {
			for (const statement of statements) await trx.executeQuery(statement);
			if (changes) await changes.flushAndCommit(trx);
			else await trx.commit().execute();
			open = false;
		},
		async rollback() {
			if (open) await trx.rollback().execute();
			open = false;
		},
		release: () => {}
	};
}
