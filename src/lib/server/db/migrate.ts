import { sql } from 'kysely';
import type { Database } from './connect';
import type { AnyDb } from './dialect';
import { MIGRATIONS, type MigrationStep } from './migrations/index';

/** The database was changed by a newer Linli: running an older one on it could damage it. */
export class DatabaseTooNewError extends Error {
	constructor(readonly unknown: string[]) {
		super(
			`This database was updated by a newer version of Linli (migrations ${unknown.join(', ')} are unknown to this version). ` +
				'Refusing to start: install the newer Linli again, or restore a backup made with this version.'
		);
		this.name = 'DatabaseTooNewError';
	}
}

/** PostgreSQL advisory lock key held while migrating (any constant; see docs/architecture.md). */
export const MIGRATION_LOCK = 73_716_201;

/**
 * Brings the database up to date: every migration not yet applied, in order, all in one
 * transaction (a failed step leaves the database as it was). Refuses a database that holds
 * migrations this version does not know.
 *
 * On PostgreSQL the whole of it, the bookkeeping table's creation included, runs under a
 * transaction-scoped advisory lock taken by the transaction's first statement: several processes
 * starting at once on an empty database queue on the lock, and each one after the first finds
 * the work done and starts normally. (Creating the table before the lock let two processes both
 * create it: one of them crashed on PostgreSQL's catalog index `pg_type_typname_nsp_index`.)
 * On SQLite one connection is one writer, and DDL is transactional as well.
 */
export async function migrate(
	database: Database,
	steps: MigrationStep[] = MIGRATIONS
): Promise<string[]> {
	const db = database.db as unknown as AnyDb;
	return db.transaction().execute(async (trx) => {
		if (database.dialect === 'postgres') {
			await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
		}
		await trx.schema
			.createTable('schema_migrations')
			.ifNotExists()
			.addColumn('name', 'text', (c) => c.primaryKey())
			.addColumn('applied_at', database.dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
				c.notNull()
			)
			.execute();
		const applied = new Set(
			(await trx.selectFrom('schema_migrations').select('name').execute()).map(
				(r) => r.name as string
			)
		);
		const known = new Set(steps.map((s) => s.name));
		const unknown = [...applied].filter((name) => !known.has(name)).sort();
		if (unknown.length) throw new DatabaseTooNewError(unknown);

		const done: string[] = [];
		for (const step of steps) {
			if (applied.has(step.name)) continue;
			await step.up(trx, database.dialect);
			await trx
				.insertInto('schema_migrations')
				.values({ name: step.name, applied_at: Date.now() })
				.execute();
			done.push(step.name);
		}
		return done;
	});
}
