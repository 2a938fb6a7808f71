/**
 * Applying a device's mutations: in seq order, in one database transaction, each at most once.
 *
 * - A seq at or below the device's last one was handled before (the answer was lost on the way):
 *   it is not applied again; the stored result is returned.
 * - The next new seq must follow the last one exactly; a gap is refused (409) so nothing is
 *   applied out of order.
 * - Each mutation runs inside a savepoint: a rejection (bad payload, not allowed, a domain rule)
 *   undoes only that mutation, is recorded, and still advances the seq. The device shows it to the
 *   resident; nothing is silently dropped.
 * - Any other error aborts the whole batch (nothing applied); the device retries later.
 */
import type { ControlledTransaction, Insertable } from 'kysely';
import type { Mutation, MutationResult, PushResponse } from '../../shared/sync';
import type { Database } from '../db/connect';
import type { DB } from '../db/database';
import type { MutationResultsTable } from '../db/schema';
import { batchOf } from './batch';
import { ChangeRecorder } from './changes';
import { checkMutation } from './check';
import { NewerVersionError, Rejection, type Actor, type SyncRegistry } from './types';

/** One batch holding two mutations with the same seq: a broken client, refused whole. */
export class DuplicateSeqError extends Error {
	constructor(readonly seq: number) {
		super(`seq ${seq} appears twice in one push`);
	}
}

export class SeqGapError extends Error {
	constructor(readonly expected: number) {
		super(`expected seq ${expected}`);
	}
}

/** Whether a type of change may come only from a signed-in organizer or admin (not a resident). */
export function staffOnlyType(registry: SyncRegistry, type: string): boolean {
	const handler = registry.mutations.get(type);
	return handler !== undefined && !handler.allow.includes('resident');
}

export async function applyPush(
	database: Database,
	registry: SyncRegistry,
	actor: Actor,
	mutations: Mutation[],
	now = Date.now()
): Promise<PushResponse> {
	const batch = [...mutations].sort((a, b) => a.seq - b.seq);
	for (let i = 1; i < batch.length; i++) {
		if (batch[i]!.seq === batch[i - 1]!.seq) throw new DuplicateSeqError(batch[i]!.seq);
	}
	// A type this version neither knows nor retired comes from a newer app that a newer server
	// process (sharing this database during an upgrade) understands: no final answer from here.
	const unknown = batch.find(
		(m) => !registry.mutations.has(m.type) && !registry.retiredTypes.has(m.type)
	);
	if (unknown) throw new NewerVersionError('type', unknown.type);
	// A push of one mutation of a type that has a batched form joins the next batch: many phones'
	// pushes then share one transaction (and two round trips on PostgreSQL). A push the batch cannot answer as a plain
	// next change (a resend, a gap) or a batch that failed comes back here, to be applied alone.
	const only = batch.length === 1 ? registry.mutations.get(batch[0]!.type) : undefined;
	if (only?.batch) {
		const answered = await batchOf(database).submit(only, actor, batch[0]!, now);
		if (answered) return answered;
	}
	return applyAlone(database, registry, actor, batch, now);
}

