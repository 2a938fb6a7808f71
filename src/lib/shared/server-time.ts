/**
 * GET /api/time: the server's clock, for the synced start of an event (issue 13). The server
 * answers it, the phone checks the answer with it. Relative imports only (shared with the CLI).
 */
import * as v from 'valibot';

export const ServerTime = v.object({
	/** The server's clock, ms since the epoch. */
	now: v.pipe(v.number(), v.integer(), v.minValue(0))
});
export type ServerTime = v.InferOutput<typeof ServerTime>;
