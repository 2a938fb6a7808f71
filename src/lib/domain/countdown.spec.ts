import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	announcementBetween,
	clockFace,
	COUNTDOWN_FROM_MS,
	countdownPhase,
	nextChange,
	secondsLeft,
	timeLeft
} from './countdown';

const HOUR = 3_600_000;
const start = Date.UTC(2026, 10, 30, 12, 0);
const concert = { startsAt: start, endsAt: start + 2 * HOUR };

describe('the phases of a countdown', () => {
	it('shows nothing more than a day ahead, then counts, then the last ten seconds', () => {
		expect(countdownPhase(concert, start - COUNTDOWN_FROM_MS - 1)).toBe('later');
		expect(countdownPhase(concert, start - COUNTDOWN_FROM_MS)).toBe('counting');
		expect(countdownPhase(concert, start - 10_001)).toBe('counting');
		expect(countdownPhase(concert, start - 10_000)).toBe('final');
		expect(countdownPhase(concert, start - 1)).toBe('final');
	});

	it('has started at the start itself and until the end, then has ended', () => {
		expect(countdownPhase(concert, start)).toBe('started');
		expect(countdownPhase(concert, concert.endsAt - 1)).toBe('started');
		expect(countdownPhase(concert, concert.endsAt)).toBe('ended');
	});
});

describe('the clock face', () => {
	it('rounds up, so it shows 1 until the start and 0 exactly at it', () => {
		expect(secondsLeft(1)).toBe(1);
		expect(secondsLeft(1000)).toBe(1);
		expect(secondsLeft(1001)).toBe(2);
		expect(secondsLeft(0)).toBe(0);
		expect(secondsLeft(-5000)).toBe(0);
	});

	it('reads hours, minutes and seconds', () => {
		expect(clockFace(3 * HOUR + 25 * 60_000 + 7_000)).toBe('03:25:07');
		expect(clockFace(59_500)).toBe('00:01:00');
		expect(clockFace(0)).toBe('00:00:00');
		expect(timeLeft(HOUR + 61_000)).toEqual({ hours: 1, minutes: 1, seconds: 1 });
	});
});

describe('when the face next changes', () => {
	it('wakes up on the next whole second before the start', () => {
		expect(nextChange(concert, start - 12_300)).toBe(300);
		expect(nextChange(concert, start - 12_000)).toBe(1000);
		expect(nextChange(concert, start - 400)).toBe(400);
	});

	it('lands exactly on the start, whatever the moment it is asked', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: COUNTDOWN_FROM_MS }), (left) => {
				let now = start - left;
				let steps = 0;
				while (now < start && steps++ < 100_000) now += nextChange(concert, now);
				expect(now).toBe(start);
			}),
			{ numRuns: 50 }
		);
	});

	it('waits for the countdown to appear a day ahead, at most an hour at a time', () => {
		expect(nextChange(concert, start - COUNTDOWN_FROM_MS - 5_000)).toBe(5_000);
		expect(nextChange(concert, start - 3 * COUNTDOWN_FROM_MS)).toBe(HOUR);
		expect(nextChange(concert, start + 1_000)).toBe(HOUR);
		expect(nextChange(concert, concert.endsAt - 20)).toBe(20);
	});
});

describe('what a screen reader hears', () => {
	it('hears a minute to go, ten seconds to go and the start, each once', () => {
		const heard: string[] = [];
		for (let now = start - 90_000; now <= start + 5_000; now += 250) {
			const said = announcementBetween(concert, now - 250, now);
			if (said) heard.push(said);
		}
		expect(heard).toEqual(['minute', 'tenSeconds', 'start']);
	});

	it('says nothing for a moment the page was not open for, nor for a start long over', () => {
		expect(announcementBetween(concert, start - 30_000, start - 29_000)).toBeUndefined();
		expect(announcementBetween(concert, start - 1000, concert.endsAt + 1)).toBeUndefined();
	});

	it('says the start even when the phone slept through the last seconds', () => {
		expect(announcementBetween(concert, start - 120_000, start + 3_000)).toBe('start');
	});
});
