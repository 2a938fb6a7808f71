/**
 * Many phones' pushes applied in one transaction, on PostgreSQL: for a push of one mutation whose
 * type has a batched form (MutationHandler.batch), such as an event sign-up when a whole estate
 * answers one announcement.
 *
 * Alone, a push costs about nine round trips to the database (begin, the device's lock, the
 * mutation's statements, the answers, the change log, commit), and each round trip costs both
 * processes a wake-up: at a few hundred pushes a second that, not the work itself, fills the CPU.
 * A batch costs two round trips whatever its size:
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
import pg from 'pg';
import type { Mutation, MutationResult, PushResponse } from '../../shared/sync';
import { ChangeRecorder } from './changes';
import { checkMutation } from './check';
import { Rejection, type Actor, type BatchItem, type MutationHandler } from './types';

/** Pushes in one batch at most. */
const MAX_BATCH = 64;
/** Batches in flight per process (each holds one connection). */
const RUNNING = 1;

interface Entry {
	handler: MutationHandler;
	actor: Actor;
	mutation: Mutation;
	now: number;
	settle(answer: PushResponse | undefined): void;
}

const batchers = new WeakMap<pg.Pool, Batcher>();

/** The batcher of this database's pool (one per pool: two pools are two server processes). */
export function batchOf(pool: pg.Pool): Batcher {
	let batcher = batchers.get(pool);
	if (!batcher) batchers.set(pool, (batcher = new Batcher(pool)));
	return batcher;
}

/** A string for a statement's text, quoted by the PostgreSQL client. */
export const quote = (value: string): string => pg.escapeLiteral(value);

/** A whole number for a statement's text. */
export function whole(value: number): string {
	if (!Number.isSafeInteger(value)) throw new Error(`not a whole number: ${value}`);
	return String(value);
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

	constructor(private readonly pool: pg.Pool) {}

	/** The push's answer, or undefined when it must be applied alone. */
	submit(
		handler: MutationHandler,
		actor: Actor,
		mutation: Mutation,
		now: number
	): Promise<PushResponse | undefined> {
		return new Promise((settle) => {
			this.#queue.push({ handler, actor, mutation, now, settle });
			this.#next();
		});
	}

	#next() {
		while (this.#running < RUNNING && this.#queue.length) {
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
		let client: pg.PoolClient | undefined;
		let broken: Error | undefined;
		try {
			client = await this.pool.connect();
			answers = await this.#apply(client, entries);
		} catch (error) {
			// Every push of the batch is applied alone instead, and meets its own error there.
			if (client) {
				await client.query('rollback').catch((e: Error) => {
					broken = e;
				});
			}
			answers = entries.map(() => undefined);
			this.stats.failed++;
			// Expected now and then (two phones' pushes racing to write one new record); anything
			// else is worth a look, and each push still gets its own answer from applying it alone.
			const code = (error as { code?: unknown } | null)?.code;
			if (code !== '23505' && code !== '40P01' && code !== '40001')
				console.error('[linli] a batch of pushes failed; applying them one by one:', error);
		} finally {
			client?.release(broken);
			for (const [i, entry] of entries.entries()) {
				if (answers[i]) this.stats.answered++;
				else this.stats.alone++;
				entry.settle(answers[i]);
			}
		}
	}

	async #apply(client: pg.PoolClient, entries: Entry[]): Promise<(PushResponse | undefined)[]> {
		const handler = entries[0]!.handler;
		const batch = handler.batch!;
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
		const lockDevices = `select c.id, c.last_seq, c.acked_seq
			from clients c join residents r on r.id = c.resident_id
			where c.id in (${devices.map(quote).join(', ')})
			order by c.resident_id, c.id
			for update`;
		const look = items.length ? batch.look(items) : [];
		const read = (await client.query(
			['begin', lockDevices, ...look].join(';\n')
		)) as unknown as pg.QueryResult[];
		const found = new Map(
			read[1]!.rows.map((r: { id: string; last_seq: number; acked_seq: number }) => [r.id, r])
		);
		// A plain next change is applied here; anything else goes back to be applied alone.
		const plain = entries.map((e) => found.get(e.actor.clientId)?.last_seq === e.mutation.seq - 1);
		const applied = items.filter((item) => plain[item.entry]);
		const statements: string[] = [];
		const latest = Math.max(...entries.map((e) => e.now));
		const changes = new ChangeRecorder(undefined, 'postgres', latest);
		const outcomes = applied.length
			? batch.decide(
					applied,
					read.slice(2).map((r) => r.rows),
					{ write: (s) => statements.push(s), changes }
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
			await client.query('rollback');
			return entries.map(() => undefined);
		}
		const answerRows = answered.map(({ entry, result }) => {
			const code = result.status === 'rejected' ? result.code : (result.outcome ?? null);
			const detail =
				result.status === 'rejected' && result.params ? JSON.stringify(result.params) : null;
			return `(${quote(entry.actor.clientId)}, ${whole(result.seq)}, ${quote(result.status)}, ${code === null ? 'null' : quote(code)}, ${detail === null ? 'null' : quote(detail)}, ${whole(entry.now)})`;
		});
		// As applyPush: everything before the sent seq was answered, so the device acknowledged it.
		const progress = answered.map(({ entry }) => {
			const device = found.get(entry.actor.clientId)!;
			const seq = entry.mutation.seq;
			const acked = Math.max(device.acked_seq, seq - 1);
			return `(${quote(entry.actor.clientId)}, ${whole(seq)}, ${whole(acked)}, ${whole(entry.now)}::bigint)`;
		});
		await client.query(
			[
				...statements,
				`insert into mutation_results (client_id, seq, status, code, detail, at) values ${answerRows.join(', ')}`,
				`update clients as c set last_seq = v.last_seq, acked_seq = v.acked_seq, last_seen_at = v.at
					from (values ${progress.join(', ')}) as v (id, last_seq, acked_seq, at)
					where c.id = v.id`,
				...changes.takeStatements(),
				'commit'
			].join(';\n')
		);
		this.stats.batches++;
		return entries.map((e, i) => {
			const result = results[i];
			return result ? { results: [result], lastSeq: e.mutation.seq, serverTime: e.now } : undefined;
		});
	}
}
