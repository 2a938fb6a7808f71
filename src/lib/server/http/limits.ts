import type { Limiter } from '../rate-limit';
import { HttpError } from './errors';

/** 429 with Retry-After when the key has used up its budget. */
export async function enforce(limiter: Limiter, key: string, now = Date.now()) {
	const taken = await limiter.take(key, now);
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
