/**
 * The organizers' CSV files, written for people: headers and values in the organizer's language
 * (labels, never field names or codes), times on the neighbourhood's clock ("2026-11-30 01:10"),
 * hours with one decimal, and a phone and e-mail column so two people of one name can be told
 * apart. The spreadsheet safety (BOM, formula guard) is csv.ts's.
 */
import { localDate, localDateTime } from '../../shared/time-zone';
import { languageName } from '../../volunteer/format';
import type { ServerI18n } from '../i18n';
import { toCsv } from './csv';
import type { HoursLine } from './organizer';
import type { RosterEntry } from './roster';

/** Hours with one decimal ("2.5"), from minutes; empty when there is nothing to say. */
export const hoursText = (minutes: number | null | undefined) =>
	minutes === null || minutes === undefined ? '' : (minutes / 60).toFixed(1);

function labels({ t, lang }: ServerI18n, timeZone: string) {
	// Chinese lists take the enumeration comma; a semicolon keeps English items apart.
	const list = (items: string[]) => items.join(lang.startsWith('zh') ? '、' : '; ');
	return {
		list,
		yesNo: (value: boolean) => t(value ? 'volunteer:csv.yes' : 'volunteer:csv.no'),
		time: (ms: number | null) => (ms === null ? '' : localDateTime(ms, timeZone)),
		skills: (skills: string[]) => list(skills.map((s) => t(`volunteer:skills.${s}`))),
		languages: (codes: string[]) => list(codes.map((code) => languageName({ t, lang }, code))),
		slots: (slots: string[]) =>
			list(
				slots.map((slot) => {
					const [day, part] = slot.split('-');
					return t('volunteer:csv.slot', {
						day: t(`volunteer:days.${day}`),
						part: t(`volunteer:parts.${part}`)
					});
				})
			)
	};
}

/** The roster as the organizer filtered it. */
export function rosterCsv(rows: RosterEntry[], i18n: ServerI18n, timeZone: string): string {
	const { t } = i18n;
	const l = labels(i18n, timeZone);
	const header = [
		'name',
		'phone',
		'email',
		'building',
		'unit',
		'skills',
		'firstAidCertified',
		'hasCar',
		'skillsOther',
		'languages',
		'availability',
		'maxHoursPerWeek',
		'notes',
		'status',
		'verified',
		'registered',
		'lastSeen',
		'tasks',
		'confirmedHours'
	].map((column) => t(`volunteer:csv.roster.${column}`));
	return toCsv(
		header,
		rows.map((r) => [
			r.name,
			r.phone,
			r.email,
			r.building,
			r.unit,
			l.skills(r.skills),
			l.yesNo(r.firstAidCertified),
			l.yesNo(r.hasCar),
			r.skillsOther,
			l.languages(r.languages),
			l.slots(r.availability),
			r.maxHoursPerWeek,
			r.notes,
			t(r.status === 'active' ? 'volunteer:staff.statusActive' : 'volunteer:staff.statusWithdrawn'),
			l.yesNo(r.verified),
			l.time(r.createdAt),
			l.time(r.lastSeenAt),
			r.tasks,
			hoursText(r.confirmedMinutes)
		])
	);
}

/** Hours per sign-up, of one task or of all. */
export function hoursCsv(lines: HoursLine[], i18n: ServerI18n, timeZone: string): string {
	const { t } = i18n;
	const l = labels(i18n, timeZone);
	const header = [
		'volunteer',
		'phone',
		'email',
		'task',
		'taskStarts',
		'checkedIn',
		'checkedOut',
		'recordedHours',
		'confirmedHours',
		'attendance'
	].map((column) => t(`volunteer:csv.hours.${column}`));
	return toCsv(
		header,
		lines.map((line) => [
			line.name,
			line.phone,
			line.email,
			line.taskTitle,
			l.time(line.startsAt),
			l.time(line.checkInAt),
			l.time(line.checkOutAt),
			hoursText(line.recordedMinutes),
			hoursText(line.confirmedMinutes),
			line.noShow
				? t('volunteer:csv.noShow')
				: line.checkInAt !== null || line.confirmedMinutes !== null
					? t('volunteer:csv.came')
					: ''
		])
	);
}

/**
 * A file name in two forms: `ascii` for old clients (letters, digits and hyphens only) and
 * `unicode` for everyone else (RFC 5987 filename*): "派送物資 2026-11-30 時數.csv".
 */
export interface FileName {
	ascii: string;
	unicode: string;
}

const asciiSlug = (text: string) =>
	text
		.normalize('NFKD')
		.replace(/[^A-Za-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.toLowerCase()
		.slice(0, 60);

/** Characters no file system or header should see in a name. */
const unsafe = (text: string) =>
	text
		// eslint-disable-next-line no-control-regex -- control characters are what it removes
		.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.slice(0, 80);

/** "Groceries for Block 7 2026-11-30 hours.csv" for one task's hours. */
export function taskHoursFileName(
	{ t }: ServerI18n,
	title: string,
	startsAt: number,
	timeZone: string
): FileName {
	const date = localDate(startsAt, timeZone);
	return {
		ascii: `${asciiSlug(title) || 'task'}-${date}-hours.csv`,
		unicode: `${t('volunteer:csv.taskFile', { title: unsafe(title), date })}.csv`
	};
}

/** "Volunteers 2026-11-30.csv", "Hours 2026-11-30.csv": dated the day they were taken. */
export function datedFileName(
	{ t }: ServerI18n,
	kind: 'rosterFile' | 'hoursFile',
	now: number,
	timeZone: string
): FileName {
	const date = localDate(now, timeZone);
	return {
		ascii: `${kind === 'rosterFile' ? 'volunteers' : 'hours'}-${date}.csv`,
		unicode: `${t(`volunteer:csv.${kind}`, { date })}.csv`
	};
}
