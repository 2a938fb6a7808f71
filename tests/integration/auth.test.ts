import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/connect';
import { passwordProblem, verifyPassword } from '../../src/lib/server/auth/passwords';
import { createSession, destroySession, resolveSession } from '../../src/lib/server/auth/sessions';
import { LOCK_MS, signIn, SLOW_MS } from '../../src/lib/server/auth/sign-in';
import {
	acceptInvite,
	completePasswordReset,
	createInvite,
	createPasswordReset,
	INVITE_DAYS
} from '../../src/lib/server/auth/tokens';
import { AccountError, createUser, setRoles, unlockUser } from '../../src/lib/server/auth/users';
import { backends } from './support/backends';

describe('passwords', () => {
	it('needs 12 characters and refuses the common ones', () => {
		expect(passwordProblem('short')).toBe('too_short');
		expect(passwordProblem('password1234')).toBe('too_common');
		expect(passwordProblem('qwertyuiopas')).toBe('too_common');
		expect(passwordProblem('aaaaaaaaaaaaaaa')).toBe('too_common');
		expect(passwordProblem('iloveyou2024!!')).toBe('too_common');
		expect(passwordProblem('mei.chan.lo-2026', 'meichan@example.org')).toBeUndefined();
		expect(passwordProblem('meichanrocks!!', 'meichan@example.org')).toBe('too_common');
		expect(passwordProblem('balcony songs at seven')).toBeUndefined();
	});
});

