/**
 * Sign-ups' name, building and unit are kept until EVENT_RETENTION_DAYS after the event ends (the
 * privacy notice says so), then the sign-ups go: their residents' phones receive tombstones.
 * Called by the retention job (retention.ts), every six hours, from whichever process claims it.
 */
import { EVENT_RETENTION_DAYS } from '../../shared/events';
import type { Database } from '../db/connect';
import { residentAudience } from '../sync/types';
import { flushDeleted, withChanges } from '../sync/write';
import { EVENT_SIGNUP } from './store';

export async function purgeEventSignups(database: Database, now = Date.now()): Promise<number> {
	const cutoff = now - EVENT_RETENTION_DAYS * 86_400_000;
	const expired = await database.db
		.selectFrom('event_signups')
		.innerJoin('events', 'events.id', 'event_signups.event_id')
		.select(['event_signups.id', 'event_signups.resident_id'])
		.where('events.ends_at', '<', cutoff)
		.execute();
	if (!expired.length) return 0;
	await withChanges(
		database,
		async (trx, changes) => {
			for (let i = 0; i < expired.length; i += 500) {
				const chunk = expired.slice(i, i + 500);
				await trx
					.deleteFrom('event_signups')
					.where(
						'id',
						'in',
						chunk.map((s) => s.id)
					)
					.execute();
				for (const s of chunk)
					await changes.removed(EVENT_SIGNUP, s.id, residentAudience(s.resident_id));
			}
		},
		now
	);
	await flushDeleted(database);
	return expired.length;
}
