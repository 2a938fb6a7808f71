/**
 * Retention: a withdrawn volunteer's personal data is purged after the configured number of days
 * (LINLI_RETENTION_DAYS, default 90). Runs at start and every six hours; each purge is logged with
 * a count and ids only.
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

let timer: ReturnType<typeof setInterval> | undefined;

export function startRetention(ctx: ServerContext) {
	const run = () => {
		purgeExpired(ctx).catch((error: unknown) => console.error('retention purge failed', error));
	};
	run();
	clearInterval(timer);
	timer = setInterval(run, 6 * 3_600_000);
	timer.unref();
}
