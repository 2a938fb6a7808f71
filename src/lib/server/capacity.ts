/**
 * The server's half of the capacity rule (lib/domain/capacity.ts): a total, stable arrival order.
 * Task sign-ups use it now, event roles next. Call nextArrival inside the transaction that inserts
 * the place, after taking the lock of the thing being filled (lockTask): arrival numbers then
 * follow the order in which sign-ups got the lock, and no two are equal, even in one millisecond.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Place, PlaceStatus } from '../domain/capacity';
import type { DB } from './db/database';
import type { DialectName } from './db/dialect';

/** The next arrival number: PostgreSQL's sequence `arrival_seq`, SQLite's `counters` row. */
export async function nextArrival(trx: Kysely<DB>, dialect: DialectName): Promise<number> {
	if (dialect === 'postgres') {
		const { rows } = await sql<{ n: number }>`select nextval('arrival_seq') as n`.execute(trx);
		return Number(rows[0]!.n);
	}
	const row = await trx
		.updateTable('counters')
		.set((eb) => ({ value: eb('value', '+', 1) }))
		.where('name', '=', 'arrival')
		.returning('value')
		.executeTakeFirstOrThrow();
	return row.value;
}

/**
 * The next arrival number as a value for the insert that stores the place: on PostgreSQL the
 * sequence is read by the insert itself (no round trip of its own while the lock is held), on
 * SQLite the counter row is bumped first.
 */
export async function arrivalValue(
	trx: Kysely<DB>,
	dialect: DialectName
): Promise<number | RawBuilder<number>> {
	return dialect === 'postgres' ? sql<number>`nextval('arrival_seq')` : nextArrival(trx, dialect);
}

/** A stored place (a sign-up row) as the domain rule sees it. */
export function placeOf(row: { id: string; status: PlaceStatus; arrival: number }): Place {
	return { id: row.id, status: row.status, order: row.arrival };
}
