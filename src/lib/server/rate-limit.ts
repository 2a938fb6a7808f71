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
	/** Takes `count` tokens (1) for this key; when too few are left, says how many seconds until there are. */
	take(key: string, now?: number, count?: number): Promise<Taken>;
}

/** Seconds until `count` tokens are back, at least 1 (for Retry-After). */
function retryAfter(tokens: number, rate: number, count = 1) {
	return Math.max(1, Math.ceil((count - tokens) / rate / 1000));
}

/** Buckets in this process's memory. */
export class MemoryLimiter implements Limiter {
	#buckets = new Map<string, { tokens: number; at: number }>();

	constructor(
		readonly limit: number,
		readonly windowMs: number
	) {}

	async take(key: string, now = Date.now(), count = 1): Promise<Taken> {
		return this.takeNow(key, now, count);
	}

	/** The same, synchronously (this store needs no I/O). */
	takeNow(key: string, now = Date.now(), count = 1): Taken {
		const rate = this.limit / this.windowMs;
		const bucket = this.#buckets.get(key) ?? { tokens: this.limit, at: now };
		bucket.tokens = Math.min(this.limit, bucket.tokens + Math.max(0, now - bucket.at) * rate);
		bucket.at = Math.max(bucket.at, now);
		if (bucket.tokens >= count) {
			bucket.tokens -= count;
			this.#buckets.set(key, bucket);
			if (this.#buckets.size > 50_000) this.#sweep(now);
			return { ok: true };
		}
		this.#buckets.set(key, bucket);
		return { ok: false, retryAfter: retryAfter(bucket.tokens, rate, count) };
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
		readonly db: Kysely<DB>,
		readonly name: string,
		readonly limit: number,
		readonly windowMs: number
	) {}

	async take(key: string, now = Date.now(), count = 1): Promise<Taken> {
		const { rows } = await this.statement(key, now, count).execute(this.db);
		return this.answer(rows[0]!, count);
	}

	/** The upsert that takes `count` tokens, returning the tokens left and whether it took them. */
	statement(key: string, now: number, count: number): RawBuilder<BucketRow> {
		const rate = this.limit / this.windowMs;
		// The bucket's tokens now, before this request: refilled since it was last touched.
		const refilled: RawBuilder<number> = sql`least(${this.limit}::float8, r.tokens + greatest(0, ${now}::bigint - r.at) * ${rate}::float8)`;
		const enough = sql`${refilled} >= ${count}::float8`;
		const after = sql`case when ${enough} then ${refilled} - ${count}::float8 else ${refilled} end`;
		// A new bucket starts full: it gives the tokens if it holds that many.
		const fresh = count <= this.limit;
		return sql<BucketRow>`
			insert into rate_limits as r (key, tokens, at, full_at, taken)
			values (${`${this.name}|${key}`}, ${fresh ? this.limit - count : this.limit}::float8,
				${now}::bigint, ${now + (fresh ? Math.ceil(count / rate) : 0)}::bigint, ${fresh ? 1 : 0})
			on conflict (key) do update set
				tokens = ${after},
				taken = case when ${enough} then 1 else 0 end,
				at = greatest(r.at, ${now}::bigint),
				full_at = greatest(r.at, ${now}::bigint) + ceil((${this.limit}::float8 - ${after}) / ${rate}::float8)::bigint
			returning tokens, taken`;
	}

	answer(row: BucketRow, count = 1): Taken {
		const rate = this.limit / this.windowMs;
		return row.taken
			? { ok: true }
			: { ok: false, retryAfter: retryAfter(row.tokens, rate, count) };
	}
}

interface BucketRow {
	tokens: number;
	taken: number;
}

/** One bucket to take from, with how many tokens. */
export interface Take {
	limiter: Limiter;
	key: string;
	count?: number;
}

/**
 * Takes from several buckets at once and answers with the first refusal, or ok. Each bucket
 * gives its tokens if it holds them, whatever the others answer (as when taken one by one, all
 * are asked). On PostgreSQL, buckets of one database are taken in one statement (a round trip
 * per bucket was a good part of a sync push's time); the keys must differ.
 */
export async function takeAll(takes: readonly Take[], now = Date.now()): Promise<Taken> {
	const asked = takes.filter((t) => (t.count ?? 1) > 0);
	const shared = asked.every((t) => t.limiter instanceof PostgresLimiter);
	let answers: Taken[];
	if (shared && asked.length > 1) {
		const limiters = asked.map((t) => t.limiter as PostgresLimiter);
		const ctes = sql.join(
			asked.map(
				(t, i) => sql`${sql.id(`t${i}`)} as (${limiters[i]!.statement(t.key, now, t.count ?? 1)})`
			)
		);
		const union = sql.join(
			asked.map((_, i) => sql`select ${i}::int as i, tokens, taken from ${sql.id(`t${i}`)}`),
			sql` union all `
		);
		const { rows } = await sql<BucketRow & { i: number }>`with ${ctes} ${union}`.execute(
			limiters[0]!.db
		);
		answers = asked.map((t, i) =>
			limiters[i]!.answer(
				rows.find((r) => r.i === i)!,
				t.count ?? 1
			)
		);
	} else {
		answers = [];
		for (const t of asked) answers.push(await t.limiter.take(t.key, now, t.count ?? 1));
	}
	return answers.find((a) => !a.ok) ?? { ok: true };
}

/** Drops buckets that have refilled (PostgreSQL housekeeping); they behave as new anyway. */
export async function dropFullBuckets(db: Kysely<DB>, now = Date.now()): Promise<number> {
	const result = await db.deleteFrom('rate_limits').where('full_at', '<', now).executeTakeFirst();
	return Number(result.numDeletedRows);
}
