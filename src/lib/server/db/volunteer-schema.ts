/** Volunteer tables (migration 0002). Personal data lives in `volunteers` only. */
import type { Generated } from 'kysely';

export interface VolunteersTable {
	id: string;
	resident_id: string;
	name: string;
	phone: string;
	email: string;
	building: string;
	unit: string;
	/** JSON array of skill keys. */
	skills: string;
	first_aid_certified: number;
	has_car: number;
	skills_other: string;
	/** JSON array of language codes. */
	languages: string;
	/** JSON array of availability slots ("mon-morning"…). */
	availability: string;
	max_hours_week: number;
	notes: string;
	consent_version: string;
	consent_at: number;
	status: 'active' | 'withdrawn';
	withdrawn_at: number | null;
	created_at: number;
	updated_at: number;
}

/** Searchable facets of a volunteer (skill:…, lang:…, slot:…, building:…), indexed for the roster. */
export interface VolunteerTagsTable {
	volunteer_id: string;
	tag: string;
}

/** What organizers set about a volunteer, kept apart from what the volunteer wrote. */
export interface VolunteerReviewsTable {
	volunteer_id: string;
	verified: number;
	verified_at: number | null;
	verified_by: string | null;
}

export interface TasksTable {
	id: string;
	title: string;
	place: string;
	/** Exact address: shown only to confirmed volunteers (and organizers). */
	address: string;
	starts_at: number;
	ends_at: number;
	skills: string;
	slots: number;
	status: 'open' | 'cancelled';
	/** What the volunteers will do, several lines (migration 0006; '' when not given). */
	description: string;
	/** What to bring (0006). */
	bring: string;
	/** Whom to ask on the day (0006): shown to everyone. */
	contact_name: string;
	/** Their phone (0006): shown only to confirmed volunteers, like the address. */
	contact_phone: string;
	/** The neighbourhood it belongs to (migration 0007; null only for a row written before it). */
	neighbourhood_id: string | null;
	created_by: string;
	created_at: number;
	updated_at: number;
}

export interface TaskSignupsTable {
	id: string;
	task_id: string;
	volunteer_id: string;
	resident_id: string;
	status: 'confirmed' | 'waitlisted' | 'cancelled';
	/** Server time of the sign-up. */
	arrived_at: number;
	/** Arrival order for the waitlist: the database's counter, unique and stable (nextArrival). */
	arrival: number;
	created_at: number;
	updated_at: number;
	check_in_at: number | null;
	check_out_at: number | null;
	confirmed_minutes: number | null;
	confirmed_by: string | null;
	confirmed_at: number | null;
	/** 1 when an organizer marked "did not come" (migration 0006). */
	no_show: Generated<number>;
}

export interface NoticesTable {
	id: string;
	resident_id: string;
	kind: 'taskChanged' | 'taskCancelled' | 'promoted';
	task_id: string;
	created_at: number;
}

export interface CertificatesTable {
	token_hash: string;
	volunteer_id: string;
	resident_id: string;
	minutes: number;
	first_at: number | null;
	last_at: number | null;
	issued_at: number;
}

export interface VolunteerTables {
	volunteers: VolunteersTable;
	volunteer_tags: VolunteerTagsTable;
	volunteer_reviews: VolunteerReviewsTable;
	tasks: TasksTable;
	task_signups: TaskSignupsTable;
	notices: NoticesTable;
	certificates: CertificatesTable;
}
