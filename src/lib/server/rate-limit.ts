/**
 * In-memory token buckets: `limit` requests per `windowMs`, refilled smoothly. One process holds
 * its own counts (a single Linli server; several would need a shared store).
 */
export class RateLimiter {
	#buckets = new Map<string, { tokens: number; at: number }>();

	constructor(
		readonly limit: number,
		readonly windowMs: number
	) {}

	/** Takes one token for this key; when none is left, says how many seconds until there is. */
	take(key: string, now = Date.now()): { ok: true } | { ok: false; retryAfter: number } {
		const rate = this.limit / this.windowMs;
		const bucket = this.#buckets.get(key) ?? { tokens: this.limit, at: now };
		bucket.tokens = Math.min(this.limit, bucket.tokens + (now - bucket.at) * rate);
		bucket.at = now;
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			this.#buckets.set(key, bucket);
			if (this.#buckets.size > 50_000) this.#sweep(now);
			return { ok: true };
		}
		this.#buckets.set(key, bucket);
		return { ok: false, retryAfter: Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000)) };
	}

	/** Forgets keys whose bucket has refilled (they behave as new). */
	#sweep(now: number) {
		for (const [key, bucket] of this.#buckets) {
			if (bucket.tokens + (now - bucket.at) * (this.limit / this.windowMs) >= this.limit)
				this.#buckets.delete(key);
		}
	}
}
