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
 *
 * A key taken many times a second (a building's Wi-Fi behind one address, when a whole estate
 * signs up for one event) makes its row the one every request waits for: each take locks it
 * until its commit. So a busy key takes a few tokens ahead from the shared row (a lease) and the
 * next requests in this process are served from them, for at most LEASE_MS. Leased tokens are
 * taken from the shared bucket like any others: across every process the limit is never
 * exceeded; a lease left unused only refuses a little early (at most 2% of the limit, and only
 * on a key busy enough to lease). A key taken now and then never leases: its takes are exact.
 */
export class PostgresLimiter implements Limiter {
	#leases = new Map<string, { tokens: number; until: number }>();
	/** Takes of each key in this process in the current short window (how busy it is). */
	#demand = new Map<string, { takes: number; since: number }>();
	/** Takes served from a lease (no round trip), for operators and tests. */
	leased = 0;

	constructor(
		readonly db: Kysely<DB>,
		readonly name: string,
		readonly limit: number,
		readonly windowMs: number
	) {}

	async take(key: string, now = Date.now(), count = 1): Promise<Taken> {
		if (await this.takeLeasedSoon(key, now, count)) return { ok: true };
		return this.takeShared(key, now, count);
	}

	/** Takes from the shared row (after takeLeased said no). */
	async takeShared(key: string, now: number, count: number): Promise<Taken> {
		const running = this.statement(key, now, count).execute(this.db);
		this.track(key, running, now);
		const { rows } = await running;
		return this.answer(rows[0]!, count, key, now);
	}

	/**
	 * A busy key's take on its way to the database: the requests behind it wait for its lease
	 * instead of all asking the shared row at once (which they would wait for, one by one).
	 */
	#refilling = new Map<string, Promise<unknown>>();

