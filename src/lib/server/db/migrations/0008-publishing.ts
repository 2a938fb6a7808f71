import { columnTypes, type AnyDb, type DialectName } from '../dialect';

/**
 * Publishing lesson packs (issue 11, phase B):
 * - publish_tokens: a publisher's tokens for `linli pack publish` (only the hash is kept).
 * - publishing_keys: every Ed25519 key that signed an upload, the publisher who first used it and
 *   whether an admin approved it (and under which name: the verified publisher name).
 * - packs: a pack id, its publisher and the key it is bound to.
 * - pack_versions: each uploaded version, the file itself, and its review status.
 */
export async function up(db: AnyDb, dialect: DialectName) {
	const t = columnTypes(dialect);
	const blob = dialect === 'postgres' ? 'bytea' : 'blob';

	await db.schema
		.createTable('publish_tokens')
		.addColumn('token_hash', t.text, (c) => c.primaryKey())
		.addColumn('user_id', t.text, (c) => c.notNull().references('users.id'))
		.addColumn('label', t.text, (c) => c.notNull())
		.addColumn('created_at', t.time, (c) => c.notNull())
		.addColumn('last_used_at', t.time)
		.addColumn('revoked_at', t.time)
		.execute();
	await db.schema
		.createIndex('publish_tokens_user')
		.on('publish_tokens')
		.column('user_id')
		.execute();

	await db.schema
		.createTable('publishing_keys')
		.addColumn('fingerprint', t.text, (c) => c.primaryKey())
		.addColumn('public_key', t.text, (c) => c.notNull())
		.addColumn('user_id', t.text, (c) => c.notNull().references('users.id'))
		.addColumn('status', t.text, (c) => c.notNull())
		.addColumn('publisher_name', t.text, (c) => c.notNull())
		.addColumn('created_at', t.time, (c) => c.notNull())
		.addColumn('reviewed_by', t.text)
		.addColumn('reviewed_at', t.time)
		.execute();

	await db.schema
		.createTable('packs')
		.addColumn('id', t.text, (c) => c.primaryKey())
		.addColumn('owner_id', t.text, (c) => c.notNull().references('users.id'))
		.addColumn('fingerprint', t.text, (c) => c.notNull().references('publishing_keys.fingerprint'))
		.addColumn('created_at', t.time, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('packs_owner').on('packs').column('owner_id').execute();

	await db.schema
		.createTable('pack_versions')
		.addColumn('pack_id', t.text, (c) => c.notNull().references('packs.id'))
		.addColumn('version', t.text, (c) => c.notNull())
		.addColumn('sha256', t.text, (c) => c.notNull().unique())
		.addColumn('fingerprint', t.text, (c) => c.notNull())
		.addColumn('uploaded_by', t.text, (c) => c.notNull())
		.addColumn('size', t.int, (c) => c.notNull())
		.addColumn('status', t.text, (c) => c.notNull())
		.addColumn('meta', t.text, (c) => c.notNull())
		.addColumn('created_at', t.time, (c) => c.notNull())
		.addColumn('reviewed_by', t.text)
		.addColumn('reviewed_at', t.time)
		.addColumn('file', blob, (c) => c.notNull())
		.addPrimaryKeyConstraint('pack_versions_pk', ['pack_id', 'version'])
		.execute();
	await db.schema
		.createIndex('pack_versions_status')
		.on('pack_versions')
		.column('status')
		.execute();
}
