import { columnTypes, type AnyDb, type DialectName } from '../dialect';

/**
 * Announcements and the contacts directory (issue 10), both per neighbourhood:
 * - announcements: kind (notice, urgent, health, service), title and text per language (JSON
 *   object: language → { title, body }), optional start and end (ms), pinned, and withdrawn_at
 *   (a withdrawn one stays for the organizers' list; phones receive a tombstone). pushed_at marks
 *   an urgent one whose notification was queued.
 * - contacts: category, texts per language (JSON: language → { name, about, hours, address }),
 *   phone numbers (JSON array of { number, label }). Deleting one deletes the row.
 */
export async function up(db: AnyDb, dialect: DialectName) {
	const t = columnTypes(dialect);
	await db.schema
		.createTable('announcements')
		.addColumn('id', t.text, (c) => c.primaryKey())
		.addColumn('neighbourhood_id', t.text, (c) =>
			c.notNull().references('neighbourhoods.id').onDelete('cascade')
		)
		.addColumn('kind', t.text, (c) => c.notNull())
		.addColumn('texts', t.text, (c) => c.notNull())
		.addColumn('starts_at', t.time)
		.addColumn('ends_at', t.time)
		.addColumn('pinned', t.int, (c) => c.notNull().defaultTo(0))
		.addColumn('created_by', t.text, (c) => c.notNull())
		.addColumn('created_at', t.time, (c) => c.notNull())
		.addColumn('updated_at', t.time, (c) => c.notNull())
		.addColumn('withdrawn_at', t.time)
		.addColumn('pushed_at', t.time)
		.execute();
	await db.schema
		.createIndex('announcements_hood')
		.on('announcements')
		.columns(['neighbourhood_id', 'created_at'])
		.execute();
	await db.schema
		.createTable('contacts')
		.addColumn('id', t.text, (c) => c.primaryKey())
		.addColumn('neighbourhood_id', t.text, (c) =>
			c.notNull().references('neighbourhoods.id').onDelete('cascade')
		)
		.addColumn('category', t.text, (c) => c.notNull())
		.addColumn('texts', t.text, (c) => c.notNull())
		.addColumn('phones', t.text, (c) => c.notNull())
		.addColumn('created_by', t.text, (c) => c.notNull())
		.addColumn('created_at', t.time, (c) => c.notNull())
		.addColumn('updated_at', t.time, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('contacts_hood').on('contacts').column('neighbourhood_id').execute();
}
