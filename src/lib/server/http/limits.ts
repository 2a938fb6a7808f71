import { takeAll, type Limiter, type Take, type Taken } from '../rate-limit';
import { HttpError } from './errors';

/** 429 with Retry-After when the key has used up its budget. */
export async function enforce(limiter: Limiter, key: string, now = Date.now()) {
	refuse(await limiter.take(key, now));
}

/** The same for several buckets at once (one statement on PostgreSQL): 429 if any refuses. */
export async function enforceAll(takes: readonly Take[], now = Date.now()) {
	refuse(await takeAll(takes, now));
}

/** Throws the 429 for a refused take. */
export function refuse(taken: Taken) {
	if (!taken.ok) {
		throw new HttpError(
			429,
			'rate_limited',
			`Too many requests; try again in ${taken.retryAfter} seconds.`,
			{ params: { retryAfter: taken.retryAfter } },
			{ 'retry-after': String(taken.retryAfter) }
		);
	}
}
