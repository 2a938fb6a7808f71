import { columnTypes, type AnyDb, type DialectName } from '../dialect';

/** Accounts of the people who run the server, devices and residents, and the sync log. */
export async function up(db: AnyDb, dialect: DialectName) {
	const t = columnTypes(dialect);

	await db.schema
		.createTable('users')
		.addColumn('id', t.text, (c) => c.primaryKey())
		.addColumn('email', t.text, (c) => c.notNull().unique())
		.addColumn('name', t.text, (c) => c.notNull())
		.addColumn('password_hash', t.text, (c) => c.notNull())
		.addColumn('roles', t.text, (c) => c.notNull())
		.addColumn('created_at', t.time, (c) => c.notNull())
		.addColumn('failed_sign_ins', t.int, (c) => c.notNull().defaultTo(0))
		.addColumn('locked_until', t.time)
		.addColumn('last_sign_in_at', t.time)
		.addColumn('disabled', t.int, (c) => c.notNull().defaultTo(0))
		.execute();

	await db.schema
		.createTable('sessions')
		.addColumn('token_hash', t.text, (c) => c.primaryKey())
		.addColumn('user_id', t.text, (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('created_at', t.time, (c) => c.notNull())
		.addColumn('expires_at', t.time, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

	await db.schema
		.createTable('invites')
		.addColumn('token_hash', t.text, (c) => c.primaryKey())
		.addColumn('roles', t.text, (c) => c.notNull())
		.addColumn('email', t.text)
		.addColumn('created_by', t.text, (c) => c.notNull())
		.addColumn('created_at', t.time, (c) => c.notNull())
		.addColumn('expires_at', t.time, (c) => c.notNull())
		.addColumn('used_at', t.time)
		.addColumn('used_by', t.text)
		.execute();

	await db.schema
		.createTable('password_resets')
		.addColumn('token_hash', t.text, (c) => c.primaryKey())
		.addColumn('user_id', t.text, (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('created_by', t.text, (c) => c.notNull())
		.addColumn('created_at', t.time, (c) => c.notNull())
		.addColumn('expires_at', t.time, (c) => c.notNull())
		.addColumn('used_at', t.time)
		.execute();

	await db.schema
		.createTable('residents')
		.addColumn('id', t.text, (c) => c.primaryKey())
		.addColumn('created_at', t.time, (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('clients')
		.addColumn('id', t.text, (c) => c.primaryKey())
		.addColumn('resident_id', t.text, (c) => c.notNull().references('residents.id'))
		.addColumn('secret_hash', t.text, (c) => c.notNull())
		.addColumn('created_at', t.time, (c) => c.notNull())
		.addColumn('last_seen_at', t.time, (c) => c.notNull())
		.addColumn('last_seq', t.int, (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema.createIndex('clients_resident').on('clients').column('resident_id').execute();

	await db.schema
		.createTable('link_codes')
		.addColumn('code_hash', t.text, (c) => c.primaryKey())
		.addColumn('resident_id', t.text, (c) => c.notNull().references('residents.id'))
		.addColumn('created_by_client', t.text, (c) => c.notNull())
		.addColumn('created_at', t.time, (c) => c.notNull())
		.addColumn('expires_at', t.time, (c) => c.notNull())
		.addColumn('used_at', t.time)
		.addColumn('attempts', t.int, (c) => c.notNull().defaultTo(0))
		.execute();

	await db.schema
		.createTable('mutation_results')
		.addColumn('client_id', t.text, (c) => c.notNull())
		.addColumn('seq', t.int, (c) => c.notNull())
		.addColumn('status', t.text, (c) => c.notNull())
		.addColumn('code', t.text)
		.addColumn('detail', t.text)
		.addColumn('at', t.time, (c) => c.notNull())
		.addPrimaryKeyConstraint('mutation_results_pk', ['client_id', 'seq'])
		.execute();

	await db.schema
		.createTable('changes')
		.addColumn('seq', t.serialType, t.serialKey)
		.addColumn('collection', t.text, (c) => c.notNull())
		.addColumn('record_id', t.text, (c) => c.notNull())
		.addColumn('audience', t.text, (c) => c.notNull())
		.addColumn('deleted', t.int, (c) => c.notNull().defaultTo(0))
		.addColumn('at', t.time, (c) => c.notNull())
		.addUniqueConstraint('changes_record_audience', ['collection', 'record_id', 'audience'])
		.execute();
	await db.schema
		.createIndex('changes_audience_seq')
		.on('changes')
		.columns(['audience', 'seq'])
		.execute();

	await db.schema
		.createTable('audit_log')
		.addColumn('id', t.serialType, t.serialKey)
		.addColumn('at', t.time, (c) => c.notNull())
		.addColumn('actor', t.text, (c) => c.notNull())
		.addColumn('action', t.text, (c) => c.notNull())
		.addColumn('detail', t.text)
		.execute();
}
