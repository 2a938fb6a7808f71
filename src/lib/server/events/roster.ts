/**
 * An event's roster and counts for its organizers (personal data: staff in scope only), and the
 * CSV of it, written as the volunteer CSV is (UTF-8 with BOM, formula-safe: csv.ts).
 */
import { pickText, type Texts } from '../../shared/events';
import { localDateTime } from '../../shared/time-zone';
import type { Database } from '../db/connect';
import type { ServerI18n } from '../i18n';
import { toCsv } from '../volunteers/csv';

export interface RosterLine {
	id: string;
	name: string;
	building: string;
	unit: string;
	partySize: number;
	roleId: string;
	status: 'confirmed' | 'waitlisted' | 'cancelled';
	present: boolean;
	/** Admissions recorded (more than one: two doors let the same ticket in). */
	admissions: number;
	/** The doors that admitted them, as the organizers' phones named them ('' for none given). */
	doors: string[];
	createdAt: number;
}

export interface RoleCount {
	id: string;
	names: Texts;
	capacity: number | null;
	confirmed: number;
	waitlisted: number;
	cancelled: number;
	present: number;
}

export async function eventRoster(db: Database['db'], eventId: string, search = '') {
	const roles = await db
		.selectFrom('event_roles')
		.selectAll()
		.where('event_id', '=', eventId)
		.orderBy('position')
		.execute();
	let query = db
		.selectFrom('event_signups')
		.leftJoin('event_checkins', 'event_checkins.signup_id', 'event_signups.id')
		.select([
			'event_signups.id',
			'event_signups.name',
			'event_signups.building',
			'event_signups.unit',
			'event_signups.party_size',
			'event_signups.role_id',
			'event_signups.status',
			'event_signups.created_at',
			'event_checkins.at as present_at',
			'event_checkins.door'
		])
		.where('event_signups.event_id', '=', eventId)
		.orderBy('event_signups.arrival');
	const term = search.trim();
	if (term) query = query.where('event_signups.name', 'like', `%${term.replace(/[%_\\]/g, '')}%`);
	const rows = await query.execute();
	const byId = new Map<string, RosterLine>();
	const lines: RosterLine[] = [];
	for (const row of rows) {
		// Two doors admitting one ticket (issue 13) leave two rows: one line, two admissions.
		const seen = byId.get(row.id);
		if (seen) {
			seen.admissions++;
			seen.doors.push(row.door ?? '');
			continue;
		}
		const line: RosterLine = {
			id: row.id,
			name: row.name,
			building: row.building,
			unit: row.unit,
			partySize: row.party_size,
			roleId: row.role_id,
			status: row.status,
			present: row.present_at !== null,
			admissions: row.present_at !== null ? 1 : 0,
			doors: row.present_at !== null ? [row.door ?? ''] : [],
			createdAt: row.created_at
		};
		byId.set(row.id, line);
		lines.push(line);
	}
	const counts: RoleCount[] = roles.map((role) => {
		const mine = term ? [] : lines.filter((l) => l.roleId === role.id);
		const people = (pick: (l: RosterLine) => boolean) =>
			mine.filter(pick).reduce((sum, l) => sum + l.partySize, 0);
		return {
			id: role.id,
			names: JSON.parse(role.names) as Texts,
			capacity: role.capacity,
			confirmed: people((l) => l.status === 'confirmed'),
			waitlisted: people((l) => l.status === 'waitlisted'),
			cancelled: people((l) => l.status === 'cancelled'),
			present: people((l) => l.present)
		};
	});
	return { lines, counts };
}

/** Those let in more than once (two doors, one ticket), for the organizers to look into. */
export { admittedTwice } from '../../domain/door';

/** The roster as a spreadsheet: labels and statuses in the organizer's language. */
export function rosterCsv(
	lines: RosterLine[],
	roles: RoleCount[],
	{ t, lang }: ServerI18n,
	timeZone: string
): string {
	const roleName = (id: string) => pickText(roles.find((r) => r.id === id)?.names ?? {}, lang);
	return toCsv(
		[
			t('events:csv.name'),
			t('events:csv.building'),
			t('events:csv.unit'),
			t('events:csv.party'),
			t('events:csv.role'),
			t('events:csv.status'),
			t('events:csv.present'),
			t('events:csv.signedUpAt')
		],
		lines.map((l) => [
			l.name,
			l.building,
			l.unit,
			l.partySize,
			roleName(l.roleId),
			t(`events:staff.${l.status}`),
			t(l.present ? 'events:csv.yes' : 'events:csv.no'),
			localDateTime(l.createdAt, timeZone)
		])
	);
}
