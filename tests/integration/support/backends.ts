/**
 * The databases the storage and sync suites run on: SQLite always; PostgreSQL when
 * TEST_DATABASE_URL is set (.ci/run sets it). Without it the PostgreSQL runs are skipped with a
 * printed reason, except under CI=true, where a missing database fails the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../../src/lib/server/db/connect';
import { migrate } from '../../../src/lib/server/db/migrate';
import type { MigrationStep } from '../../../src/lib/server/db/migrations/index';

export interface Backend {
	name: 'sqlite' | 'postgres';
	/** A new, empty database of its own, migrated (by default with every migration). */
	open(steps?: MigrationStep[]): Promise<Database>;
	/**
	 * PostgreSQL only: another connection pool to the same database, as a second server process
	 * would have (SQLite is served by one process). Closed by cleanup().
	 */
	sibling?(database: Database): Promise<Database>;
	/** Removes every database this backend opened. */
	cleanup(): Promise<void>;
}

const url = process.env.TEST_DATABASE_URL;
if (!url) {
	const reason = 'TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)';
	if (process.env.CI === 'true' || process.env.CI === '1') {
		throw new Error(`PostgreSQL tests cannot run: ${reason}. CI must test both databases.`);
	}
	console.warn(`\n[skipped] PostgreSQL runs of the storage and sync suites: ${reason}.\n`);
}

function sqliteBackend(): Backend {
	const dirs: string[] = [];
	const open: Database[] = [];
	return {
		name: 'sqlite',
		async open(steps) {
			const dir = mkdtempSync(join(tmpdir(), 'linli-db-'));
			dirs.push(dir);
			const database = await openDatabase({ sqlitePath: join(dir, 'test.sqlite') });
			open.push(database);
			await migrate(database, steps);
			return database;
		},
		async cleanup() {
			for (const database of open.splice(0)) await database.close().catch(() => {});
			for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
		}
	};
}

function postgresBackend(databaseUrl: string): Backend {
	const schemas: string[] = [];
	const open: Database[] = [];
	const schemaOf = new Map<Database, string>();
	return {
		name: 'postgres',
		async open(steps) {
			// Each database of each test file is a schema of its own: files run in parallel.
			const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
			schemas.push(schema);
			const database = await openDatabase({ databaseUrl, sqlitePath: '', pgSchema: schema });
			open.push(database);
			schemaOf.set(database, schema);
			await migrate(database, steps);
			return database;
		},
		async sibling(database) {
			const schema = schemaOf.get(database);
			if (!schema) throw new Error('not a database of this backend');
			const other = await openDatabase({ databaseUrl, sqlitePath: '', pgSchema: schema });
			open.push(other);
			schemaOf.set(other, schema);
			return other;
		},
		async cleanup() {
			for (const database of open.splice(0)) await database.close().catch(() => {});
			const client = new pg.Client({ connectionString: databaseUrl });
			await client.connect();
			try {
				for (const schema of schemas.splice(0))
					await client.query(`drop schema if exists ${schema} cascade`);
			} finally {
				await client.end();
			}
		}
	};
}

export function backends(): Backend[] {
	return url ? [sqliteBackend(), postgresBackend(url)] : [sqliteBackend()];
}
