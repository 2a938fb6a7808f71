/**
 * The countdown to an event's start (issue 13), as pure rules: which phase a moment is in, what
 * the clock face shows, when it next changes, and the few moments worth announcing to a screen
 * reader. All times are the server's (the phone's clock plus the measured offset: see
 * clock-offset.ts), in milliseconds.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The countdown appears this long before the start. */
export const COUNTDOWN_FROM_MS = 24 * HOUR;
/** The last seconds are shown as one big number. */
export const FINAL_SECONDS = 10;

/**
 * 'later': more than a day to go (no countdown yet); 'counting': hours, minutes and seconds;
 * 'final': the last ten seconds; 'started': from the start until the end; 'ended'.
 */
export type CountdownPhase = 'later' | 'counting' | 'final' | 'started' | 'ended';

export interface EventTimes {
	startsAt: number;
	endsAt: number;
}

export function countdownPhase(event: EventTimes, now: number): CountdownPhase {
	const left = event.startsAt - now;
	if (left > COUNTDOWN_FROM_MS) return 'later';
	if (left > FINAL_SECONDS * SECOND) return 'counting';
	if (left > 0) return 'final';
	return now < event.endsAt ? 'started' : 'ended';
}

/**
 * Whole seconds still to go, rounded up: the face shows 1 until the very moment of the start and
 * 0 exactly at it, so every phone shows 0 at the same instant whatever its frame rate.
 */
export const secondsLeft = (msLeft: number) => Math.max(0, Math.ceil(msLeft / SECOND));

/** "01:02:03" (hours may exceed 99 only in theory: the countdown starts a day ahead). */
export function clockFace(msLeft: number): string {
	const total = secondsLeft(msLeft);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

/** Hours, minutes and seconds left, for a sentence a screen reader can read. */
export function timeLeft(msLeft: number): { hours: number; minutes: number; seconds: number } {
	const total = secondsLeft(msLeft);
	return {
		hours: Math.floor(total / 3600),
		minutes: Math.floor((total % 3600) / 60),
		seconds: total % 60
	};
}

/**
 * Milliseconds until the face next changes (the next whole second before the start, or the start
 * itself), so a timer wakes up on the change rather than up to a second after it. Once started:
 * the time until the end, at most an hour (then it checks again).
 */
export function nextChange(event: EventTimes, now: number): number {
	const left = event.startsAt - now;
	if (left > COUNTDOWN_FROM_MS) return Math.min(left - COUNTDOWN_FROM_MS, HOUR);
	if (left > 0) return left - (secondsLeft(left) - 1) * SECOND;
	return Math.max(1, Math.min(event.endsAt - now, HOUR));
}

/** The moments read out to a screen reader: a minute to go, ten seconds to go, the start. */
export type Announcement = 'minute' | 'tenSeconds' | 'start';

/**
 * What to announce when the countdown moves from `before` to `now` (an announcement is made once,
 * on crossing its moment; a page opened with 30 s to go says nothing about the minute).
 */
export function announcementBetween(
	event: EventTimes,
	before: number,
	now: number
): Announcement | undefined {
	const crossed = (at: number) => before < at && now >= at;
	if (crossed(event.startsAt)) return now < event.endsAt ? 'start' : undefined;
	if (crossed(event.startsAt - FINAL_SECONDS * SECOND)) return 'tenSeconds';
	if (crossed(event.startsAt - MINUTE)) return 'minute';
	return undefined;
}