async function applyAlone(
	database: Database,
	registry: SyncRegistry,
	actor: Actor,
	batch: Mutation[],
	now: number
): Promise<PushResponse> {
	const trx = await database.db.startTransaction().execute();
	try {
		const changes = new ChangeRecorder(trx, database.dialect, now);
		// One push per resident at a time: on PostgreSQL the device's row and its resident's are
		// locked (one statement), so a second push from any of the resident's phones waits here,
		// then sees the new last seq and what the first one wrote. Handlers read and then write the
		// resident's records; without this, two phones' pushes could interleave between the two.
		// (SQLite runs one transaction at a time anyway.)
		let deviceQuery = trx
			.selectFrom('clients')
			.innerJoin('residents', 'residents.id', 'clients.resident_id')
			.select(['clients.last_seq', 'clients.acked_seq'])
			.where('clients.id', '=', actor.clientId);
		if (database.dialect === 'postgres') deviceQuery = deviceQuery.forUpdate();
		const device = await deviceQuery.executeTakeFirstOrThrow();
		let last = device.last_seq;
		const results: MutationResult[] = [];
		const answers: Insertable<MutationResultsTable>[] = [];
		const afterCommit: (() => Promise<void>)[] = [];

		const repeated = batch.filter((m) => m.seq <= last).map((m) => m.seq);
		if (repeated.length) {
			const stored = await trx
				.selectFrom('mutation_results')
				.selectAll()
				.where('client_id', '=', actor.clientId)
				.where('seq', 'in', repeated)
				.execute();
			const bySeq = new Map(stored.map((r) => [r.seq, r]));
			for (const seq of repeated) {
				const row = bySeq.get(seq);
				results.push(
					row?.status === 'rejected'
						? {
								status: 'rejected',
								seq,
								code: row.code ?? 'rejected',
								...(row.detail ? { params: JSON.parse(row.detail) } : {})
							}
						: { status: 'applied', seq, ...(row?.code ? { outcome: row.code } : {}) }
				);
			}
		}

		for (const mutation of batch.filter((m) => m.seq > last)) {
			if (mutation.seq !== last + 1) {
				if (results.length === repeated.length && last === device.last_seq)
					throw new SeqGapError(last + 1);
				break; // apply what came in order; the device sends the rest again
			}
			const result = await applyOne(
				trx,
				database,
				registry,
				actor,
				changes,
				mutation,
				now,
				afterCommit,
				mutation === batch.at(-1)
			);
			results.push(result);
			answers.push({
				client_id: actor.clientId,
				seq: mutation.seq,
				status: result.status,
				code: result.status === 'rejected' ? result.code : (result.outcome ?? null),
				detail:
					result.status === 'rejected' && result.params ? JSON.stringify(result.params) : null,
				at: now
			});
			last = mutation.seq;
		}
		// A device sends from its oldest unanswered change: everything before it was answered.
		const progress = {
			last_seq: last,
			acked_seq: Math.max(device.acked_seq, Math.min((batch[0]?.seq ?? 1) - 1, last)),
			last_seen_at: now
		};
		const updateDevice = (db: Pick<typeof trx, 'updateTable'>) =>
			db.updateTable('clients').set(progress).where('id', '=', actor.clientId);
		// The answers and the device's progress in one statement (SQLite allows no data-changing
		// WITH: the answers go first), run in the round trip that writes the change log and commits.
		let progressed = updateDevice(trx).compile();
		if (answers.length && database.dialect === 'sqlite')
			await trx.insertInto('mutation_results').values(answers).execute();
		else if (answers.length)
			progressed = updateDevice(
				trx.with('answers', (db) => db.insertInto('mutation_results').values(answers))
			).compile();
		await changes.flushAndCommit(trx, progressed);
		for (const work of afterCommit) await work();
		return { results, lastSeq: last, serverTime: now };
	} catch (error) {
		await trx.rollback().execute();
		throw error;
	}
}

async function applyOne(
	trx: ControlledTransaction<DB>,
	database: Database,
	registry: SyncRegistry,
	actor: Actor,
	changes: ChangeRecorder,
	mutation: Mutation,
	now: number,
	afterCommit: (() => Promise<void>)[],
	lastOfBatch: boolean
): Promise<MutationResult> {
	const { seq } = mutation;
	const handler = registry.mutations.get(mutation.type);
	// Only a retired type gets here (applyPush refused unknown ones): a final refusal.
	if (!handler)
		return {
			status: 'rejected',
			seq,
			code: 'unknown_type',
			params: { type: mutation.type.slice(0, 64) }
		};
	const checked = checkMutation(handler, actor, mutation);
	if ('refused' in checked) return checked.refused;
	// A savepoint undoes a rejected mutation's writes; one that refuses before writing needs none
	// (on SQLite a savepoint costs nothing; on PostgreSQL a round trip).
	const savepoint =
		handler.rejectsBeforeWriting && database.dialect === 'postgres'
			? undefined
			: await trx.savepoint('mutation').execute();
	const pending: (() => Promise<void>)[] = [];
	const noted = changes.snapshot();
	try {
		const context = {
			trx: savepoint ?? trx,
			database,
			dialect: database.dialect,
			actor,
			now,
			changes,
			afterCommit: (work: () => Promise<void>) => pending.push(work)
		};
		const outcome = await handler.apply(context, checked.input);
		// The last one of a batch stays open: commit releases it, one round trip fewer.
		if (savepoint && !lastOfBatch) await savepoint.releaseSavepoint('mutation').execute();
		afterCommit.push(...pending);
		return { status: 'applied', seq, ...(outcome ? { outcome } : {}) };
	} catch (error) {
		if (savepoint) await savepoint.rollbackToSavepoint('mutation').execute();
		else if (!(error instanceof Rejection)) throw error;
		changes.restore(noted);
		if (error instanceof Rejection) {
			return {
				status: 'rejected',
				seq,
				code: error.code,
				...(error.params ? { params: error.params } : {})
			};
		}
		throw error;
	}
}
