/**
 * Wall-clock time in a named time zone (IANA, e.g. Asia/Taipei), for what people read and type:
 * CSV files, task times on server-rendered pages, the organizers' task form. Times are stored as
 * milliseconds since the epoch; only these edges know about zones.
 * Relative imports only (shared with the CLI).
 */

/** True for a time zone name this runtime knows (Intl refuses the others). */
export function isTimeZone(name: string): boolean {
	if (!name) return false;
	try {
		new Intl.DateTimeFormat('en', { timeZone: name });
		return true;
	} catch {
		return false;
	}
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(ms: number, timeZone: string) {
	let format = formatters.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		formatters.set(timeZone, format);
	}
	const parts: Record<string, number> = {};
	for (const part of format.formatToParts(ms))
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	return {
		year: parts.year ?? 1970,
		month: parts.month ?? 1,
		day: parts.day ?? 1,
		hour: parts.hour ?? 0,
		minute: parts.minute ?? 0,
		second: parts.second ?? 0
	};
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-11-30" for a moment, as a calendar in the zone shows it. */
export function localDate(ms: number, timeZone: string): string {
	const p = partsIn(ms, timeZone);
	return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** "2026-11-30 01:10" for a moment, as a clock in the zone shows it (what spreadsheets read). */
export function localDateTime(ms: number, timeZone: string): string {
	const p = partsIn(ms, timeZone);
	return `${localDate(ms, timeZone)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** The zone's offset from UTC at a moment, in minutes (Taipei: +480). */
export function offsetMinutes(ms: number, timeZone: string): number {
	const p = partsIn(ms, timeZone);
	const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
	return Math.round((asUtc - (ms - (ms % 1000))) / 60_000);
}

/**
 * The moment a wall-clock time in the zone names ("2026-11-30T01:10" → ms). Two passes settle the
 * offset around a daylight-saving change; a time that does not exist (skipped by the change) lands
 * just after it.
 */
export function fromLocal(
	wall: { year: number; month: number; day: number; hour: number; minute: number },
	timeZone: string
): number {
	const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
	let ms = naive - offsetMinutes(naive, timeZone) * 60_000;
	ms = naive - offsetMinutes(ms, timeZone) * 60_000;
	return ms;
}

/** "2026-11-30T01:10" (a datetime-local input's value) for a moment in the zone. */
export function toDateTimeLocal(ms: number, timeZone: string): string {
	return localDateTime(ms, timeZone).replace(' ', 'T');
}