	/**
	 * Marks a statement of `statement(key, …)` as on its way (the caller runs it), when the key is
	 * busy enough to lease: a calm key's next take would wait for it and then ask the row anyway.
	 */
	track(key: string, running: Promise<unknown>, now = Date.now()) {
		if (this.#refilling.has(key) || this.#ahead(key, now) === 0) return;
		const done = running.finally(() => {
			if (this.#refilling.get(key) === done) this.#refilling.delete(key);
		});
		done.catch(() => {});
		this.#refilling.set(key, done);
	}

	/**
	 * Takes from the lease (as takeLeased); when there is none but a take of this key is on its
	 * way, waits for it first. False: ask the shared row.
	 */
	async takeLeasedSoon(key: string, now: number, count: number): Promise<boolean> {
		if (this.takeLeased(key, now, count)) return true;
		const pending = this.#refilling.get(key);
		if (!pending) return false;
		await pending.catch(() => {});
		return this.takeLeased(key, now, count, false);
	}

	/** Takes from this process's lease of the key, if it holds enough (no round trip). */
	takeLeased(key: string, now: number, count: number, note = true): boolean {
		if (note) this.#note(key, now);
		const lease = this.#leases.get(key);
		if (!lease) return false;
		if (lease.until < now) {
			this.#leases.delete(key);
			return false;
		}
		if (lease.tokens < count) return false;
		lease.tokens -= count;
		this.leased++;
		return true;
	}

	#note(key: string, now: number) {
		const seen = this.#demand.get(key);
		if (seen && now - seen.since < DEMAND_WINDOW_MS) seen.takes++;
		else {
			this.#demand.set(key, { takes: 1, since: now });
			if (this.#demand.size > 10_000) this.#sweep(now);
		}
	}

	#sweep(now: number) {
		for (const [key, seen] of this.#demand)
			if (now - seen.since >= DEMAND_WINDOW_MS) this.#demand.delete(key);
		for (const [key, lease] of this.#leases) if (lease.until < now) this.#leases.delete(key);
	}

	/** Tokens to take ahead for a key: about what it used in the last short window, if busy. */
	#ahead(key: string, now: number): number {
		const seen = this.#demand.get(key);
		if (!seen || now - seen.since >= DEMAND_WINDOW_MS || seen.takes < BUSY_TAKES) return 0;
		return Math.min(seen.takes, MAX_LEASE, Math.floor(this.limit * MAX_LEASE_SHARE));
	}

	/**
	 * The upsert that takes `count` tokens (and, for a busy key, a few more ahead when the bucket
	 * holds them), returning the tokens left and how many it gave (`taken`: 0 when refused).
	 */
	statement(
		key: string,
		now: number,
		count: number,
		/** Takes only when this holds (else the statement gives no row). */
		when?: RawBuilder<boolean>
	): RawBuilder<BucketRow> {
		const rate = this.limit / this.windowMs;
		const want = count + this.#ahead(key, now);
		// The bucket's tokens now, before this request: refilled since it was last touched.
		const refilled: RawBuilder<number> = sql`least(${this.limit}::float8, r.tokens + greatest(0, ${now}::bigint - r.at) * ${rate}::float8)`;
		// All it asks for when it is there; else, when the request itself fits, what is there.
		const given = sql`(case when ${refilled} >= ${want}::float8 then ${want}::float8 when ${refilled} >= ${count}::float8 then floor(${refilled}) else 0 end)`;
		// A new bucket starts full.
		const fresh = count <= this.limit ? Math.min(want, this.limit) : 0;
		const row = sql`${`${this.name}|${key}`}::text, ${this.limit - fresh}::float8,
				${now}::bigint, ${now + Math.ceil(fresh / rate)}::bigint, ${fresh}::int`;
		return sql<BucketRow>`
			insert into rate_limits as r (key, tokens, at, full_at, taken)
			${when ? sql`select ${row} where ${when}` : sql`values (${row})`}
			on conflict (key) do update set
				tokens = ${refilled} - ${given},
				taken = ${given}::int,
				at = greatest(r.at, ${now}::bigint),
				full_at = greatest(r.at, ${now}::bigint) + ceil((${this.limit}::float8 - (${refilled} - ${given})) / ${rate}::float8)::bigint
			returning tokens, taken`;
	}

	/** The answer to `statement`'s row; tokens given beyond `count` become this key's lease. */
	answer(row: BucketRow, count = 1, key?: string, now = Date.now()): Taken {
		const rate = this.limit / this.windowMs;
		const given = Number(row.taken);
		if (given < count) return { ok: false, retryAfter: retryAfter(row.tokens, rate, count) };
		if (key !== undefined && given > count) {
			const lease = this.#leases.get(key);
			const kept = lease && lease.until >= now ? lease.tokens : 0;
			this.#leases.set(key, { tokens: kept + given - count, until: now + LEASE_MS });
		}
		return { ok: true };
	}
}

/** A key taken this many times within DEMAND_WINDOW_MS in one process is busy: it leases. */
const BUSY_TAKES = 4;
const DEMAND_WINDOW_MS = 100;
/** How long leased tokens may be used, and how many a lease holds at most. */
const LEASE_MS = 1000;
const MAX_LEASE = 100;
const MAX_LEASE_SHARE = 0.02;

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
	// A busy key's lease serves its take here, without a round trip.
	const leased = await Promise.all(
		takes.map(
			(t) =>
				(t.count ?? 1) > 0 &&
				t.limiter instanceof PostgresLimiter &&
				t.limiter.takeLeasedSoon(t.key, now, t.count ?? 1)
		)
	);
	const asked = takes.filter((t, i) => (t.count ?? 1) > 0 && !leased[i]);
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
		const running = sql<BucketRow & { i: number }>`with ${ctes} ${union}`.execute(limiters[0]!.db);
		asked.forEach((t, i) => limiters[i]!.track(t.key, running, now));
		const { rows } = await running;
		answers = asked.map((t, i) =>
			limiters[i]!.answer(
				rows.find((r) => r.i === i)!,
				t.count ?? 1,
				t.key,
				now
			)
		);
	} else {
		answers = [];
		for (const t of asked)
			answers.push(
				await (t.limiter instanceof PostgresLimiter
					? t.limiter.takeShared(t.key, now, t.count ?? 1)
					: t.limiter.take(t.key, now, t.count ?? 1))
			);
	}
	return answers.find((a) => !a.ok) ?? { ok: true };
}

/** Drops buckets that have refilled (PostgreSQL housekeeping); they behave as new anyway. */
export async function dropFullBuckets(db: Kysely<DB>, now = Date.now()): Promise<number> {
	const result = await db.deleteFrom('rate_limits').where('full_at', '<', now).executeTakeFirst();
	return Number(result.numDeletedRows);
}
