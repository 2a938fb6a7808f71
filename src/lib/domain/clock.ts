/**
 * When a volunteer may check in and out of a task. One rule for the phone (which offers the button
 * only while it can be accepted, and says when it opens) and for the server (which accepts or
 * refuses the time the phone recorded). Relative imports only: the server and the CLI share it.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Check-in opens this long before the task starts (volunteers arrive early to set up). */
export const CLOCK_OPENS_BEFORE_MS = 2 * HOUR;
/** Check-out stays possible this long after the task ends (a phone that was offline, a late finish). */
export const CLOCK_CLOSES_AFTER_MS = 12 * HOUR;
/** A time recorded on a phone may be this far ahead of the server's clock (phones drift). */
export const CLOCK_SLACK_MS = 10 * MINUTE;

export interface TaskTimes {
	startsAt: number;
	endsAt: number;
}

export interface ClockWindow {
	opensAt: number;
	closesAt: number;
}

/** 'early': not yet open; 'open': check-in and check-out are accepted; 'closed': too late. */
export type ClockPhase = 'early' | 'open' | 'closed';

/** The window in which check-in and check-out times are accepted for a task. */
export function clockWindow(task: TaskTimes): ClockWindow {
	return {
		opensAt: task.startsAt - CLOCK_OPENS_BEFORE_MS,
		closesAt: task.endsAt + CLOCK_CLOSES_AFTER_MS
	};
}

/** Where `now` falls relative to the task's clock window (both ends included). */
export function clockPhase(task: TaskTimes, now: number): ClockPhase {
	const { opensAt, closesAt } = clockWindow(task);
	if (now < opensAt) return 'early';
	if (now > closesAt) return 'closed';
	return 'open';
}

/**
 * Whether the server accepts a check-in or check-out time `at` that a phone recorded, judged at
 * the server's time `now`: inside the task's window, and not in the future beyond the clock slack.
 */
export function clockTimeAccepted(task: TaskTimes, at: number, now: number): boolean {
	return at <= now + CLOCK_SLACK_MS && clockPhase(task, at) === 'open';
}

/**
 * The next moment the phase of a task changes after `now` (to wake the screen up when check-in
 * opens or closes), or undefined once it is closed for good.
 */
export function nextClockChange(task: TaskTimes, now: number): number | undefined {
	const { opensAt, closesAt } = clockWindow(task);
	if (now < opensAt) return opensAt;
	if (now <= closesAt) return closesAt + 1;
	return undefined;
}
