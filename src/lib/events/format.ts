import type { I18n } from '$lib/i18n/i18n.svelte';
import { pickText, type EventPublic, type EventRolePublic } from '$shared/events';
import { timeRange } from '$lib/volunteer/format';

/** The event's title in the reader's language (else English, else any it has). */
export const eventTitle = (i18n: Pick<I18n, 'lang'>, event: Pick<EventPublic, 'titles'>) =>
	pickText(event.titles, i18n.lang);

export const roleName = (i18n: Pick<I18n, 'lang'>, role: Pick<EventRolePublic, 'names'>) =>
	pickText(role.names, i18n.lang);

/** "Sat 6 Dec, 20:00–22:00" on the neighbourhood's clock, in the reader's language. */
export const eventTime = (i18n: Pick<I18n, 'lang' | 'time'>, event: EventPublic) =>
	timeRange(i18n, event.startsAt, event.endsAt, event.timeZone);