for (const backend of backends()) {
	describe(`people who run the server (${backend.name})`, () => {
		let database: Database;
		afterAll(() => backend.cleanup());
		beforeEach(async () => {
			database = await backend.open();
		});
		const db = () => database.db;
		const admin = () =>
			createUser(db(), {
				email: 'Admin@Example.org',
				name: 'Ada',
				password: 'correct horse battery',
				roles: ['admin']
			});

		it('stores an scrypt hash, never the password', async () => {
			const id = await admin();
			const row = await db()
				.selectFrom('users')
				.selectAll()
				.where('id', '=', id)
				.executeTakeFirstOrThrow();
			expect(row.email).toBe('admin@example.org');
			expect(row.password_hash).toMatch(/^scrypt\$/);
			expect(row.password_hash).not.toContain('horse');
			expect(await verifyPassword('correct horse battery', row.password_hash)).toBe(true);
			await expect(
				createUser(db(), {
					email: 'admin@example.org',
					name: '',
					password: 'another long phrase',
					roles: []
				})
			).rejects.toMatchObject({ code: 'email_taken' });
		});

		it('slows down after 3 failures, locks after 5, and an admin can lift the lock', async () => {
			const id = await admin();
			let now = 1_000_000;
			expect(await signIn(db(), 'admin@example.org', 'wrong', now)).toEqual({
				ok: false,
				reason: 'invalid'
			});
			expect(await signIn(db(), 'admin@example.org', 'wrong', now)).toEqual({
				ok: false,
				reason: 'invalid'
			});
			expect(await signIn(db(), 'admin@example.org', 'wrong', now)).toMatchObject({
				ok: false,
				reason: 'throttled',
				retryAfterSeconds: SLOW_MS / 1000
			});
			// Even the right password waits while throttled.
			expect(
				await signIn(db(), 'admin@example.org', 'correct horse battery', now + 1000)
			).toMatchObject({ reason: 'throttled' });
			now += SLOW_MS + 1;
			expect(await signIn(db(), 'admin@example.org', 'wrong', now)).toMatchObject({
				reason: 'throttled'
			});
			now += SLOW_MS + 1;
			expect(await signIn(db(), 'admin@example.org', 'wrong', now)).toMatchObject({
				reason: 'locked',
				retryAfterSeconds: LOCK_MS / 1000
			});
			expect(
				await signIn(db(), 'admin@example.org', 'correct horse battery', now + 60_000)
			).toMatchObject({ reason: 'locked' });
			await unlockUser(db(), id);
			expect(
				await signIn(db(), 'admin@example.org', 'correct horse battery', now + 60_000)
			).toEqual({ ok: true, userId: id });
		});

		it('a lock ends by itself', async () => {
			await admin();
			const now = 2_000_000;
			for (let i = 0; i < 5; i++)
				await signIn(db(), 'admin@example.org', 'wrong', now + i * (SLOW_MS + 1));
			const later = now + 5 * (SLOW_MS + 1) + LOCK_MS;
			expect(await signIn(db(), 'admin@example.org', 'correct horse battery', later)).toMatchObject(
				{ ok: true }
			);
		});

		it('an unknown e-mail and a wrong password look the same', async () => {
			await admin();
			expect(await signIn(db(), 'nobody@example.org', 'whatever whatever')).toEqual({
				ok: false,
				reason: 'invalid'
			});
		});

		it('sessions end on sign-out, on expiry and when the user is disabled', async () => {
			const id = await admin();
			const { token } = await createSession(db(), id, 1000);
			expect(await resolveSession(db(), token, 2000)).toMatchObject({
				email: 'admin@example.org',
				roles: ['admin']
			});
			const stored = await db().selectFrom('sessions').select('token_hash').execute();
			expect(stored.map((s) => s.token_hash)).not.toContain(token);
			expect(await resolveSession(db(), token, 1000 + 31 * 86_400_000)).toBeNull();
			await destroySession(db(), token);
			expect(await resolveSession(db(), token, 2000)).toBeNull();
			const second = await createSession(db(), id);
			await db().updateTable('users').set({ disabled: 1 }).where('id', '=', id).execute();
			expect(await resolveSession(db(), second.token)).toBeNull();
		});

		it('an invitation works once, before it expires, for the address it names', async () => {
			const adminId = await admin();
			const { token } = await createInvite(db(), adminId, ['organizer'], null, 1000);
			const userId = await acceptInvite(
				db(),
				token,
				{ email: 'mei@example.org', name: 'Mei', password: 'balcony songs at seven' },
				2000
			);
			const row = await db()
				.selectFrom('users')
				.select('roles')
				.where('id', '=', userId)
				.executeTakeFirstOrThrow();
			expect(row.roles).toBe('organizer');
			await expect(
				acceptInvite(
					db(),
					token,
					{ email: 'x@example.org', name: 'X', password: 'balcony songs at eight' },
					3000
				)
			).rejects.toMatchObject({ code: 'invite_invalid' });
			const expired = await createInvite(db(), adminId, ['publisher'], null, 1000);
			await expect(
				acceptInvite(
					db(),
					expired.token,
					{ email: 'y@example.org', name: 'Y', password: 'balcony songs at nine' },
					1000 + INVITE_DAYS * 86_400_000 + 1
				)
			).rejects.toMatchObject({ code: 'invite_invalid' });
			const named = await createInvite(db(), adminId, ['organizer'], 'lee@example.org');
			await expect(
				acceptInvite(db(), named.token, {
					email: 'other@example.org',
					name: 'O',
					password: 'balcony songs at ten'
				})
			).rejects.toMatchObject({ code: 'invite_email' });
		});

		it('a password reset link sets a new password once and signs the account out everywhere', async () => {
			const adminId = await admin();
			const user = await createUser(db(), {
				email: 'lee@example.org',
				name: 'Lee',
				password: 'first passphrase here',
				roles: ['organizer']
			});
			const session = await createSession(db(), user);
			const { token } = await createPasswordReset(db(), user, adminId);
			await expect(completePasswordReset(db(), token, 'short')).rejects.toMatchObject({
				code: 'password_too_short'
			});
			await completePasswordReset(db(), token, 'second passphrase here');
			expect(await resolveSession(db(), session.token)).toBeNull();
			expect(await signIn(db(), 'lee@example.org', 'second passphrase here')).toMatchObject({
				ok: true
			});
			await expect(
				completePasswordReset(db(), token, 'third passphrase here')
			).rejects.toBeInstanceOf(AccountError);
		});

		it('never removes the last admin', async () => {
			const id = await admin();
			await expect(setRoles(db(), id, ['organizer'])).rejects.toMatchObject({ code: 'last_admin' });
			const second = await createUser(db(), {
				email: 'b@example.org',
				name: 'B',
				password: 'another long phrase',
				roles: ['admin']
			});
			await setRoles(db(), id, ['organizer']);
			await expect(setRoles(db(), second, [])).rejects.toMatchObject({ code: 'last_admin' });
		});
	});
}
