import { browser } from '$app/environment';

/** A time as the browser's datetime-local input shows it (the organizer's own time zone). */
export const datetimeLocal = (ms: number | undefined) =>
	ms ? new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16) : '';

/**
 * The organizer's offset from UTC, sent with a form's times so the server reads them right (see
 * formTime on the server); 0 until hydrated.
 */
export const timezoneOffset = () => (browser ? new Date().getTimezoneOffset() : 0);
