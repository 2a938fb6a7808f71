/** Announcements and contacts (migration 0010). */

export interface AnnouncementsTable {
	id: string;
	neighbourhood_id: string;
	/** notice | urgent | health | service */
	kind: string;
	/** JSON object: language → { title, body }. */
	texts: string;
	starts_at: number | null;
	ends_at: number | null;
	pinned: number;
	created_by: string;
	created_at: number;
	updated_at: number;
	withdrawn_at: number | null;
	/** When an urgent one's notification was queued. */
	pushed_at: number | null;
}

export interface ContactsTable {
	id: string;
	neighbourhood_id: string;
	category: string;
	/** JSON object: language → { name, about, hours, address }. */
	texts: string;
	/** JSON array of { number, label }. */
	phones: string;
	created_by: string;
	created_at: number;
	updated_at: number;
}

export interface AnnouncementTables {
	announcements: AnnouncementsTable;
	contacts: ContactsTable;
}
