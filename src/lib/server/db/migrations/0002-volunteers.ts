import { columnTypes, type AnyDb, type DialectName } from '../dialect';

/** Volunteers, their searchable facets, organizers' reviews, tasks, sign-ups, notices. */
export async function up(db: AnyDb, dialect: DialectName) {
	const t = columnTypes(dialect);

	await db.schema
		.createTable('volunteers')
		.addColumn('id', t.text, (c) => c.primaryKey())
		.addColumn('resident_id', t.text, (c) => c.notNull().unique().references('residents.id'))
		.addColumn('name', t.text, (c) => c.notNull())
		.addColumn('phone', t.text, (c) => c.notNull())
		.addColumn('email', t.text, (c) => c.notNull())
		.addColumn('building', t.text, (c) => c.notNull())
		.addColumn('unit', t.text, (c) => c.notNull())
		.addColumn('skills', t.text, (c) => c.notNull())
		.addColumn('first_aid_certified', t.int, (c) => c.notNull().defaultTo(0))
		.addColumn('has_car', t.int, (c) => c.notNull().defaultTo(0))
		.addColumn('skills_other', t.text, (c) => c.notNull())
		.addColumn('languages', t.text, (c) => c.notNull())
		.addColumn('availability', t.text, (c) => c.notNull())
		.addColumn('max_hours_week', t.int, (c) => c.notNull())
		.addColumn('notes', t.text, (c) => c.notNull())
		.addColumn('consent_version', t.text, (c) => c.notNull())
		.addColumn('consent_at', t.time, (c) => c.notNull())
		.addColumn('status', t.text, (c) => c.notNull())
		.addColumn('withdrawn_at', t.time)
		.addColumn('created_at', t.time, (c) => c.notNull())
		.addColumn('updated_at', t.time, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('volunteers_status')
		.on('volunteers')
		.columns(['status', 'withdrawn_at'])
		.execute();

	await db.schema
		.createTable('volunteer_tags')
		.addColumn('volunteer_id', t.text, (c) =>
			c.notNull().references('volunteers.id').onDelete('cascade')
		)
		.addColumn('tag', t.text, (c) => c.notNull())
		.addPrimaryKeyConstraint('volunteer_tags_pk', ['tag', 'volunteer_id'])
		.execute();
	await db.schema
		.createIndex('volunteer_tags_volunteer')
		.on('volunteer_tags')
		.column('volunteer_id')
		.execute();

	await db.schema
		.createTable('volunteer_reviews')
		.addColumn('volunteer_id', t.text, (c) =>
			c.primaryKey().references('volunteers.id').onDelete('cascade')
		)
		.addColumn('verified', t.int, (c) => c.notNull().defaultTo(0))
		.addColumn('verified_at', t.time)
		.addColumn('verified_by', t.text)
		.execute();

	await db.schema
		.createTable('tasks')
		.addColumn('id', t.text, (c) => c.primaryKey())
		.addColumn('title', t.text, (c) => c.notNull())
		.addColumn('place', t.text, (c) => c.notNull())
		.addColumn('address', t.text, (c) => c.notNull())
		.addColumn('starts_at', t.time, (c) => c.notNull())
		.addColumn('ends_at', t.time, (c) => c.notNull())
		.addColumn('skills', t.text, (c) => c.notNull())
		.addColumn('slots', t.int, (c) => c.notNull())
		.addColumn('status', t.text, (c) => c.notNull())
		.addColumn('created_by', t.text, (c) => c.notNull())
		.addColumn('created_at', t.time, (c) => c.notNull())
		.addColumn('updated_at', t.time, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('tasks_starts').on('tasks').column('starts_at').execute();

	await db.schema
		.createTable('task_signups')
		.addColumn('id', t.text, (c) => c.primaryKey())
		.addColumn('task_id', t.text, (c) => c.notNull().references('tasks.id'))
		.addColumn('volunteer_id', t.text, (c) =>
			c.notNull().references('volunteers.id').onDelete('cascade')
		)
		.addColumn('resident_id', t.text, (c) => c.notNull())
		.addColumn('status', t.text, (c) => c.notNull())
		.addColumn('arrived_at', t.time, (c) => c.notNull())
		.addColumn('created_at', t.time, (c) => c.notNull())
		.addColumn('updated_at', t.time, (c) => c.notNull())
		.addColumn('check_in_at', t.time)
		.addColumn('check_out_at', t.time)
		.addColumn('confirmed_minutes', t.int)
		.addColumn('confirmed_by', t.text)
		.addColumn('confirmed_at', t.time)
		.execute();
	await db.schema
		.createIndex('task_signups_task')
		.on('task_signups')
		.columns(['task_id', 'status'])
		.execute();
	await db.schema
		.createIndex('task_signups_volunteer')
		.on('task_signups')
		.column('volunteer_id')
		.execute();

	await db.schema
		.createTable('notices')
		.addColumn('id', t.text, (c) => c.primaryKey())
		.addColumn('resident_id', t.text, (c) => c.notNull())
		.addColumn('kind', t.text, (c) => c.notNull())
		.addColumn('task_id', t.text, (c) => c.notNull())
		.addColumn('created_at', t.time, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('notices_resident').on('notices').column('resident_id').execute();

	await db.schema
		.createTable('certificates')
		.addColumn('token_hash', t.text, (c) => c.primaryKey())
		.addColumn('volunteer_id', t.text, (c) =>
			c.notNull().references('volunteers.id').onDelete('cascade')
		)
		.addColumn('resident_id', t.text, (c) => c.notNull())
		.addColumn('minutes', t.int, (c) => c.notNull())
		.addColumn('first_at', t.time)
		.addColumn('last_at', t.time)
		.addColumn('issued_at', t.time, (c) => c.notNull())
		.execute();
}
