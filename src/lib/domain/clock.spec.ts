import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	CLOCK_CLOSES_AFTER_MS,
	CLOCK_OPENS_BEFORE_MS,
	CLOCK_SLACK_MS,
	clockPhase,
	clockTimeAccepted,
	clockWindow,
	nextClockChange
} from './clock';

const HOUR = 3_600_000;
const start = Date.UTC(2026, 10, 30, 6, 0); // 14:00 in Taipei
const task = { startsAt: start, endsAt: start + 3 * HOUR };

describe('when check-in opens and closes', () => {
	it('opens two hours before the start and closes twelve hours after the end', () => {
		expect(clockWindow(task)).toEqual({
			opensAt: start - 2 * HOUR,
			closesAt: start + 3 * HOUR + 12 * HOUR
		});
		expect(CLOCK_OPENS_BEFORE_MS).toBe(2 * HOUR);
		expect(CLOCK_CLOSES_AFTER_MS).toBe(12 * HOUR);
	});

	it('is early the day before, and a minute before it opens', () => {
		expect(clockPhase(task, start - 24 * HOUR)).toBe('early');
		expect(clockPhase(task, start - 2 * HOUR - 60_000)).toBe('early');
	});

	it('is open from the opening moment itself to the closing moment itself', () => {
		expect(clockPhase(task, start - 2 * HOUR)).toBe('open');
		expect(clockPhase(task, start)).toBe('open');
		expect(clockPhase(task, task.endsAt + 12 * HOUR)).toBe('open');
	});

	it('is closed after the closing moment', () => {
		expect(clockPhase(task, task.endsAt + 12 * HOUR + 1)).toBe('closed');
	});

	it('names the next change: the opening, then the closing, then nothing', () => {
		expect(nextClockChange(task, start - 5 * HOUR)).toBe(start - 2 * HOUR);
		expect(nextClockChange(task, start)).toBe(task.endsAt + 12 * HOUR + 1);
		expect(nextClockChange(task, task.endsAt + 13 * HOUR)).toBeUndefined();
	});
});

describe('which recorded times the server accepts', () => {
	it('accepts a time inside the window that is not in the future', () => {
		expect(clockTimeAccepted(task, start - HOUR, start - HOUR)).toBe(true);
		// Recorded offline during the task, sent the next morning.
		expect(clockTimeAccepted(task, start + HOUR, start + 20 * HOUR)).toBe(true);
	});

	it('refuses a check-in made before the window opens, whenever it arrives', () => {
		expect(clockTimeAccepted(task, start - 3 * HOUR, start - 3 * HOUR)).toBe(false);
		expect(clockTimeAccepted(task, start - 3 * HOUR, start)).toBe(false);
	});

	it('refuses a time too far ahead of the server clock, but allows a phone running a little fast', () => {
		expect(clockTimeAccepted(task, start + CLOCK_SLACK_MS, start)).toBe(true);
		expect(clockTimeAccepted(task, start + CLOCK_SLACK_MS + 1, start)).toBe(false);
	});

	it('agrees with the phase the phone shows: a time the phone offers is one the server accepts', () => {
		fc.assert(
			fc.property(fc.integer({ min: -48 * HOUR, max: 48 * HOUR }), (offset) => {
				const now = start + offset;
				expect(clockTimeAccepted(task, now, now)).toBe(clockPhase(task, now) === 'open');
			})
		);
	});
});
