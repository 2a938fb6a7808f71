/**
 * Rate limits as token buckets: `limit` requests per `windowMs`, refilled smoothly; a bucket
 * starts full. Two stores with the same rule:
 * - MemoryLimiter: in this process (SQLite: one server process holds the database);
 * - PostgresLimiter: one row per key in `rate_limits`, taken in one statement, so every server
 *   process on the database shares the count (an upsert locks the row: two takes never both get
 *   the last token).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from './db/database';

export type Taken = { ok: true } | { ok: false; retryAfter: number };

export interface Limiter {
	readonly limit: number;
	readonly windowMs: number;
	/** Takes one token for this key; when none is left, says how many seconds until there is. */
	take(key: string, now?: number): Promise<Taken>;
}

/** Seconds until one token is back, at least 1 (for Retry-After). */
function retryAfter(tokens: number, rate: number) {
	return Math.max(1, Math.ceil((1 - tokens) / rate / 1000));
}

/** Buckets in this process's memory. */
export class MemoryLimiter implements Limiter {
	#buckets = new Map<string, { tokens: number; at: number }>();

	constructor(
		readonly limit: number,
		readonly windowMs: number
	) {}

	async take(key: string, now = Date.now()): Promise<Taken> {
		return this.takeNow(key, now);
	}

	/** The same, synchronously (this store needs no I/O). */
	takeNow(key: string, now = Date.now()): Taken {
		const rate = this.limit / this.windowMs;
		const bucket = this.#buckets.get(key) ?? { tokens: this.limit, at: now };
		bucket.tokens = Math.min(this.limit, bucket.tokens + Math.max(0, now - bucket.at) * rate);
		bucket.at = Math.max(bucket.at, now);
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			this.#buckets.set(key, bucket);
			if (this.#buckets.size > 50_000) this.#sweep(now);
			return { ok: true };
		}
		this.#buckets.set(key, bucket);
		return { ok: false, retryAfter: retryAfter(bucket.tokens, rate) };
	}

	/** Forgets keys whose bucket has refilled (they behave as new). */
	#sweep(now: number) {
		for (const [key, bucket] of this.#buckets) {
			if (bucket.tokens + (now - bucket.at) * (this.limit / this.windowMs) >= this.limit)
				this.#buckets.delete(key);
		}
	}
}

/**
 * Buckets in PostgreSQL, shared by every process. `name` separates the limiters in one table.
 * Processes' clocks may differ a little: a bucket never refills backwards, nor moves back in time.
 */
export class PostgresLimiter implements Limiter {
	constructor(
		private readonly db: Kysely<DB>,
		readonly name: string,
		readonly limit: number,
		readonly windowMs: number
	) {}

	async take(key: string, now = Date.now()): Promise<Taken> {
		const rate = this.limit / this.windowMs;
		// The bucket's tokens now, before this request: refilled since it was last touched.
		const refilled: RawBuilder<number> = sql`least(${this.limit}::float8, r.tokens + greatest(0, ${now}::bigint - r.at) * ${rate}::float8)`;
		const after = sql`case when ${refilled} >= 1 then ${refilled} - 1 else ${refilled} end`;
		const { rows } = await sql<{ tokens: number; taken: number }>`
			insert into rate_limits as r (key, tokens, at, full_at, taken)
			values (${`${this.name}|${key}`}, ${this.limit - 1}::float8, ${now}::bigint,
				${now + Math.ceil(1 / rate)}::bigint, 1)
			on conflict (key) do update set
				tokens = ${after},
				taken = case when ${refilled} >= 1 then 1 else 0 end,
				at = greatest(r.at, ${now}::bigint),
				full_at = greatest(r.at, ${now}::bigint) + ceil((${this.limit}::float8 - ${after}) / ${rate}::float8)::bigint
			returning tokens, taken`.execute(this.db);
		const row = rows[0]!;
		return row.taken ? { ok: true } : { ok: false, retryAfter: retryAfter(row.tokens, rate) };
	}
}

/** Drops buckets that have refilled (PostgreSQL housekeeping); they behave as new anyway. */
export async function dropFullBuckets(db: Kysely<DB>, now = Date.now()): Promise<number> {
	const result = await db.deleteFrom('rate_limits').where('full_at', '<', now).executeTakeFirst();
	return Number(result.numDeletedRows);
}
