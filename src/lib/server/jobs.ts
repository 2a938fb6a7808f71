/**
 * A job queue in the database: work that must not run inside a request, nor twice, nor be lost
 * when a process stops (housekeeping now; push notifications next).
 *
 * - enqueue: a job of a kind with a JSON payload. With a `key`, the same kind and key are one job
 *   ("sent once"): enqueueing it again, from any process, changes nothing.
 * - claim: a worker takes due jobs and holds each under a lease. On PostgreSQL the candidates are
 *   picked with `FOR UPDATE SKIP LOCKED`, so processes claiming at the same moment take different
 *   jobs and never wait for one another; on SQLite the single writer does the same.
 * - complete / fail: only the worker holding the lease can settle a job. A failure is retried
 *   after an exponential backoff until `maxAttempts`, then the job stays `failed` (kept for
 *   reading). A worker that died mid-job loses its lease when it expires, and another worker
 *   takes the job again: a job runs at least once and, short of such a crash, exactly once. A
 *   handler whose effect leaves the building (a Web Push) should make a repeat harmless (a topic).
 * - JobWorker runs jobs of some kinds with at most `concurrency` at a time in this process.
 *
 * Call settle functions with the job as claimed; never update `jobs` rows elsewhere.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Database } from './db/connect';
import type { JobsTable } from './db/platform-schema';

export interface JobSpec {
	kind: string;
	payload: unknown;
	/** Names the job within its kind: a second enqueue with the same key is dropped. */
	key?: string;
	/** Not before this time (default now). */
	runAt?: number;
	/** Default 5. */
	maxAttempts?: number;
}

export interface ClaimedJob<P = unknown> {
	id: number;
	kind: string;
	key: string | null;
	payload: P;
	/** This attempt's number, from 1. */
	attempts: number;
	maxAttempts: number;
	/** The worker that holds the lease. */
	worker: string;
}

export interface ClaimOptions {
	worker: string;
	/** How many jobs to take at most. */
	limit: number;
	/** How long the worker may hold a job before others may take it again (default 5 minutes). */
	leaseMs?: number;
	now?: number;
}

