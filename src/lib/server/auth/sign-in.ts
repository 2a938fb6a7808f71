/**
 * Signing in, with throttling: each account slows down after 3 failures in a row (30 seconds
 * between tries) and locks for 15 minutes after 5. Locks end by themselves, and an admin can lift
 * one at once, so nobody can lock the admin out for good. Requests per IP are limited elsewhere.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/database';
import { verifyPassword, hashPassword } from './passwords';
import { normalizeEmail } from './users';

export const SLOW_AFTER = 3;
export const LOCK_AFTER = 5;
export const SLOW_MS = 30_000;
export const LOCK_MS = 15 * 60_000;

export type SignInResult =
	| { ok: true; userId: string }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled' | 'locked'; retryAfterSeconds: number };

// Compared against when the email is unknown, so both cases take the same time.
let dummyHash: Promise<string> | undefined;

export interface Throttle {
	slowMs: number;
	lockMs: number;
}

export async function signIn(
	db: Kysely<DB>,
	email: string,
	password: string,
	now = Date.now(),
	throttle: Throttle = { slowMs: SLOW_MS, lockMs: LOCK_MS }
): Promise<SignInResult> {
	const user = await db
		.selectFrom('users')
		.selectAll()
		.where('email', '=', normalizeEmail(email))
		.executeTakeFirst();
	if (!user || user.disabled) {
		dummyHash ??= hashPassword('not a real password at all');
		await verifyPassword(password, await dummyHash);
		return { ok: false, reason: 'invalid' };
	}
	// Every attempt counts as a failure first, in one conditional statement, before the password
	// is checked: parallel attempts (on any server process) are counted one by one, and none of
	// them gets past a lock that an earlier one set. A right password then clears the count.
	const failures = sql<number>`failed_sign_ins + 1`;
	const claimed = await db
		.updateTable('users')
		.set({
			failed_sign_ins: failures,
			locked_until: sql<
				number | null
			>`case when ${failures} >= ${LOCK_AFTER} then cast(${now + throttle.lockMs} as bigint) when ${failures} >= ${SLOW_AFTER} then cast(${now + throttle.slowMs} as bigint) else null end`
		})
		.where('id', '=', user.id)
		.where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
		.returning(['failed_sign_ins', 'locked_until'])
		.executeTakeFirst();
	if (!claimed) {
		const held = await db
			.selectFrom('users')
			.select(['failed_sign_ins', 'locked_until'])
			.where('id', '=', user.id)
			.executeTakeFirstOrThrow();
		const until = held.locked_until ?? now + 1000;
		const reason = held.failed_sign_ins >= LOCK_AFTER ? 'locked' : 'throttled';
		return { ok: false, reason, retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) };
	}
	if (await verifyPassword(password, user.password_hash)) {
		await db
			.updateTable('users')
			.set({ failed_sign_ins: 0, locked_until: null, last_sign_in_at: now })
			.where('id', '=', user.id)
			.execute();
		return { ok: true, userId: user.id };
	}
	if (claimed.locked_until) {
		return {
			ok: false,
			reason: claimed.failed_sign_ins >= LOCK_AFTER ? 'locked' : 'throttled',
			retryAfterSeconds: Math.ceil((claimed.locked_until - now) / 1000)
		};
	}
	return { ok: false, reason: 'invalid' };
}
