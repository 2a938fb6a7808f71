/**
 * The running server's shared pieces: configuration, database, sync registry and rate limits.
 * Started once (hooks.server.ts init; the CLI; tests make their own).
 */
import { loadConfig, type ServerConfig } from './config';
import { openDatabase, type Database } from './db/connect';
import { migrate } from './db/migrate';
import { MemoryLimiter, PostgresLimiter, type Limiter } from './rate-limit';
import { productionRegistry } from './sync/registry';
import type { SyncRegistry } from './sync/types';

export interface Limits {
	clientWrites: Limiter;
	ipWrites: Limiter;
	registrations: Limiter;
	signIns: Limiter;
	links: Limiter;
	/** Pack uploads per publisher (issue 11). */
	packUploads: Limiter;
	/** Event sign-ups per address (issue 12); per device they are counted in the database. */
	eventSignups: Limiter;
}

export interface ServerContext {
	config: ServerConfig;
	database: Database;
	registry: SyncRegistry;
	limits: Limits;
}

/**
 * The rate limits: on PostgreSQL in the database, shared by every server process; on SQLite (one
 * process) in memory.
 */
export function createLimits(config: ServerConfig, database: Database): Limits {
	const r = config.rateLimits;
	const limiter = (name: string, limit: number, windowMs: number): Limiter =>
		database.dialect === 'postgres'
			? new PostgresLimiter(database.db, name, limit, windowMs)
			: new MemoryLimiter(limit, windowMs);
	return {
		clientWrites: limiter('clientWrites', r.clientWritesPerMinute, 60_000),
		ipWrites: limiter('ipWrites', r.ipWritesPerMinute, 60_000),
		registrations: limiter('registrations', r.registrationsPerHour, 3_600_000),
		signIns: limiter('signIns', r.signInsPerWindow, 15 * 60_000),
		links: limiter('links', 10, 10 * 60_000),
		packUploads: limiter('packUploads', 30, 3_600_000),
		// A whole estate behind one address (a building's Wi-Fi) signs up to one event.
		eventSignups: limiter('eventSignups', r.ipWritesPerMinute, 60_000)
	};
}

let current: ServerContext | undefined;
let starting: Promise<ServerContext> | undefined;

/** Opens and migrates the database (once). Throws DatabaseTooNewError on a newer database. */
export function startServerContext(config: ServerConfig = loadConfig()): Promise<ServerContext> {
	starting ??= (async () => {
		const database = await openDatabase(config);
		try {
			await migrate(database);
		} catch (error) {
			await database.close();
			throw error;
		}
		current = {
			config,
			database,
			registry: productionRegistry(),
			limits: createLimits(config, database)
		};
		return current;
	})();
	return starting;
}

/** The server context; requests arrive only after init has started it. */
export async function serverContext(): Promise<ServerContext> {
	return current ?? startServerContext();
}

/** Tests install their own context (their own database and registry). */
export function setServerContext(context: ServerContext | undefined) {
	current = context;
	starting = context ? Promise.resolve(context) : undefined;
}
