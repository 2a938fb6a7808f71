import { sql } from 'kysely';
import { columnTypes, type AnyDb, type DialectName } from '../dialect';

/**
 * What several server processes on one database must share (docs/architecture.md, "One process
 * or many"):
 * - rate_limits: token buckets, one row per key (PostgreSQL; SQLite's one process keeps them in
 *   memory);
 * - server_keys: keys and secrets the server makes once, so every process signs and encrypts
 *   alike;
 * - jobs: work done outside requests (housekeeping now, push notifications next), claimed by one
 *   process at a time;
 * - task_signups.arrival: a total, stable arrival order for waitlists, from the database's own
 *   counter (the sequence `arrival_seq` on PostgreSQL, the `counters` row on SQLite), so two
 *   sign-ups in one millisecond still queue in a fixed order. Existing sign-ups are numbered by
 *   their arrival time, then id.
 */
export async function up(db: AnyDb, dialect: DialectName) {
	const t = columnTypes(dialect);
	const real = dialect === 'postgres' ? 'double precision' : 'real';

	await db.schema
		.createTable('rate_limits')
		.addColumn('key', t.text, (c) => c.primaryKey())
		.addColumn('tokens', sql.raw(real), (c) => c.notNull())
		.addColumn('at', t.time, (c) => c.notNull())
		// When the bucket is full again: a row past it behaves as a new one and can be deleted.
		.addColumn('full_at', t.time, (c) => c.notNull())
		.addColumn('taken', t.int, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('rate_limits_full').on('rate_limits').column('full_at').execute();

	await db.schema
		.createTable('server_keys')
		.addColumn('name', t.text, (c) => c.primaryKey())
		.addColumn('value', t.text, (c) => c.notNull())
		.addColumn('created_at', t.time, (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('jobs')
		.addColumn('id', t.serialType, t.serialKey)
		.addColumn('kind', t.text, (c) => c.notNull())
		// The same kind and key are one job ("sent once"): enqueueing again changes nothing.
		.addColumn('dedupe_key', t.text)
		.addColumn('payload', t.text, (c) => c.notNull())
		.addColumn('state', t.text, (c) => c.notNull())
		.addColumn('attempts', t.int, (c) => c.notNull().defaultTo(0))
		.addColumn('max_attempts', t.int, (c) => c.notNull())
		.addColumn('run_at', t.time, (c) => c.notNull())
		.addColumn('locked_until', t.time)
		.addColumn('locked_by', t.text)
		.addColumn('last_error', t.text)
		.addColumn('created_at', t.time, (c) => c.notNull())
		.addColumn('finished_at', t.time)
		.execute();
	await db.schema
		.createIndex('jobs_dedupe')
		.on('jobs')
		.columns(['kind', 'dedupe_key'])
		.unique()
		.execute();
	await db.schema.createIndex('jobs_due').on('jobs').columns(['kind', 'state', 'run_at']).execute();

	await db.schema.alterTable('task_signups').addColumn('arrival', t.serialType).execute();
	await sql`update task_signups set arrival = o.n from (select id, row_number() over (order by arrived_at, id) as n from task_signups) as o where task_signups.id = o.id`.execute(
		db
	);
	const last = sql`(select coalesce(max(arrival), 0) from task_signups)`;
	if (dialect === 'postgres') {
		await sql`create sequence arrival_seq`.execute(db);
		await sql`select setval('arrival_seq', ${last} + 1, false)`.execute(db);
	} else {
		await db.schema
			.createTable('counters')
			.addColumn('name', t.text, (c) => c.primaryKey())
			.addColumn('value', t.int, (c) => c.notNull())
			.execute();
		await sql`insert into counters (name, value) select 'arrival', ${last}`.execute(db);
	}
}
