import { columnTypes, type AnyDb, type DialectName } from '../dialect';

/**
 * The song an organizer marks as playing now (issue 13): its place on the event's song sheet
 * (event_songs.position), null when none is marked. Phones that are online follow it.
 * (0012 is kept for the tickets of the same issue.)
 */
export async function up(db: AnyDb, dialect: DialectName) {
	const t = columnTypes(dialect);
	await db.schema.alterTable('events').addColumn('now_playing', t.int).execute();
}
