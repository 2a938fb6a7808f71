import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	betterEstimate,
	estimateOffset,
	roundTrip,
	sampleOffset,
	type ClockSample
} from './clock-offset';

const SERVER_START = Date.UTC(2026, 10, 30, 12, 0); // 20:00 in Taipei, concert night

/**
 * A round trip from a phone whose clock is `ahead` ms ahead of the server's (negative: behind),
 * leaving at server time `at`, taking `up` ms to reach the server and `down` ms to come back.
 */
function trip(ahead: number, at: number, up: number, down: number): ClockSample {
	return { sentAt: at + ahead, serverTime: at + up, receivedAt: at + up + down + ahead };
}

/** Five round trips 200 ms apart with the given (up, down) latencies. */
const trips = (ahead: number, latencies: [number, number][]) =>
	latencies.map(([up, down], i) => trip(ahead, SERVER_START + i * 200, up, down));

describe('one round trip', () => {
	it('reads the offset halfway through the round trip', () => {
		const s = trip(90_000, SERVER_START, 40, 40);
		expect(roundTrip(s)).toBe(80);
		expect(sampleOffset(s)).toBe(-90_000);
	});
});

describe('estimating the server clock from several round trips', () => {
	it('finds a phone 90 s ahead exactly when the way there and back take as long', () => {
		const estimate = estimateOffset(
			trips(90_000, [
				[50, 50],
				[30, 30],
				[70, 70],
				[45, 45],
				[60, 60]
			])
		);
		expect(estimate).toEqual({ offset: -90_000, uncertainty: 30, samples: 5 });
	});

	it('finds a phone 40 s behind within the asymmetry of the best round trips', () => {
		// The way there is slow, the way back quick (an upload queue on a busy radio).
		const estimate = estimateOffset(
			trips(-40_000, [
				[84, 20],
				[65, 35],
				[72, 30],
				[55, 25],
				[78, 32]
			])
		)!;
		// Kept: 55/25 (80 ms) and 65/35 (100 ms); they suggest +15 and +15 ms of error.
		expect(estimate.offset).toBe(40_015);
		expect(estimate.uncertainty).toBe(40);
		expect(Math.abs(estimate.offset - 40_000)).toBeLessThanOrEqual(estimate.uncertainty);
	});

	it('is never further off than half the way-there/way-back difference, whatever the clock and jitter', () => {
		// 50 ms ± 30 ms each way, as the bench and the browser test inject.
		const latency = fc.integer({ min: 20, max: 80 });
		fc.assert(
			fc.property(
				fc.integer({ min: -10 * 60_000, max: 10 * 60_000 }),
				fc.array(fc.tuple(latency, latency), { minLength: 1, maxLength: 12 }),
				(ahead, latencies) => {
					const estimate = estimateOffset(trips(ahead, latencies))!;
					expect(Math.abs(estimate.offset + ahead)).toBeLessThanOrEqual(30);
				}
			)
		);
	});

	it('ignores the round trips that took far longer (outliers), which alone would be seconds off', () => {
		const samples = trips(90_000, [
			[3_000, 40], // a retransmission on the way there
			[40, 40],
			[2_500, 60],
			[42, 42],
			[4_000, 30]
		]);
		const estimate = estimateOffset(samples)!;
		expect(estimate.offset).toBe(-90_000);
		expect(estimate.uncertainty).toBe(40);
		// What a plain average would have said.
		const mean = samples.map(sampleOffset).reduce((a, b) => a + b, 0) / samples.length;
		expect(Math.abs(mean + 90_000)).toBeGreaterThan(500);
	});

	it('takes the median of the best third: one odd sample among them cannot drag it', () => {
		// Nine samples: the best three are kept; one of them is lopsided.
		const estimate = estimateOffset(
			trips(0, [
				[10, 10],
				[11, 11],
				[2, 18],
				[100, 100],
				[120, 90],
				[90, 120],
				[200, 10],
				[10, 200],
				[150, 150]
			])
		)!;
		expect(estimate.offset).toBe(0);
		expect(estimate.uncertainty).toBe(10);
	});

	it('uses a single sample when that is all there is', () => {
		expect(estimateOffset([trip(-40_000, SERVER_START, 10, 30)])).toEqual({
			offset: 39_990,
			uncertainty: 20,
			samples: 1
		});
	});
});

describe('bad samples', () => {
	it('gives no estimate from no samples', () => {
		expect(estimateOffset([])).toBeUndefined();
	});

	it('drops a round trip that ended before it started (the phone clock was set back meanwhile)', () => {
		const backwards: ClockSample = { sentAt: 10_000, serverTime: 5_000, receivedAt: 9_000 };
		expect(estimateOffset([backwards])).toBeUndefined();
		const estimate = estimateOffset([backwards, trip(90_000, SERVER_START, 25, 25)]);
		expect(estimate).toEqual({ offset: -90_000, uncertainty: 25, samples: 1 });
	});

	it('drops samples with times that are not numbers', () => {
		const broken = [
			{ sentAt: NaN, serverTime: 1, receivedAt: 2 },
			{ sentAt: 1, serverTime: Infinity, receivedAt: 2 },
			{ sentAt: 1, serverTime: 2, receivedAt: Number.POSITIVE_INFINITY }
		];
		expect(estimateOffset(broken)).toBeUndefined();
		expect(estimateOffset([...broken, trip(0, SERVER_START, 5, 5)])?.samples).toBe(1);
	});

	it('accepts a round trip of zero (a server on the same machine)', () => {
		expect(estimateOffset([trip(1_000, SERVER_START, 0, 0)])).toEqual({
			offset: -1_000,
			uncertainty: 0,
			samples: 1
		});
	});
});

describe('measuring again', () => {
	const precise = { offset: -90_000, uncertainty: 15, samples: 5 };

	it('takes the new estimate when it is as precise or more', () => {
		const next = { offset: -90_004, uncertainty: 10, samples: 5 };
		expect(betterEstimate(precise, next)).toBe(next);
		expect(betterEstimate(undefined, next)).toBe(next);
	});

	it('keeps the precise one when a poor reconnection agrees with it', () => {
		expect(betterEstimate(precise, { offset: -90_150, uncertainty: 400, samples: 5 })).toBe(
			precise
		);
	});

	it('takes a poorer estimate that disagrees: the phone clock itself was changed', () => {
		// The phone's clock was corrected by 90 s: only the new measurement knows it.
		const next = { offset: 20, uncertainty: 400, samples: 5 };
		expect(betterEstimate(precise, next)).toBe(next);
	});
});
