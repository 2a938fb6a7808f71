import { columnTypes, type AnyDb, type DialectName } from '../dialect';

/**
 * Web Push (issue 10):
 * - push_subscriptions: one per device (a browser's service worker has one subscription), linked
 *   to the device's resident through the device (clients.resident_id: linking a second phone
 *   moves it, and the subscription follows), with the push service's endpoint and the keys that encrypt payloads
 *   for it (RFC 8291), and the phone's language for the notification's words.
 * - push_topics: what each subscription follows ("all" for the whole server, "n:<id>" for a
 *   neighbourhood). A notification to a topic goes to the subscriptions that follow it.
 * Both go with their device (cascade) and are dropped when the push service says the
 * subscription is gone (404/410).
 */
export async function up(db: AnyDb, dialect: DialectName) {
	const t = columnTypes(dialect);
	await db.schema
		.createTable('push_subscriptions')
		.addColumn('client_id', t.text, (c) =>
			c.primaryKey().references('clients.id').onDelete('cascade')
		)
		.addColumn('endpoint', t.text, (c) => c.notNull().unique())
		.addColumn('p256dh', t.text, (c) => c.notNull())
		.addColumn('auth', t.text, (c) => c.notNull())
		.addColumn('lang', t.text, (c) => c.notNull())
		.addColumn('created_at', t.time, (c) => c.notNull())
		.addColumn('updated_at', t.time, (c) => c.notNull())
		.execute();
	await db.schema
		.createTable('push_topics')
		.addColumn('client_id', t.text, (c) =>
			c.notNull().references('push_subscriptions.client_id').onDelete('cascade')
		)
		.addColumn('topic', t.text, (c) => c.notNull())
		.addPrimaryKeyConstraint('push_topics_pk', ['client_id', 'topic'])
		.execute();
	await db.schema
		.createIndex('push_topics_topic')
		.on('push_topics')
		.columns(['topic', 'client_id'])
		.execute();
}
