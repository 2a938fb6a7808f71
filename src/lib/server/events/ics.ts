/**
 * Calendar files (RFC 5545) with ical-generator: one event (/events/<id>.ics) or a
 * neighbourhood's published events (a feed calendar apps subscribe to).
 *
 * - UID: the event's id at this server's host, the same in every download, so calendars update
 *   the entry rather than add a second one;
 * - times with TZID (the neighbourhood's zone) and its VTIMEZONE, written from the platform's own
 *   time-zone data (Intl) for the years the events span;
 * - SEQUENCE: events.sequence, raised on every change (an edit, publish, postpone, cancel, update);
 * - STATUS: CONFIRMED, TENTATIVE while postponed, CANCELLED once cancelled.
 */
import ical, { ICalEventStatus } from 'ical-generator';
import { offsetMinutes } from '../../shared/time-zone';
import type { EventPublic } from '../../shared/events';
import { pickText } from '../../shared/events';

const HOUR = 3_600_000;
const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');
const offsetText = (minutes: number) =>
	`${minutes < 0 ? '-' : '+'}${pad(Math.trunc(minutes / 60))}${pad(minutes % 60)}`;

/** A UTC-free local time "YYYYMMDDTHHMMSS" for a moment, as a clock at `offset` shows it. */
function localStamp(ms: number, offset: number) {
	const d = new Date(ms + offset * 60_000);
	return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

/** Moments the zone's offset changes between `from` and `to` (to the minute). */
function transitions(zone: string, from: number, to: number) {
	const found: { at: number; before: number; after: number }[] = [];
	let previous = offsetMinutes(from, zone);
	for (let t = from + 6 * HOUR; t <= to; t += 6 * HOUR) {
		const now = offsetMinutes(t, zone);
		if (now === previous) continue;
		let lo = t - 6 * HOUR;
		let hi = t;
		while (hi - lo > 60_000) {
			const mid = lo + Math.floor((hi - lo) / 2);
			if (offsetMinutes(mid, zone) === previous) lo = mid;
			else hi = mid;
		}
		// Zones change on a whole minute: the first minute with the new offset.
		found.push({ at: Math.floor(hi / 60_000) * 60_000, before: previous, after: now });
		previous = now;
	}
	return found;
}

/**
 * The VTIMEZONE of `zone` for the years [fromYear, toYear]: the offset in force at the start,
 * then one observance per change (daylight saving), each with its own DTSTART.
 */
export function vtimezone(zone: string, fromYear: number, toYear: number): string {
	const from = Date.UTC(fromYear, 0, 1);
	const to = Date.UTC(toYear + 1, 0, 1);
	const changes = transitions(zone, from, to);
	const offsets = [offsetMinutes(from, zone), ...changes.map((c) => c.after)];
	const standard = Math.min(...offsets);
	const first = offsetMinutes(from, zone);
	const block = (kind: string, start: string, before: number, after: number) =>
		[
			`BEGIN:${kind}`,
			`DTSTART:${start}`,
			`TZOFFSETFROM:${offsetText(before)}`,
			`TZOFFSETTO:${offsetText(after)}`,
			`END:${kind}`
		].join('\r\n');
	const kindOf = (offset: number) => (offset === standard ? 'STANDARD' : 'DAYLIGHT');
	return [
		'BEGIN:VTIMEZONE',
		`TZID:${zone}`,
		block(kindOf(first), '19700101T000000', first, first),
		...changes.map((c) => block(kindOf(c.after), localStamp(c.at, c.before), c.before, c.after)),
		'END:VTIMEZONE'
	].join('\r\n');
}

/**
 * ical-generator writes a native Date with a TZID as the Date's wall clock in this process's own
 * zone (getHours…). So the Date handed to it is the one whose local clock reads what a clock in
 * `zone` reads at `ms`: the file then says 20:00 Asia/Hong_Kong whatever TZ the server runs in.
 */
function onZoneClock(ms: number, zone: string): Date {
	const wall = new Date(ms + offsetMinutes(ms, zone) * 60_000);
	return new Date(
		wall.getUTCFullYear(),
		wall.getUTCMonth(),
		wall.getUTCDate(),
		wall.getUTCHours(),
		wall.getUTCMinutes(),
		wall.getUTCSeconds()
	);
}

const STATUS: Record<EventPublic['status'], ICalEventStatus> = {
	published: ICalEventStatus.CONFIRMED,
	postponed: ICalEventStatus.TENTATIVE,
	cancelled: ICalEventStatus.CANCELLED
};

export interface IcsEvent extends EventPublic {
	sequence: number;
	createdAt: number;
}

/** An .ics calendar holding `events` (one, or a neighbourhood's feed). */
export function calendarFile(
	events: IcsEvent[],
	{ origin, lang, name }: { origin: string; lang: string; name: string }
): string {
	const host = new URL(origin).host || 'linli';
	const zones = [...new Set(events.map((e) => e.timeZone))];
	const years = events.flatMap((e) => [
		new Date(e.startsAt).getUTCFullYear() - 1,
		new Date(e.endsAt).getUTCFullYear()
	]);
	const fromYear = years.length ? Math.min(...years) : new Date().getUTCFullYear();
	const toYear = years.length ? Math.max(...years) : fromYear;
	const calendar = ical({
		name,
		prodId: { company: 'Linli', product: 'events', language: lang.toUpperCase() },
		// One zone (a neighbourhood's): its VTIMEZONE is written by the generator below.
		...(zones.length === 1
			? {
					timezone: { name: zones[0]!, generator: (tz: string) => vtimezone(tz, fromYear, toYear) }
				}
			: {})
	});
	for (const event of events) {
		const description = [
			pickText(event.descriptions, lang),
			event.bring,
			event.safety,
			...event.updates.map((u) => u.text)
		]
			.filter(Boolean)
			.join('\n\n');
		calendar.createEvent({
			id: `${event.id}@${host}`,
			sequence: event.sequence,
			...(zones.length === 1
				? {
						start: onZoneClock(event.startsAt, event.timeZone),
						end: onZoneClock(event.endsAt, event.timeZone),
						timezone: event.timeZone
					}
				: { start: new Date(event.startsAt), end: new Date(event.endsAt) }),
			summary: pickText(event.titles, lang),
			...(description ? { description } : {}),
			location: event.place,
			status: STATUS[event.status],
			stamp: new Date(event.updatedAt),
			lastModified: new Date(event.updatedAt),
			created: new Date(event.createdAt),
			url: `${origin}/events/${event.id}`
		});
	}
	return calendar.toString();
}
