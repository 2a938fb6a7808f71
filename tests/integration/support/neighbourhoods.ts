/** Staff accounts for tests that need an organizer of the default neighbourhood (migration 0007). */
import { randomUUID } from 'node:crypto';
import type { StaffUser } from '../../../src/lib/server/auth/sessions';
import type { Database } from '../../../src/lib/server/db/connect';
import { defaultNeighbourhoodId } from '../../../src/lib/server/neighbourhoods/store';

/** A staff account with these roles (no neighbourhood assigned). */
export async function addUser(database: Database, roles: StaffUser['roles'], name: string) {
	const user: StaffUser = { id: randomUUID(), email: `${name}@example.org`, name, roles };
	await insertUser(database, user, user.email);
	return user;
}

async function insertUser(database: Database, user: StaffUser, email: string) {
	await database.db
		.insertInto('users')
		.values({
			id: user.id,
			email,
			name: user.name,
			password_hash: 'x',
			roles: user.roles.join(','),
			created_at: Date.now(),
			failed_sign_ins: 0,
			locked_until: null,
			last_sign_in_at: null,
			disabled: 0
		})
		.execute();
}

/** Stores the staff member as a user and, for an organizer, assigns them the default neighbourhood. */
export async function staffOfDefault(database: Database, user: StaffUser) {
	await insertUser(database, user, `${user.id}@example.org`);
	if (!user.roles.includes('organizer')) return;
	const hood = await defaultNeighbourhoodId(database.db);
	await database.db
		.insertInto('neighbourhood_organizers')
		.values({ neighbourhood_id: hood!, user_id: user.id, created_at: Date.now() })
		.execute();
}

/** A staff account with these roles, assigned to no neighbourhood yet. */
export async function addStaffUser(database: Database, roles: StaffUser['roles'], name: string) {
	const user: StaffUser = { id: randomUUID(), email: `${name}@example.org`, name, roles };
	await database.db
		.insertInto('users')
		.values({
			id: user.id,
			email: user.email,
			name,
			password_hash: 'x',
			roles: roles.join(','),
			created_at: Date.now(),
			failed_sign_ins: 0,
			locked_until: null,
			last_sign_in_at: null,
			disabled: 0
		})
		.execute();
	return user;
}
