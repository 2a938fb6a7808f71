/**
 * Single-use links: invitations (an admin invites an organizer or publisher) and password resets
 * (an admin issues one; there is no e-mail). The link carries a random token; the database keeps
 * its hash, its expiry, and when it was used.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/database';
import { randomToken, sha256 } from '../crypto';
import { formatRoles, parseRoles, type Role } from '../roles';
import { hashPassword, passwordProblem } from './passwords';
import { AccountError, insertUser, prepareUser } from './users';

export const INVITE_DAYS = 7;
export const RESET_HOURS = 24;

export async function createInvite(
	db: Kysely<DB>,
	createdBy: string,
	roles: Role[],
	email: string | null,
	now = Date.now()
) {
	const token = randomToken();
	await db
		.insertInto('invites')
		.values({
			token_hash: sha256(token),
			roles: formatRoles(roles),
			email: email?.trim().toLowerCase() || null,
			created_by: createdBy,
			created_at: now,
			expires_at: now + INVITE_DAYS * 86_400_000,
			used_at: null,
			used_by: null
		})
		.execute();
	return { token, expiresAt: now + INVITE_DAYS * 86_400_000 };
}

export async function readInvite(db: Kysely<DB>, token: string, now = Date.now()) {
	const invite = await db
		.selectFrom('invites')
		.selectAll()
		.where('token_hash', '=', sha256(token))
		.executeTakeFirst();
	if (!invite || invite.used_at !== null || invite.revoked_at !== null || invite.expires_at < now)
		return undefined;
	return { roles: parseRoles(invite.roles), email: invite.email };
}

export type InviteState = 'valid' | 'used' | 'expired' | 'revoked' | 'unknown';

/**
 * What an invitation link's page should say before anyone types: valid (with the e-mail it is
 * bound to, to fill in), or why not. Only the holder of the token can ask.
 */
export async function inviteStatus(
	db: Kysely<DB>,
	token: string,
	now = Date.now()
): Promise<{ state: InviteState; email?: string | null; roles?: Role[] }> {
	const invite = await db
		.selectFrom('invites')
		.selectAll()
		.where('token_hash', '=', sha256(token))
		.executeTakeFirst();
	if (!invite) return { state: 'unknown' };
	if (invite.used_at !== null) return { state: 'used' };
	if (invite.revoked_at !== null) return { state: 'revoked' };
	if (invite.expires_at < now) return { state: 'expired' };
	return { state: 'valid', email: invite.email, roles: parseRoles(invite.roles) };
}

export interface PendingInvite {
	/** The token's hash: enough to withdraw the invitation, useless to accept it. */
	id: string;
	email: string | null;
	roles: Role[];
	createdAt: number;
	expiresAt: number;
}

/** Invitations not used, withdrawn or expired yet, newest first. */
export async function pendingInvites(db: Kysely<DB>, now = Date.now()): Promise<PendingInvite[]> {
	const rows = await db
		.selectFrom('invites')
		.select(['token_hash', 'email', 'roles', 'created_at', 'expires_at'])
		.where('used_at', 'is', null)
		.where('revoked_at', 'is', null)
		.where('expires_at', '>=', now)
		.orderBy('created_at', 'desc')
		.execute();
	return rows.map((r) => ({
		id: r.token_hash,
		email: r.email,
		roles: parseRoles(r.roles),
		createdAt: r.created_at,
		expiresAt: r.expires_at
	}));
}

/** Withdraws an invitation that is still open; true if one was. */
export async function revokeInvite(db: Kysely<DB>, id: string, now = Date.now()) {
	const result = await db
		.updateTable('invites')
		.set({ revoked_at: now })
		.where('token_hash', '=', id)
		.where('used_at', 'is', null)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/**
 * Creates the invited account. The invitation is spent by one conditional statement (`used_at is
 * null` … returning) in the same transaction as the account: of several uses at the same moment,
 * on any server process, exactly one gets it; a refused account (e-mail taken) leaves it unspent.
 */
export async function acceptInvite(
	db: Kysely<DB>,
	token: string,
	account: { email: string; name: string; password: string },
	now = Date.now()
) {
	const invite = await readInvite(db, token, now);
	if (!invite) throw new AccountError('invite_invalid');
	const email = account.email.trim().toLowerCase();
	if (invite.email && invite.email !== email) throw new AccountError('invite_email');
	// Checked and hashed before the transaction: scrypt is slow, and SQLite has one writer.
	const prepared = await prepareUser({ ...account, roles: invite.roles });
	return db.transaction().execute(async (trx) => {
		const spent = await trx
			.updateTable('invites')
			.set({ used_at: now })
			.where('token_hash', '=', sha256(token))
			.where('used_at', 'is', null)
			.where('revoked_at', 'is', null)
			.where('expires_at', '>=', now)
			.returning(['roles', 'email'])
			.executeTakeFirst();
		if (!spent) throw new AccountError('invite_invalid');
		const userId = await insertUser(trx, { ...prepared, roles: parseRoles(spent.roles) }, now);
		await trx
			.updateTable('invites')
			.set({ used_by: userId })
			.where('token_hash', '=', sha256(token))
			.execute();
		return userId;
	});
}

export async function createPasswordReset(
	db: Kysely<DB>,
	userId: string,
	createdBy: string,
	now = Date.now()
) {
	const token = randomToken();
	await db
		.deleteFrom('password_resets')
		.where('user_id', '=', userId)
		.where('used_at', 'is', null)
		.execute();
	await db
		.insertInto('password_resets')
		.values({
			token_hash: sha256(token),
			user_id: userId,
			created_by: createdBy,
			created_at: now,
			expires_at: now + RESET_HOURS * 3_600_000,
			used_at: null
		})
		.execute();
	return { token, expiresAt: now + RESET_HOURS * 3_600_000 };
}

export async function readPasswordReset(db: Kysely<DB>, token: string, now = Date.now()) {
	const row = await db
		.selectFrom('password_resets')
		.innerJoin('users', 'users.id', 'password_resets.user_id')
		.select([
			'password_resets.user_id',
			'password_resets.expires_at',
			'password_resets.used_at',
			'users.email'
		])
		.where('password_resets.token_hash', '=', sha256(token))
		.executeTakeFirst();
	if (!row || row.used_at !== null || row.expires_at < now) return undefined;
	return { userId: row.user_id, email: row.email };
}

/**
 * Sets a new password from a reset link. The link is spent by one conditional statement in the
 * transaction that sets the password: used several times at the same moment, it works once.
 */
export async function completePasswordReset(
	db: Kysely<DB>,
	token: string,
	password: string,
	now = Date.now()
) {
	const reset = await readPasswordReset(db, token, now);
	if (!reset) throw new AccountError('reset_invalid');
	const problem = passwordProblem(password, reset.email);
	if (problem) throw new AccountError(`password_${problem}`);
	const passwordHash = await hashPassword(password);
	return db.transaction().execute(async (trx) => {
		const spent = await trx
			.updateTable('password_resets')
			.set({ used_at: now })
			.where('token_hash', '=', sha256(token))
			.where('used_at', 'is', null)
			.where('expires_at', '>=', now)
			.returning('user_id')
			.executeTakeFirst();
		if (!spent) throw new AccountError('reset_invalid');
		await trx
			.updateTable('users')
			.set({ password_hash: passwordHash, failed_sign_ins: 0, locked_until: null })
			.where('id', '=', spent.user_id)
			.execute();
		// A reset signs the account out everywhere.
		await trx.deleteFrom('sessions').where('user_id', '=', spent.user_id).execute();
		return spent.user_id;
	});
}
