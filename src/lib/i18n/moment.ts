import type { I18n } from './i18n.svelte';
import { formatter } from './intl-cache';

/** A moment near `now`: "14:00" today, "Sun 30 Nov, 14:00" on another day. */
export function moment(i18n: I18n, at: number, now = Date.now()): string {
	const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
	if (sameDay) return i18n.time(at);
	const day = formatter(Intl.DateTimeFormat, i18n.lang, {
		weekday: 'short',
		month: 'short',
		day: 'numeric'
	}).format(at);
	return `${day} ${i18n.time(at)}`;
}
