import { sql } from 'kysely';
import { columnTypes, type AnyDb, type DialectName } from '../dialect';

/**
 * Neighbourhood events (issue 12), designed for the night itself (issue 13):
 * - events: one neighbourhood's; titles and descriptions per language (JSON objects), times in
 *   ms (shown on the neighbourhood's clock), status draft / published / postponed / cancelled,
 *   and `sequence`, the iCalendar SEQUENCE, raised on every change a calendar should see.
 * - event_roles: places per role, in order; capacity null means no limit.
 * - event_songs: the song sheet, in order. event_updates: "moved to 8 pm", newest last.
 * - event_signups: one active per resident and event (a partial unique index), with the name,
 *   building and unit the resident gave (blanked 30 days after the event ends, or at "delete my
 *   data"), party size, status and the server's arrival number (the waitlist's stable order).
 *   client_id is the phone that signed up (per-device limits; the ticket of issue 13).
 * - event_checkins: admissions, one row each (by name on the staff pages now; by scanning at a
 *   door, offline, in issue 13: two doors admitting one ticket leave two rows, shown as double).
 */
export async function up(db: AnyDb, dialect: DialectName) {
	const t = columnTypes(dialect);
	await db.schema
		.createTable('events')
		.addColumn('id', t.text, (c) => c.primaryKey())
		.addColumn('neighbourhood_id', t.text, (c) =>
			c.notNull().references('neighbourhoods.id').onDelete('cascade')
		)
		.addColumn('kind', t.text, (c) => c.notNull())
		.addColumn('titles', t.text, (c) => c.notNull())
		.addColumn('descriptions', t.text, (c) => c.notNull())
		.addColumn('starts_at', t.time, (c) => c.notNull())
		.addColumn('ends_at', t.time, (c) => c.notNull())
		.addColumn('signup_deadline', t.time, (c) => c.notNull())
		.addColumn('place', t.text, (c) => c.notNull())
		.addColumn('bring', t.text, (c) => c.notNull())
		.addColumn('safety', t.text, (c) => c.notNull())
		.addColumn('status', t.text, (c) => c.notNull())
		.addColumn('sequence', t.int, (c) => c.notNull().defaultTo(0))
		.addColumn('created_by', t.text, (c) => c.notNull())
		.addColumn('created_at', t.time, (c) => c.notNull())
		.addColumn('updated_at', t.time, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('events_hood_start')
		.on('events')
		.columns(['neighbourhood_id', 'starts_at'])
		.execute();
	await db.schema
		.createTable('event_roles')
		.addColumn('id', t.text, (c) => c.primaryKey())
		.addColumn('event_id', t.text, (c) => c.notNull().references('events.id').onDelete('cascade'))
		.addColumn('position', t.int, (c) => c.notNull())
		.addColumn('names', t.text, (c) => c.notNull())
		.addColumn('capacity', t.int)
		.execute();
	await db.schema.createIndex('event_roles_event').on('event_roles').column('event_id').execute();
	await db.schema
		.createTable('event_songs')
		.addColumn('event_id', t.text, (c) => c.notNull().references('events.id').onDelete('cascade'))
		.addColumn('position', t.int, (c) => c.notNull())
		.addColumn('title', t.text, (c) => c.notNull())
		.addColumn('words', t.text, (c) => c.notNull())
		.addPrimaryKeyConstraint('event_songs_pk', ['event_id', 'position'])
		.execute();
	await db.schema
		.createTable('event_updates')
		.addColumn('id', t.text, (c) => c.primaryKey())
		.addColumn('event_id', t.text, (c) => c.notNull().references('events.id').onDelete('cascade'))
		.addColumn('text', t.text, (c) => c.notNull())
		.addColumn('created_by', t.text, (c) => c.notNull())
		.addColumn('created_at', t.time, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('event_updates_event')
		.on('event_updates')
		.column('event_id')
		.execute();
	await db.schema
		.createTable('event_signups')
		.addColumn('id', t.text, (c) => c.primaryKey())
		.addColumn('event_id', t.text, (c) => c.notNull().references('events.id').onDelete('cascade'))
		.addColumn('role_id', t.text, (c) => c.notNull().references('event_roles.id'))
		.addColumn('resident_id', t.text, (c) => c.notNull())
		.addColumn('client_id', t.text, (c) => c.notNull())
		.addColumn('name', t.text, (c) => c.notNull())
		.addColumn('building', t.text, (c) => c.notNull())
		.addColumn('unit', t.text, (c) => c.notNull())
		.addColumn('party_size', t.int, (c) => c.notNull())
		.addColumn('status', t.text, (c) => c.notNull())
		.addColumn('arrival', t.serialType, (c) => c.notNull())
		.addColumn('created_at', t.time, (c) => c.notNull())
		.addColumn('updated_at', t.time, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('event_signups_role')
		.on('event_signups')
		.columns(['role_id', 'status'])
		.execute();
	await db.schema
		.createIndex('event_signups_resident')
		.on('event_signups')
		.columns(['resident_id', 'event_id'])
		.execute();
	await db.schema
		.createIndex('event_signups_client')
		.on('event_signups')
		.columns(['client_id', 'created_at'])
		.execute();
	// One active sign-up per resident and event, even if two of their phones race.
	await db.schema
		.createIndex('event_signups_one_active')
		.on('event_signups')
		.columns(['event_id', 'resident_id'])
		.unique()
		.where(sql.ref('status'), '!=', 'cancelled')
		.execute();
	await db.schema
		.createTable('event_checkins')
		.addColumn('id', t.text, (c) => c.primaryKey())
		.addColumn('signup_id', t.text, (c) =>
			c.notNull().references('event_signups.id').onDelete('cascade')
		)
		.addColumn('event_id', t.text, (c) => c.notNull())
		.addColumn('checked_by', t.text, (c) => c.notNull())
		/** 'name' (staff page, online) now; 'scan' at a door (issue 13). */
		.addColumn('method', t.text, (c) => c.notNull())
		.addColumn('door', t.text, (c) => c.notNull().defaultTo(''))
		.addColumn('at', t.time, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('event_checkins_signup')
		.on('event_checkins')
		.column('signup_id')
		.execute();
}
