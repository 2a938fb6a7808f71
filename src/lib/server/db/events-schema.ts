/** Event tables (migration 0011). Personal data: event_signups' name, building and unit. */
import type { EventKind, EventSignupStatus, EventStatus } from '../../shared/events';

export interface EventsTable {
	id: string;
	neighbourhood_id: string;
	kind: EventKind;
	/** JSON object: language → text. */
	titles: string;
	descriptions: string;
	starts_at: number;
	ends_at: number;
	signup_deadline: number;
	place: string;
	bring: string;
	safety: string;
	status: EventStatus;
	/** iCalendar SEQUENCE: raised on every change. */
	sequence: number;
	created_by: string;
	created_at: number;
	updated_at: number;
	/** The song playing now: its position on the song sheet; null: none marked (0012). */
	now_playing: number | null;
}

export interface EventRolesTable {
	id: string;
	event_id: string;
	position: number;
	/** JSON object: language → name. */
	names: string;
	/** null: no limit. */
	capacity: number | null;
}

export interface EventSongsTable {
	event_id: string;
	position: number;
	title: string;
	words: string;
}

export interface EventUpdatesTable {
	id: string;
	event_id: string;
	text: string;
	created_by: string;
	created_at: number;
}

export interface EventSignupsTable {
	id: string;
	event_id: string;
	role_id: string;
	resident_id: string;
	client_id: string;
	name: string;
	building: string;
	unit: string;
	party_size: number;
	status: EventSignupStatus;
	arrival: number;
	created_at: number;
	updated_at: number;
}

export interface EventCheckinsTable {
	id: string;
	signup_id: string;
	event_id: string;
	checked_by: string;
	method: 'name' | 'scan';
	door: string;
	at: number;
}

export interface EventTables {
	events: EventsTable;
	event_roles: EventRolesTable;
	event_songs: EventSongsTable;
	event_updates: EventUpdatesTable;
	event_signups: EventSignupsTable;
	event_checkins: EventCheckinsTable;
}
