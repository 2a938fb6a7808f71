/**
 * Bounds on the numbers that phones and forms send, so that both databases can hold them and
 * both answer a clear 400 (or a rejection) rather than PostgreSQL a 500 and SQLite storing them.
 *
 * - A seq is stored in an `integer` column: below 2^31.
 * - Times are milliseconds since 1970 up to the start of 2100: absolute bounds, never relative to
 *   the server's clock. `createdAt`, `consentAt` and check-in times come from phones whose clocks
 *   may be wrong, and a push refused for a wrong clock would stop that phone's outbox for good.
 *
 * Relative imports only (shared with the CLI).
 */
import * as v from 'valibot';

/** The largest seq: PostgreSQL's `integer` (2^31 − 1). */
export const MAX_SEQ = 2_147_483_647;
/** The latest time accepted: 2100-01-01T00:00:00Z, in ms. */
export const MAX_TIME = Date.UTC(2100, 0, 1);

/** A device's seq: a whole number from 1 to MAX_SEQ. */
export const Seq = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_SEQ));

/** A time in ms from 1970 to 2100; `message` is the code every failure reports. */
export function TimeMs(message?: string) {
	return v.pipe(
		v.number(message),
		v.integer(message),
		v.minValue(0, message),
		v.maxValue(MAX_TIME, message)
	);
}
