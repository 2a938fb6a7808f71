/**
 * Retention: a withdrawn volunteer's personal data is purged after the configured number of days
 * (LINLI_RETENTION_DAYS, default 90). Runs at start and every six hours; each purge is logged with
 * a count and ids only. Housekeeping of expired sessions and answered pushes runs alongside.
 */
import { audit } from './audit';
import type { ServerContext } from './context';
import { flushDeleted, withChanges } from './sync/write';
import { purgeVolunteer } from './volunteers/purge';

export async function purgeExpired(ctx: ServerContext, now = Date.now()): Promise<number> {
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
	return {
		sessions: Number(sessions.numDeletedRows),
		linkCodes: Number(codes.numDeletedRows),
		answers: Number(answers.numDeletedRows)
	};
}

let timer: ReturnType<typeof setInterval> | undefined;

export function startRetention(ctx: ServerContext) {
	const run = () => {
		purgeExpired(ctx).catch((error: unknown) => console.error('retention purge failed', error));
		tidy(ctx).catch((error: unknown) => console.error('housekeeping failed', error));
	};
	run();
	clearInterval(timer);
	timer = setInterval(run, 6 * 3_600_000);
	timer.unref();
}
