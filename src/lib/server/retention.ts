/**
 * Retention: a withdrawn volunteer's personal data is purged after the configured number of days
 * (LINLI_RETENTION_DAYS, default 90). Runs every six hours; each purge is logged with a count
 * and ids only. Housekeeping of expired sessions, answered pushes, full rate-limit buckets and old
 * jobs runs alongside.
 *
 * With several server processes on one database, each of them schedules these runs, and the job
 * queue makes them one: every six-hour slot is one job per kind (enqueued with the slot as its
 * key, so the other processes' enqueues change nothing), and one process claims it. A run that
 * fails is tried again with backoff, by whichever process comes first.
 */
import { audit } from './audit';
import type { ServerContext } from './context';
import { enqueue, JobWorker, tidyJobs } from './jobs';
import { dropFullBuckets } from './rate-limit';
import { flushDeleted, withChanges } from './sync/write';
import { purgeVolunteer } from './volunteers/purge';
import { purgeEventSignups } from './events/retention';

export async function purgeExpired(ctx: ServerContext, now = Date.now()): Promise<number> {
	// Event sign-ups: 30 days after their event ends (issue 12).
	const signups = await purgeEventSignups(ctx.database, now);
	if (signups) await audit(ctx.database.db, 'system', 'retention.eventSignups', { signups });
	const cutoff = now - ctx.config.retentionDays * 86_400_000;
	const expired = await ctx.database.db
		.selectFrom('volunteers')
		.select('id')
		.where('status', '=', 'withdrawn')
		.where('withdrawn_at', '<', cutoff)
		.execute();
	if (expired.length === 0) return 0;
	await withChanges(
		ctx.database,
		async (trx, changes) => {
			for (const { id } of expired) await purgeVolunteer(trx, changes, id, now);
		},
		now
	);
	await flushDeleted(ctx.database);
	await audit(ctx.database.db, 'system', 'retention.purge', {
		volunteers: expired.length,
		days: ctx.config.retentionDays
	});
	return expired.length;
}

/**
 * Housekeeping: tables that would otherwise only grow. Expired sessions and link codes go, and
 * so do stored push answers a device has certainly received (see clients.acked_seq).
 */
export async function tidy(ctx: ServerContext, now = Date.now()) {
	const { db } = ctx.database;
	const sessions = await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
	const codes = await db.deleteFrom('link_codes').where('expires_at', '<', now).executeTakeFirst();
	const answers = await db
		.deleteFrom('mutation_results')
		.where(({ eb, selectFrom }) =>
			eb(
				'seq',
				'<=',
				selectFrom('clients')
					.select('acked_seq')
					.whereRef('clients.id', '=', 'mutation_results.client_id')
			)
		)
		.executeTakeFirst();
	const buckets = ctx.database.dialect === 'postgres' ? await dropFullBuckets(db, now) : 0;
	const jobs = await tidyJobs(ctx.database, now);
	return {
		sessions: Number(sessions.numDeletedRows),
		linkCodes: Number(codes.numDeletedRows),
		answers: Number(answers.numDeletedRows),
		buckets,
		jobs
	};
}

/** How often retention and housekeeping run. */
export const RETENTION_EVERY_MS = 6 * 3_600_000;
/** How often each process looks for a due run (a new slot, or a failed run's retry). */
const POLL_MS = 5 * 60_000;
export const RETENTION_JOB = 'retention.purge';
export const TIDY_JOB = 'housekeeping.tidy';

/** Enqueues this slot's runs; every process may call it, only one job per kind and slot exists. */
export async function scheduleRetention(ctx: ServerContext, now = Date.now()) {
	const slot = String(Math.floor(now / RETENTION_EVERY_MS));
	await enqueue(ctx.database, { kind: RETENTION_JOB, key: slot, payload: {}, maxAttempts: 3 }, now);
	await enqueue(ctx.database, { kind: TIDY_JOB, key: slot, payload: {}, maxAttempts: 3 }, now);
}

/** The worker that runs retention and housekeeping jobs (tests drain it by hand). */
export function retentionWorker(ctx: ServerContext): JobWorker {
	return new JobWorker(
		ctx.database,
		{
			[RETENTION_JOB]: async () => void (await purgeExpired(ctx)),
			[TIDY_JOB]: async () => void (await tidy(ctx))
		},
		{ leaseMs: 30 * 60_000 }
	);
}

let worker: JobWorker | undefined;

/** Schedules and runs retention and housekeeping: at start, then whenever a slot comes due. */
export function startRetention(ctx: ServerContext) {
	worker?.stop();
	worker = retentionWorker(ctx);
	worker.start(POLL_MS, () => scheduleRetention(ctx));
}
