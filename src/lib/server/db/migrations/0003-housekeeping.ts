import { columnTypes, type AnyDb, type DialectName } from '../dialect';

/**
 * clients.acked_seq: the highest seq whose answer the device has certainly received (it sends its
 * outbox from the oldest unanswered change, so everything below a push's first seq was answered).
 * Stored answers up to it are no longer needed and housekeeping removes them.
 */
export async function up(db: AnyDb, dialect: DialectName) {
	const t = columnTypes(dialect);
	await db.schema
		.alterTable('clients')
		.addColumn('acked_seq', t.int, (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();
}
