/**
 * A hot statement run as a named prepared statement on PostgreSQL: the server parses and plans
 * it once per connection instead of on every call. Kysely sends each query unnamed, and for the
 * statement every sync push begins with (the device and two rate-limit buckets in one) planning
 * cost more than running it (0.36 ms against 0.14 ms, pg_stat_statements under the sign-up
 * benchmark). Only for statements of a fixed text that list their columns: an added column then
 * leaves the prepared statement's result as it was (a `select *` would fail after a migration
 * that another process runs).
 */
import { createHash } from 'node:crypto';
import type { CompiledQuery, Kysely } from 'kysely';
import type pg from 'pg';
import type { DB } from './database';

export async function runPrepared<R>(
	db: Kysely<DB>,
	pool: pg.Pool | undefined,
	query: CompiledQuery<R>
): Promise<R[]> {
	if (!pool) return (await db.executeQuery(query)).rows;
	const name = `linli_${createHash('sha256').update(query.sql).digest('hex').slice(0, 24)}`;
	const result = await pool.query({ name, text: query.sql, values: [...query.parameters] });
	return result.rows as R[];
}
