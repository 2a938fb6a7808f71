/**
 * Measuring the offset between a phone's clock and the server's (issue 13): a few round trips to
 * GET /api/time, estimated by lib/domain/clock-offset.ts. Plain TypeScript with relative imports,
 * so the synced-start bench (tests/bench/synced-start.ts) runs this very code in Node.
 */
import * as v from 'valibot';
import { estimateOffset, type ClockOffset, type ClockSample } from '../domain/clock-offset';
import { ServerTime } from '../shared/server-time';

/** Round trips per measurement, and the pause between them (a burst would queue behind itself). */
export const SAMPLES = 5;
export const SPACING_MS = 200;
/** A round trip slower than this is abandoned (it would be discarded anyway). */
const TIMEOUT_MS = 5000;

export interface MeasuredOffset extends ClockOffset {
	/** The phone's clock when it was measured. */
	measuredAt: number;
}

/** The phone's clock (Date.now in the app; a phone set minutes off in the bench). */
export type PhoneClock = () => number;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One round trip, or undefined when it failed (offline, a server error, too slow). */
async function sample(fetcher: typeof fetch, clock: PhoneClock): Promise<ClockSample | undefined> {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
	try {
		const sentAt = clock();
		// The answer is read when its headers arrive: the body is a few bytes in the same packet.
		const response = await fetcher('/api/time', {
			cache: 'no-store',
			signal: controller.signal
		});
		const receivedAt = clock();
		if (!response.ok) return undefined;
		const answer = v.safeParse(ServerTime, await response.json());
		return answer.success ? { sentAt, serverTime: answer.output.now, receivedAt } : undefined;
	} catch {
		return undefined;
	} finally {
		clearTimeout(timer);
	}
}

/** Takes SAMPLES round trips SPACING_MS apart and estimates the offset (undefined: none worked). */
export async function measureOffset(
	fetcher: typeof fetch = fetch,
	clock: PhoneClock = Date.now
): Promise<MeasuredOffset | undefined> {
	const samples: ClockSample[] = [];
	for (let i = 0; i < SAMPLES; i++) {
		if (i > 0) await wait(SPACING_MS);
		const one = await sample(fetcher, clock);
		if (one) samples.push(one);
		// The first one failed outright: offline, no point in four more.
		else if (i === 0) break;
	}
	const estimate = estimateOffset(samples);
	return estimate && { ...estimate, measuredAt: clock() };
}
