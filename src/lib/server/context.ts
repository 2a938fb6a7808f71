/**
 * The running server's shared pieces: configuration, database, sync registry and rate limits.
 * Started once (hooks.server.ts init; the CLI; tests make their own).
 */
import { loadConfig, type ServerConfig } from './config';
import { openDatabase, type Database } from './db/connect';
import { migrate } from './db/migrate';
import { RateLimiter } from './rate-limit';
import { productionRegistry } from './sync/registry';
import type { SyncRegistry } from './sync/types';

export interface Limits {
	clientWrites: RateLimiter;
	ipWrites: RateLimiter;
	registrations: RateLimiter;
	signIns: RateLimiter;
	links: RateLimiter;
}

export interface ServerContext {
	config: ServerConfig;
	database: Database;
	registry: SyncRegistry;
	limits: Limits;
}

export function createLimits(config: ServerConfig): Limits {
	const r = config.rateLimits;
	return {
		clientWrites: new RateLimiter(r.clientWritesPerMinute, 60_000),
		ipWrites: new RateLimiter(r.ipWritesPerMinute, 60_000),
		registrations: new RateLimiter(r.registrationsPerHour, 3_600_000),
		signIns: new RateLimiter(r.signInsPerWindow, 15 * 60_000),
		links: new RateLimiter(10, 10 * 60_000)
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
		current = { config, database, registry: productionRegistry(), limits: createLimits(config) };
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
