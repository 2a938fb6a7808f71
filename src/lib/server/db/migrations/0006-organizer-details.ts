import { columnTypes, type AnyDb, type DialectName } from '../dialect';

/**
 * What organizers asked for (issue 15):
 * - tasks.description, bring, contact_name, contact_phone: a task people can act on. The contact
 *   phone, like the exact address, goes only to volunteers with a confirmed place.
 * - task_signups.no_show: "did not come", apart from zero confirmed hours.
 * - invites.revoked_at: an administrator withdrew the invitation before it was used.
 */
export async function up(db: AnyDb, dialect: DialectName) {
	const t = columnTypes(dialect);
	for (const column of ['description', 'bring', 'contact_name', 'contact_phone']) {
		await db.schema
			.alterTable('tasks')
			.addColumn(column, t.text, (c) => c.notNull().defaultTo(''))
			.execute();
	}
	await db.schema
		.alterTable('task_signups')
		.addColumn('no_show', t.int, (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema.alterTable('invites').addColumn('revoked_at', t.time).execute();
}
