import { columnTypes, type AnyDb, type DialectName } from '../dialect';

/**
 * clients.removed_at: a phone its owner removed from another phone (a lost or sold one). It can no
 * longer read or send the resident's records; when it next calls, it is told so and forgets them.
 */
export async function up(db: AnyDb, dialect: DialectName) {
	const t = columnTypes(dialect);
	await db.schema.alterTable('clients').addColumn('removed_at', t.time).execute();
}
