import type { I18n } from '$lib/i18n/i18n.svelte';
import { formatter } from '$lib/i18n/intl-cache';

export { moment } from '$lib/i18n/moment';

/** "1 h 30 min" in the reader's language; "1 min" and "2 h" without a zero part. */
export function duration(i18n: I18n, minutes: number): string {
	const total = Math.round(minutes);
	const hours = Math.floor(total / 60);
	const rest = total % 60;
	if (hours === 0) return i18n.t('volunteer:duration.minutes', { minutes: rest });
	if (rest === 0) return i18n.t('volunteer:duration.wholeHours', { hours });
	return i18n.t('volunteer:duration.hours', { hours, minutes: rest });
}

/**
 * "Sat 6 Dec, 09:00–12:00" in the reader's language. With `timeZone`, on that zone's clock (pages
 * the server renders: the server and the browser then write the same text); without, on the
 * device's.
 */
export function timeRange(
	i18n: Pick<I18n, 'lang' | 'time'>,
	start: number,
	end: number,
	timeZone?: string
): string {
	const zone = timeZone ? { timeZone } : {};
	const day = formatter(Intl.DateTimeFormat, i18n.lang, {
		weekday: 'short',
		month: 'short',
		day: 'numeric',
		...zone
	}).format(start);
	if (!timeZone) return `${day} ${i18n.time(start)}–${i18n.time(end)}`;
	const time = formatter(Intl.DateTimeFormat, i18n.lang, { timeStyle: 'short', timeZone });
	return `${day} ${time.format(start)}–${time.format(end)}`;
}

/**
 * A spoken language's name in the reader's language: our own wording where it matters (Cantonese,
 * Mandarin, Hokkien… which Intl names unevenly), else Intl's.
 */
export function languageName(i18n: Pick<I18n, 't' | 'lang'>, code: string): string {
	const own = i18n.t(`volunteer:languages.${code}`, { defaultValue: '' });
	if (own) return own;
	try {
		return formatter(Intl.DisplayNames, i18n.lang, { type: 'language' }).of(code) ?? code;
	} catch {
		return code;
	}
}

/** "Saturday morning and Sunday afternoon" (星期六上午和星期日下午) from availability slots. */
export function slotList(i18n: Pick<I18n, 't' | 'list'>, slots: readonly string[]): string {
	return i18n.list(
		slots.map((slot) => {
			const [day, part] = slot.split('-');
			return i18n.t('volunteer:csv.slot', {
				day: i18n.t(`volunteer:days.${day}`),
				part: i18n.t(`volunteer:parts.${part}`)
			});
		})
	);
}
