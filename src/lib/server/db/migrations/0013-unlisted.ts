import { columnTypes, type AnyDb, type DialectName } from '../dialect';

/**
 * A neighbourhood can stay out of the list residents pick from (a private estate, a group that
 * joins by the QR code in its lobby): `listed` 0. Every existing one stays listed.
 */
export async function up(db: AnyDb, dialect: DialectName) {
	const t = columnTypes(dialect);
	await db.schema
		.alterTable('neighbourhoods')
		.addColumn('listed', t.int, (c) => c.notNull().defaultTo(1))
		.execute();
}
