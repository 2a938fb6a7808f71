/**
 * How far the phone's clock is from the server's, estimated as NTP does from a few round trips
 * (issue 13: a hundred flats start the same song at the same second, whatever their clocks say).
 *
 * One round trip: the phone notes its time t0, asks the server for its time ts, and notes t3 when
 * the answer arrives. If the way there took as long as the way back, the server read its clock at
 * the phone's (t0 + t3) / 2, so the phone is behind by ts − (t0 + t3) / 2. The ways are rarely
 * equal, but the error is at most half the round trip: a short round trip is a good sample, a long
 * one (a busy radio, a retransmission) a poor one. So only the shortest round trips are kept and
 * their median taken (one odd sample among them cannot drag the estimate), and the uncertainty is
 * half the shortest round trip. Pure: lib/events/server-clock.svelte.ts does the fetching.
 */

/** One round trip, each time in milliseconds. */
export interface ClockSample {
	/** The phone's clock when the request left (t0). */
	sentAt: number;
	/** The server's clock when it answered (ts). */
	serverTime: number;
	/** The phone's clock when the answer arrived (t3). */
	receivedAt: number;
}

export interface ClockOffset {
	/** Server time minus phone time, ms: the server's time now is `Date.now() + offset`. */
	offset: number;
	/** The estimate is within ± this many ms (half the shortest round trip, rounded up). */
	uncertainty: number;
	/** How many round trips were usable (before keeping the shortest). */
	samples: number;
}

/** The share of usable samples kept, shortest round trips first (at least one). */
export const KEEP_SHARE = 1 / 3;

/** The round trip of a sample, ms. */
export const roundTrip = (s: ClockSample) => s.receivedAt - s.sentAt;

/** The offset one sample suggests, assuming the way there and back took as long. */
export const sampleOffset = (s: ClockSample) => s.serverTime - (s.sentAt + s.receivedAt) / 2;

/**
 * A sample that can be used: finite times and a round trip that is not negative (a phone whose
 * clock was set back during the request gives a negative one, and says nothing true).
 */
export function usable(s: ClockSample): boolean {
	return (
		Number.isFinite(s.sentAt) &&
		Number.isFinite(s.serverTime) &&
		Number.isFinite(s.receivedAt) &&
		roundTrip(s) >= 0
	);
}

function median(sorted: readonly number[]): number {
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The offset from several round trips: the median of the samples with the shortest round trips
 * (the best third, at least one), or undefined when no sample is usable.
 */
export function estimateOffset(samples: readonly ClockSample[]): ClockOffset | undefined {
	const good = samples.filter(usable).sort((a, b) => roundTrip(a) - roundTrip(b));
	if (good.length === 0) return undefined;
	const kept = good.slice(0, Math.max(1, Math.ceil(good.length * KEEP_SHARE)));
	return {
		offset: Math.round(median(kept.map(sampleOffset).sort((a, b) => a - b))),
		uncertainty: Math.ceil(roundTrip(kept[0]!) / 2),
		samples: good.length
	};
}

/**
 * Which estimate to keep after measuring again (on reconnecting, on a reload): the new one, unless
 * it is less precise than the one kept and agrees with it (within both uncertainties), since a
 * reconnection on a weak signal measures badly. When they disagree, the phone's clock itself was
 * changed meanwhile (set by hand, corrected by the network), and only the new one is true.
 */
export function betterEstimate<T extends ClockOffset>(kept: T | undefined, next: T): T {
	if (!kept || next.uncertainty <= kept.uncertainty) return next;
	const agree = Math.abs(next.offset - kept.offset) <= next.uncertainty + kept.uncertainty;
	return agree ? kept : next;
}
