/**
 * An event from the organizers' form: titles and descriptions per language, times as the
 * neighbourhood's wall clock (datetime-local, read in its time zone whatever the organizer's
 * browser says), roles and songs as parallel lists. Validation is the shared schema's
 * (eventErrors), run by the store.
 */
import { EVENT_LANGUAGES, type EventFields, type EventKind, type Texts } from '../../shared/events';
import { fromLocal } from '../../shared/time-zone';

const text = (form: FormData, name: string) => String(form.get(name) ?? '').replace(/\r\n?/g, '\n');

/** A datetime-local value in the zone, or NaN (reported as a field error). */
export function wallTime(value: string, timeZone: string): number {
	const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
	if (!match) return NaN;
	const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
		number,
		number,
		number,
		number,
		number
	];
	return fromLocal({ year, month, day, hour, minute }, timeZone);
}

export function eventFromForm(
	form: FormData,
	neighbourhoodId: string,
	timeZone: string,
	lang: string
): EventFields {
	const texts = (prefix: string): Texts =>
		Object.fromEntries(EVENT_LANGUAGES.map((l) => [l, text(form, `${prefix}.${l}`)]));
	const roleIds = form.getAll('roleId').map(String);
	const roleNames = form.getAll('roleName').map(String);
	const capacities = form.getAll('roleCapacity').map(String);
	const titles = form.getAll('songTitle').map(String);
	const words = form.getAll('songWords').map((w) => String(w).replace(/\r\n?/g, '\n'));
	return {
		neighbourhoodId,
		kind: text(form, 'kind') as EventKind,
		titles: texts('title'),
		descriptions: texts('description'),
		startsAt: wallTime(text(form, 'startsAt'), timeZone),
		endsAt: wallTime(text(form, 'endsAt'), timeZone),
		signupDeadline: wallTime(text(form, 'signupDeadline'), timeZone),
		place: text(form, 'place'),
		bring: text(form, 'bring'),
		safety: text(form, 'safety'),
		roles: roleIds.map((id, i) => {
			const capacity = (capacities[i] ?? '').trim();
			return {
				id,
				// A role's name is written in the organizer's language.
				names: { [lang]: roleNames[i] ?? '' },
				capacity: capacity === '' ? null : Number(capacity)
			};
		}),
		songs: titles
			.map((title, i) => ({ title, words: words[i] ?? '' }))
			.filter((s) => s.title.trim() !== '' || s.words.trim() !== '')
	};
}