/** A worker's name: host, process, and a random part (two workers in one process differ). */
export function workerName(): string {
	return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** Backoff after the n-th failed attempt: 30 s × 2^(n−1), at most an hour. */
export function backoffMs(attempts: number, baseMs = 30_000, maxMs = 3_600_000): number {
	return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/** Adds a job; false when a job of this kind and key exists already. */
export async function enqueue(
	database: Database,
	spec: JobSpec,
	now = Date.now()
): Promise<boolean> {
	const result = await database.db
		.insertInto('jobs')
		.values({
			kind: spec.kind,
			dedupe_key: spec.key ?? null,
			payload: JSON.stringify(spec.payload ?? null),
			state: 'pending',
			attempts: 0,
			max_attempts: spec.maxAttempts ?? 5,
			run_at: spec.runAt ?? now,
			locked_until: null,
			locked_by: null,
			last_error: null,
			created_at: now,
			finished_at: null
		})
		.onConflict((oc) => oc.columns(['kind', 'dedupe_key']).doNothing())
		.executeTakeFirst();
	return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Takes up to `limit` due jobs of a kind: pending ones whose time has come, and running ones
 * whose worker's lease ran out (with attempts left). Oldest first.
 */
export async function claimJobs<P = unknown>(
	database: Database,
	kind: string,
	{ worker, limit, leaseMs = 5 * 60_000, now = Date.now() }: ClaimOptions
): Promise<ClaimedJob<P>[]> {
	if (limit < 1) return [];
	const rows = await database.db
		.updateTable('jobs')
		.set((eb) => ({
			state: 'running',
			attempts: eb('attempts', '+', 1),
			locked_until: now + leaseMs,
			locked_by: worker
		}))
		.where('id', 'in', (eb) => {
			let due = eb
				.selectFrom('jobs')
				.select('id')
				.where('kind', '=', kind)
				.where((w) =>
					w.or([
						w.and([w('state', '=', 'pending'), w('run_at', '<=', now)]),
						w.and([
							w('state', '=', 'running'),
							w('locked_until', '<', now),
							w('attempts', '<', w.ref('max_attempts'))
						])
					])
				)
				.orderBy('run_at')
				.orderBy('id')
				.limit(limit);
			// Claimers at the same moment skip each other's rows instead of queueing on them.
			if (database.dialect === 'postgres') due = due.forUpdate().skipLocked();
			return due;
		})
		.returningAll()
		.execute();
	return rows.sort((a, b) => a.run_at - b.run_at || a.id - b.id).map((row) => claimed(row, worker));
}

function claimed<P>(row: Selectable<JobsTable>, worker: string): ClaimedJob<P> {
	return {
		id: row.id,
		kind: row.kind,
		key: row.dedupe_key,
		payload: JSON.parse(row.payload) as P,
		attempts: row.attempts,
		maxAttempts: row.max_attempts,
		worker
	};
}

/** Marks a claimed job done; false if the lease was lost (another worker has it now). */
export async function completeJob(
	database: Database,
	job: ClaimedJob,
	now = Date.now()
): Promise<boolean> {
	const result = await database.db
		.updateTable('jobs')
		.set({ state: 'done', finished_at: now, locked_until: null, last_error: null })
		.where('id', '=', job.id)
		.where('state', '=', 'running')
		.where('locked_by', '=', job.worker)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/**
 * Records a failed attempt: the job waits `backoff(attempts)` and is tried again, or, with no
 * attempts left, stays `failed`. False if the lease was lost.
 */
export async function failJob(
	database: Database,
	job: ClaimedJob,
	error: unknown,
	now = Date.now(),
	backoff: (attempts: number) => number = backoffMs
): Promise<boolean> {
	const last = job.attempts >= job.maxAttempts;
	const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
	const result = await database.db
		.updateTable('jobs')
		.set({
			state: last ? 'failed' : 'pending',
			run_at: last ? now : now + backoff(job.attempts),
			finished_at: last ? now : null,
			locked_until: null,
			locked_by: null,
			last_error: message
		})
		.where('id', '=', job.id)
		.where('state', '=', 'running')
		.where('locked_by', '=', job.worker)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/**
 * Housekeeping of the queue itself: running jobs whose last lease ran out with no attempts left
 * become `failed`; finished jobs older than `keepMs` (default 30 days) go.
 */
export async function tidyJobs(database: Database, now = Date.now(), keepMs = 30 * 86_400_000) {
	const { db } = database;
	await db
		.updateTable('jobs')
		.set({ state: 'failed', finished_at: now, last_error: 'lease expired', locked_by: null })
		.where('state', '=', 'running')
		.where('locked_until', '<', now)
		.where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
		.execute();
	const removed = await db
		.deleteFrom('jobs')
		.where('state', 'in', ['done', 'failed'])
		.where('finished_at', '<', now - keepMs)
		.executeTakeFirst();
	return Number(removed.numDeletedRows);
}

export type JobHandler = (job: ClaimedJob) => Promise<void>;

export interface WorkerOptions {
	/** Jobs running at once in this process (default 1). */
	concurrency?: number;
	leaseMs?: number;
	backoff?: (attempts: number) => number;
	worker?: string;
}

/**
 * Runs jobs of the kinds it has handlers for: `drain(kind)` until none is due, `start(pollMs)`
 * to drain every kind now and then. A handler that throws fails its attempt (logged).
 */
export class JobWorker {
	readonly name: string;
	#timer: ReturnType<typeof setInterval> | undefined;
	#draining = new Map<string, Promise<number>>();

	constructor(
		private readonly database: Database,
		private readonly handlers: Record<string, JobHandler>,
		private readonly options: WorkerOptions = {}
	) {
		this.name = options.worker ?? workerName();
	}

	/** Runs due jobs of a kind, at most `concurrency` at once, until none is left; returns how many ran. */
	drain(kind: string): Promise<number> {
		// One drain per kind at a time in this process (a timer tick during a long run joins it).
		let running = this.#draining.get(kind);
		if (!running) {
			running = this.#drain(kind).finally(() => this.#draining.delete(kind));
			this.#draining.set(kind, running);
		}
		return running;
	}

	async #drain(kind: string): Promise<number> {
		const handler = this.handlers[kind];
		if (!handler) throw new Error(`no handler for jobs of kind ${kind}`);
		const concurrency = Math.max(1, this.options.concurrency ?? 1);
		const running = new Set<Promise<void>>();
		let ran = 0;
		for (;;) {
			const jobs = await claimJobs(this.database, kind, {
				worker: this.name,
				limit: concurrency - running.size,
				...(this.options.leaseMs ? { leaseMs: this.options.leaseMs } : {})
			});
			for (const job of jobs) {
				const run: Promise<void> = this.#run(handler, job).finally(() => running.delete(run));
				running.add(run);
				ran++;
			}
			if (running.size === 0) return ran;
			if (jobs.length === 0 || running.size >= concurrency) await Promise.race(running);
		}
	}

	async #run(handler: JobHandler, job: ClaimedJob) {
		try {
			await handler(job);
			await completeJob(this.database, job);
		} catch (error) {
			console.error(`job ${job.kind} #${job.id} failed (attempt ${job.attempts})`, error);
			await failJob(this.database, job, error, Date.now(), this.options.backoff).catch(
				(settle: unknown) => console.error('could not record the failure', settle)
			);
		}
	}

	/** Drains every kind now and every `pollMs`; `beforeEach` runs first (e.g. enqueue a schedule). */
	start(pollMs: number, beforeEach?: () => Promise<void>) {
		const tick = async () => {
			try {
				await beforeEach?.();
				for (const kind of Object.keys(this.handlers)) await this.drain(kind);
			} catch (error) {
				console.error('job worker', error);
			}
		};
		void tick();
		clearInterval(this.#timer);
		this.#timer = setInterval(() => void tick(), pollMs);
		this.#timer.unref();
	}

	stop() {
		clearInterval(this.#timer);
		this.#timer = undefined;
	}
}
