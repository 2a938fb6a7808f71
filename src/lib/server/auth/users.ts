import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/database';
import { formatRoles, parseRoles, type Role } from '../roles';
import { hashPassword, passwordProblem } from './passwords';

export class AccountError extends Error {
	constructor(readonly code: string) {
		super(code);
	}
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface NewUser {
	email: string;
	name: string;
	password: string;
	roles: Role[];
}

/** A new account checked and its password hashed: the slow part, done outside transactions. */
export interface PreparedUser {
	email: string;
	name: string;
	passwordHash: string;
	roles: Role[];
}

/** Checks a new account's e-mail and password and hashes the password (AccountError if bad). */
export async function prepareUser(user: NewUser): Promise<PreparedUser> {
	const email = normalizeEmail(user.email);
	if (!EMAIL.test(email) || email.length > 254) throw new AccountError('email_invalid');
	const name = user.name.trim().slice(0, 100) || email.split('@')[0]!;
	const problem = passwordProblem(user.password, email);
	if (problem) throw new AccountError(`password_${problem}`);
	return { email, name, passwordHash: await hashPassword(user.password), roles: user.roles };
}

/** Stores a prepared account; `email_taken` when the address has one already. */
export async function insertUser(db: Kysely<DB>, user: PreparedUser, now = Date.now()) {
	const existing = await db
		.selectFrom('users')
		.select('id')
		.where('email', '=', user.email)
		.executeTakeFirst();
	if (existing) throw new AccountError('email_taken');
	const id = randomUUID();
	await db
		.insertInto('users')
		.values({
			id,
			email: user.email,
			name: user.name,
			password_hash: user.passwordHash,
			roles: formatRoles(user.roles),
			created_at: now,
			failed_sign_ins: 0,
			locked_until: null,
			last_sign_in_at: null,
			disabled: 0
		})
		.execute();
	return id;
}

export async function createUser(db: Kysely<DB>, user: NewUser, now = Date.now()) {
	return insertUser(db, await prepareUser(user), now);
}

export interface UserSummary {
	id: string;
	email: string;
	name: string;
	roles: Role[];
	lockedUntil: number | null;
	lastSignInAt: number | null;
	disabled: boolean;
}

export async function listUsers(db: Kysely<DB>): Promise<UserSummary[]> {
	const rows = await db.selectFrom('users').selectAll().orderBy('email').execute();
	return rows.map((row) => ({
		id: row.id,
		email: row.email,
		name: row.name,
		roles: parseRoles(row.roles),
		lockedUntil: row.locked_until,
		lastSignInAt: row.last_sign_in_at,
		disabled: Boolean(row.disabled)
	}));
}

/** Changes a user's roles. The last active admin keeps the admin role (someone must run things). */
export async function setRoles(db: Kysely<DB>, userId: string, roles: Role[]) {
	await db.transaction().execute(async (trx) => {
		const target = await trx
			.selectFrom('users')
			.select(['roles', 'disabled'])
			.where('id', '=', userId)
			.executeTakeFirst();
		if (!target) throw new AccountError('not_found');
		if (parseRoles(target.roles).includes('admin') && !roles.includes('admin')) {
			const admins = (
				await trx.selectFrom('users').select('roles').where('disabled', '=', 0).execute()
			).filter((u) => parseRoles(u.roles).includes('admin'));
			if (admins.length <= 1) throw new AccountError('last_admin');
		}
		await trx
			.updateTable('users')
			.set({ roles: formatRoles(roles) })
			.where('id', '=', userId)
			.execute();
	});
}

export async function setPassword(db: Kysely<DB>, userId: string, password: string) {
	const user = await db
		.selectFrom('users')
		.select('email')
		.where('id', '=', userId)
		.executeTakeFirst();
	if (!user) throw new AccountError('not_found');
	const problem = passwordProblem(password, user.email);
	if (problem) throw new AccountError(`password_${problem}`);
	await db
		.updateTable('users')
		.set({ password_hash: await hashPassword(password), failed_sign_ins: 0, locked_until: null })
		.where('id', '=', userId)
		.execute();
}

/** Lifts a sign-in lock (an admin's button, or `linli admin unlock`). */
export async function unlockUser(db: Kysely<DB>, userId: string) {
	await db
		.updateTable('users')
		.set({ failed_sign_ins: 0, locked_until: null })
		.where('id', '=', userId)
		.execute();
}

export async function findUserByEmail(db: Kysely<DB>, email: string) {
	return db
		.selectFrom('users')
		.selectAll()
		.where('email', '=', normalizeEmail(email))
		.executeTakeFirst();
}
