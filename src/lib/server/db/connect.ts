/**
 * Opening the server database: SQLite (the default, a file under DATA_DIR) or PostgreSQL
 * (DATABASE_URL=postgres://…), behind one Kysely query builder.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, sql, SqliteDialect } from 'kysely';
import type { DB } from './database';
import type { DialectName } from './dialect';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer } from './checkpointer';

export interface Database {
	db: Kysely<DB>;
	dialect: DialectName;
	/**
	 * PostgreSQL's connection pool, for the few paths that send several statements in one round
	 * trip and read each one's rows (Kysely returns the rows of one statement only).
	 */
	pool?: pg.Pool;
	close(): Promise<void>;
}

export interface OpenOptions {
	databaseUrl?: string;
	sqlitePath: string;
	/** PostgreSQL only: a schema of its own (tests give each file one). */
	pgSchema?: string;
}

const INT8 = 20;
const NUMERIC = 1700;

export async function openDatabase(options: OpenOptions): Promise<Database> {
	if (options.databaseUrl) return openPostgres(options.databaseUrl, options.pgSchema);
	return openSqlite(options.sqlitePath);
}

function openSqlite(path: string): Database {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new BetterSqlite3(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = NORMAL');
	sqlite.pragma('foreign_keys = ON');
	// Deleted personal data is overwritten on disk, not left in free pages.
	sqlite.pragma('secure_delete = ON');
	sqlite.pragma('busy_timeout = 5000');
	const checkpointer =
		path === ':memory:'
			? undefined
			: (sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`),
				startCheckpointer(path));
	const db = new Kysely<DB>({
		dialect: new SqliteDialect({ database: withStatementCache(sqlite) })
	});
	return {
		db,
		dialect: 'sqlite',
		close: async () => {
			await checkpointer?.stop();
			await db.destroy(); // the last connection to close checkpoints the rest and removes the WAL
		}
	};
}

/**
 * Kysely prepares every query anew; preparing costs about as much as running a small one. The
 * same SQL text (with placeholders) reuses its prepared statement; the least recently used go.
 */
function withStatementCache(sqlite: BetterSqlite3.Database, size = 500): BetterSqlite3.Database {
	const cache = new Map<string, BetterSqlite3.Statement>();
	return new Proxy(sqlite, {
		get(target, property, receiver) {
			if (property === 'prepare') {
				return (source: string) => {
					let statement = cache.get(source);
					if (statement) {
						cache.delete(source);
					} else {
						statement = target.prepare(source);
						if (cache.size >= size) cache.delete(cache.keys().next().value!);
					}
					cache.set(source, statement);
					return statement;
				};
			}
			const value: unknown = Reflect.get(target, property, receiver);
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
}

async function openPostgres(url: string, schema?: string): Promise<Database> {
	if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
	const pool = new pg.Pool({
		connectionString: url,
		max: Number(process.env.LINLI_PG_POOL || 10),
		...(schema ? { options: `-c search_path=${schema}` } : {}),
		// Times are bigint milliseconds: well inside Number's exact range.
		types: {
			getTypeParser: (oid: number, format?: 'text' | 'binary') =>
				oid === INT8 || oid === NUMERIC
					? (value: string) => Number(value)
					: pg.types.getTypeParser(oid, format)
		}
	});
	if (schema) {
		const client = await pool.connect();
		try {
			await client.query(`create schema if not exists ${schema}`);
		} finally {
			client.release();
		}
	}
	const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
	await sql`select 1`.execute(db);
	return { db, dialect: 'postgres', pool, close: () => db.destroy() };
}
