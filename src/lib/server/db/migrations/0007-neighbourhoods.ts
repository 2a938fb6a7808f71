import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { columnTypes, type AnyDb, type DialectName } from '../dialect';

/** The join code's alphabet: no 0/O, 1/I (as link codes). */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function joinCode(): string {
	return [...randomBytes(8)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

/**
 * Neighbourhoods (issue 10): the unit that everything shared belongs to.
 * - neighbourhoods: names per language (JSON object), description, region (picks the emergency
 *   numbers its residents are offered), time zone ('' = the server's LINLI_TIME_ZONE), and the
 *   current join code (the only one that works: rotating replaces it). is_default marks the one
 *   this migration made for everything that existed before.
 * - neighbourhood_organizers: which organizers manage which neighbourhood (admins manage all).
 * - tasks.neighbourhood_id: every task belongs to one; existing tasks to the default one.
 * - volunteer_neighbourhoods: which neighbourhoods a volunteer serves (organizers of those see
 *   their personal data); existing volunteers serve the default one.
 * - device_follows: which neighbourhoods a device follows: server-side state of the device (a
 *   resident record would make linking a second phone answer link_has_data). `home` marks the
 *   one the phone calls home. Existing devices follow the default one, as home.
 * - The change log's task rows move from the audience "*" to "n:<default>": a device pulls a
 *   neighbourhood's tasks only while it follows it.
 */
export async function up(db: AnyDb, dialect: DialectName) {
	const t = columnTypes(dialect);
	const now = Date.now();

	await db.schema
		.createTable('neighbourhoods')
		.addColumn('id', t.text, (c) => c.primaryKey())
		.addColumn('names', t.text, (c) => c.notNull())
		.addColumn('description', t.text, (c) => c.notNull().defaultTo(''))
		.addColumn('region', t.text, (c) => c.notNull().defaultTo(''))
		.addColumn('time_zone', t.text, (c) => c.notNull().defaultTo(''))
		.addColumn('join_code', t.text, (c) => c.notNull())
		.addColumn('is_default', t.int, (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', t.time, (c) => c.notNull())
		.addColumn('updated_at', t.time, (c) => c.notNull())
		.addColumn('code_rotated_at', t.time)
		.execute();
	await db.schema
		.createIndex('neighbourhoods_join_code')
		.on('neighbourhoods')
		.column('join_code')
		.unique()
		.execute();

	await db.schema
		.createTable('neighbourhood_organizers')
		.addColumn('neighbourhood_id', t.text, (c) =>
			c.notNull().references('neighbourhoods.id').onDelete('cascade')
		)
		.addColumn('user_id', t.text, (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('created_at', t.time, (c) => c.notNull())
		.addPrimaryKeyConstraint('neighbourhood_organizers_pk', ['neighbourhood_id', 'user_id'])
		.execute();
	await db.schema
		.createIndex('neighbourhood_organizers_user')
		.on('neighbourhood_organizers')
		.column('user_id')
		.execute();

	await db.schema
		.createTable('volunteer_neighbourhoods')
		.addColumn('volunteer_id', t.text, (c) => c.notNull())
		.addColumn('neighbourhood_id', t.text, (c) =>
			c.notNull().references('neighbourhoods.id').onDelete('cascade')
		)
		.addPrimaryKeyConstraint('volunteer_neighbourhoods_pk', ['volunteer_id', 'neighbourhood_id'])
		.execute();
	await db.schema
		.createIndex('volunteer_neighbourhoods_hood')
		.on('volunteer_neighbourhoods')
		.column('neighbourhood_id')
		.execute();

	await db.schema
		.createTable('device_follows')
		.addColumn('client_id', t.text, (c) => c.notNull())
		.addColumn('neighbourhood_id', t.text, (c) =>
			c.notNull().references('neighbourhoods.id').onDelete('cascade')
		)
		.addColumn('home', t.int, (c) => c.notNull().defaultTo(0))
		.addColumn('joined_at', t.time, (c) => c.notNull())
		.addPrimaryKeyConstraint('device_follows_pk', ['client_id', 'neighbourhood_id'])
		.execute();
	await db.schema
		.createIndex('device_follows_hood')
		.on('device_follows')
		.column('neighbourhood_id')
		.execute();

	await db.schema.alterTable('tasks').addColumn('neighbourhood_id', t.text).execute();
	await db.schema
		.createIndex('tasks_neighbourhood')
		.on('tasks')
		.columns(['neighbourhood_id', 'starts_at'])
		.execute();

	// The default neighbourhood, and everything that existed before it.
	const id = randomUUID();
	await db
		.insertInto('neighbourhoods')
		.values({
			id,
			names: JSON.stringify({
				en: 'Our neighbourhood',
				'zh-Hant': '我們的社區',
				'zh-Hans': '我们的社区'
			}),
			description: '',
			region: '',
			time_zone: '',
			join_code: joinCode(),
			is_default: 1,
			created_at: now,
			updated_at: now
		})
		.execute();
	await db.updateTable('tasks').set({ neighbourhood_id: id }).execute();
	await db
		.updateTable('changes')
		.set({ audience: `n:${id}` })
		.where('collection', '=', 'task')
		.where('audience', '=', '*')
		.execute();
	await sql`insert into volunteer_neighbourhoods (volunteer_id, neighbourhood_id) select id, ${id} from volunteers`.execute(
		db
	);
	await sql`insert into device_follows (client_id, neighbourhood_id, home, joined_at) select id, ${id}, 1, ${now} from clients where removed_at is null`.execute(
		db
	);
	await sql`insert into neighbourhood_organizers (neighbourhood_id, user_id, created_at) select ${id}, id, ${now} from users where ',' || roles || ',' like '%,organizer,%'`.execute(
		db
	);
}
