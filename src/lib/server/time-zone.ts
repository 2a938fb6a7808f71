/**
 * Which time zone a task's times are read and written in: its neighbourhood's own zone when it has
 * one (migration 0007), else the server's setting (LINLI_TIME_ZONE).
 */
import type { Kysely } from 'kysely';
import type { ServerContext } from './context';
import type { DB } from './db/database';
import type { StaffScope } from './neighbourhoods/scope';
import { listNeighbourhoods } from './neighbourhoods/store';

export function neighbourhoodTimeZone(
	ctx: Pick<ServerContext, 'config'>,
	zone?: string | null
): string {
	return zone || ctx.config.timeZone;
}

/** The zone of the neighbourhood a task belongs to (the server's when it has none). */
export async function taskTimeZone(
	ctx: Pick<ServerContext, 'config'> & { database: { db: Kysely<DB> } },
	taskId: string
): Promise<string> {
	const row = await ctx.database.db
		.selectFrom('tasks')
		.leftJoin('neighbourhoods', 'neighbourhoods.id', 'tasks.neighbourhood_id')
		.select('neighbourhoods.time_zone')
		.where('tasks.id', '=', taskId)
		.executeTakeFirst();
	return neighbourhoodTimeZone(ctx, row?.time_zone);
}

/** The zone of a staff member's neighbourhoods when they share one, else the server's. */
export async function scopeTimeZone(
	ctx: Pick<ServerContext, 'config'> & { database: { db: Kysely<DB> } },
	scope: StaffScope
): Promise<string> {
	const hoods = await listNeighbourhoods(ctx.database.db, scope.all ? undefined : scope.ids);
	const zones = new Set(hoods.map((h) => neighbourhoodTimeZone(ctx, h.timeZone)));
	return zones.size === 1 ? [...zones][0]! : neighbourhoodTimeZone(ctx);
}
