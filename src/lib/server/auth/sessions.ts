import type { Kysely } from 'kysely';
import type { DB } from '../db/database';
import { randomToken, sha256 } from '../crypto';
import { parseRoles, type Role } from '../roles';

export const SESSION_COOKIE = 'linli_session';
export const SESSION_DAYS = 30;

export interface StaffUser {
	id: string;
	email: string;
	name: string;
	roles: Role[];
}

/** Starts a session; returns the token for the cookie (the database keeps only its hash). */
export async function createSession(db: Kysely<DB>, userId: string, now = Date.now()) {
	const token = randomToken();
	const expiresAt = now + SESSION_DAYS * 86_400_000;
	await db
		.insertInto('sessions')
		.values({ token_hash: sha256(token), user_id: userId, created_at: now, expires_at: expiresAt })
		.execute();
	return { token, expiresAt };
}

/** The signed-in user behind a session token, or null (unknown, expired, or user disabled). */
export async function resolveSession(
	db: Kysely<DB>,
	token: string | undefined,
	now = Date.now()
): Promise<StaffUser | null> {
	if (!token || token.length > 100) return null;
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select([
			'users.id',
			'users.email',
			'users.name',
			'users.roles',
			'users.disabled',
			'sessions.expires_at'
		])
		.where('sessions.token_hash', '=', sha256(token))
		.executeTakeFirst();
	if (!row || row.expires_at < now || row.disabled) return null;
	return { id: row.id, email: row.email, name: row.name, roles: parseRoles(row.roles) };
}

/** Ends a session on the server: the cookie is worthless afterwards, wherever it was copied. */
export async function destroySession(db: Kysely<DB>, token: string | undefined) {
	if (!token) return;
	await db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
}

export async function destroyUserSessions(db: Kysely<DB>, userId: string) {
	await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
