/**
 * Single-use tokens used several times at the same moment: each works exactly once. On
 * PostgreSQL the uses also come through two connection pools, as from two server processes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/connect';
import { signIn, LOCK_AFTER, SLOW_AFTER } from '../../src/lib/server/auth/sign-in';
import {
	acceptInvite,
	completePasswordReset,
	createInvite,
	createPasswordReset
} from '../../src/lib/server/auth/tokens';
import { createUser } from '../../src/lib/server/auth/users';
import { createLinkCode, redeemLinkCode } from '../../src/lib/server/sync/devices';
import { authenticateDevice, registerDevice } from '../../src/lib/server/sync/devices';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import { withChanges } from '../../src/lib/server/sync/write';
import { createTask } from '../../src/lib/server/volunteers/tasks';
import { confirmHours } from '../../src/lib/server/volunteers/organizer';
import { backends } from './support/backends';
import { Phone, profile } from './support/volunteers';

const TRIES = 5;

/** Runs `use` TRIES times at once; each try gets a handle (alternating pools on PostgreSQL). */
async function atOnce<T>(handles: Database[], use: (database: Database, i: number) => Promise<T>) {
	return Promise.allSettled(
		Array.from({ length: TRIES }, (_, i) => use(handles[i % handles.length]!, i))
	);
}

const fulfilled = <T>(results: PromiseSettledResult<T>[]) =>
	results.filter((r): r is PromiseFulfilledResult<T> => r.status === 'fulfilled');
const rejectedCodes = (results: PromiseSettledResult<unknown>[]) =>
	results
		.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
		.map((r) => (r.reason as { code?: string }).code);

for (const backend of backends()) {
	describe(`single-use tokens at the same moment (${backend.name})`, () => {
		let database: Database;
		let handles: Database[];
		afterAll(() => backend.cleanup());
		beforeEach(async () => {
			database = await backend.open();
			handles = backend.sibling ? [database, await backend.sibling(database)] : [database];
		});
		const admin = () =>
			createUser(database.db, {
				email: 'admin@example.org',
				name: 'Ada',
				password: 'correct horse battery',
				roles: ['admin']
			});

		it('a password reset link used five times at once sets the password once', async () => {
			const adminId = await admin();
			const user = await createUser(database.db, {
				email: 'mei@example.org',
				name: 'Mei',
				password: 'the old passphrase 1',
				roles: ['organizer']
			});
			const { token } = await createPasswordReset(database.db, user, adminId);
			const results = await atOnce(handles, (db, i) =>
				completePasswordReset(db.db, token, `a brand new passphrase ${i}`)
			);
			expect(fulfilled(results)).toHaveLength(1);
			expect(rejectedCodes(results)).toEqual(Array(TRIES - 1).fill('reset_invalid'));
			// The password that won is the one that works.
			const winner = results.findIndex((r) => r.status === 'fulfilled');
			expect(
				await signIn(database.db, 'mei@example.org', `a brand new passphrase ${winner}`)
			).toMatchObject({ ok: true });
		});

		it('an invitation accepted five times at once makes one account', async () => {
			const adminId = await admin();
			const { token } = await createInvite(database.db, adminId, ['organizer'], null);
			const results = await atOnce(handles, (db, i) =>
				acceptInvite(db.db, token, {
					email: `person${i}@example.org`,
					name: `Person ${i}`,
					password: 'a long enough passphrase 42'
				})
			);
			expect(fulfilled(results)).toHaveLength(1);
			expect(rejectedCodes(results)).toEqual(Array(TRIES - 1).fill('invite_invalid'));
			const users = await database.db.selectFrom('users').select('email').execute();
			expect(users).toHaveLength(2); // the admin and the one invited
			const invite = await database.db
				.selectFrom('invites')
				.select(['used_at', 'used_by'])
				.executeTakeFirstOrThrow();
			expect(invite.used_by).toBe(fulfilled(results)[0]!.value);
		});

		it('an invitation refused for a taken e-mail stays unused', async () => {
			const adminId = await admin();
			const { token } = await createInvite(database.db, adminId, ['organizer'], null);
			await expect(
				acceptInvite(database.db, token, {
					email: 'admin@example.org',
					name: 'Copy',
					password: 'a long enough passphrase 42'
				})
			).rejects.toMatchObject({ code: 'email_taken' });
			await expect(
				acceptInvite(database.db, token, {
					email: 'new@example.org',
					name: 'New',
					password: 'a long enough passphrase 42'
				})
			).resolves.toEqual(expect.any(String));
		});

		it('a link code redeemed by five phones at once links exactly one', async () => {
			const device = async () => {
				const clientId = randomUUID();
				const secret = randomBytes(32).toString('base64url');
				await registerDevice(database.db, { schemaVersion: 1, clientId, secret });
				return (await authenticateDevice(database.db, `Device ${clientId}:${secret}`))!;
			};
			const first = await device();
			const phones = await Promise.all(Array.from({ length: TRIES }, device));
			const { code } = await createLinkCode(database.db, first);
			const results = await atOnce(handles, (db, i) => redeemLinkCode(db.db, phones[i]!, code));
			expect(fulfilled(results).map((r) => r.value)).toEqual([{ residentId: first.resident_id }]);
			expect(rejectedCodes(results)).toEqual(Array(TRIES - 1).fill('link_code_invalid'));
			const linked = await database.db
				.selectFrom('clients')
				.select('id')
				.where('resident_id', '=', first.resident_id)
				.execute();
			expect(linked).toHaveLength(2);
		});

		it('a certificate token sent from two phones at once is stored once, and both hear "issued"', async () => {
			const registry = productionRegistry();
			const phone = await Phone.register(database, registry);
			expect(await phone.send('volunteer.save', profile())).toMatchObject({ status: 'applied' });
			// One task with confirmed hours, so the certificate has something to say.
			const start = Date.now() - 3_600_000;
			const taskId = await withChanges(database, (trx, changes, now) =>
				createTask(
					trx,
					changes,
					{
						title: 'Hand out masks',
						place: 'Lobby',
						address: '',
						startsAt: start,
						endsAt: start + 2 * 3_600_000,
						skills: [],
						slots: 3
					},
					'organizer',
					now
				)
			);
			const signup = randomUUID();
			await phone.send('signup.create', { id: signup, taskId });
			await confirmHours(database, signup, 90, 'organizer');
			// The resident's second phone (linked), and each phone's copy of the same push.
			const second = new Phone(database, registry, randomUUID(), phone.residentId);
			await database.db
				.insertInto('clients')
				.values({
					id: second.clientId,
					resident_id: phone.residentId,
					secret_hash: 'x',
					created_at: Date.now(),
					last_seen_at: Date.now(),
					last_seq: 0,
					acked_seq: 0,
					removed_at: null
				})
				.execute();
			const token = randomBytes(32).toString('base64url');
			const results = await Promise.all([
				phone.send('certificate.issue', { token }),
				second.send('certificate.issue', { token })
			]);
			expect(results.map((r) => r.status === 'applied' && r.outcome)).toEqual(['issued', 'issued']);
			const stored = await database.db
				.selectFrom('certificates')
				.select(sql<number>`count(*)`.as('n'))
				.executeTakeFirstOrThrow();
			expect(Number(stored.n)).toBe(1);
		});

		it('wrong passwords tried ten at once meet the lock: only those before it are checked', async () => {
			await createUser(database.db, {
				email: 'kin@example.org',
				name: 'Kin',
				password: 'the right passphrase',
				roles: ['organizer']
			});
			const results = await Promise.all(
				Array.from({ length: 10 }, (_, i) =>
					signIn(handles[i % handles.length]!.db, 'kin@example.org', `wrong guess ${i}`)
				)
			);
			// The third failure sets the 30-second wait: the attempts after it are not even checked.
			expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(SLOW_AFTER - 1);
			expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(
				10 - (SLOW_AFTER - 1)
			);
			const row = await database.db
				.selectFrom('users')
				.select(['failed_sign_ins', 'locked_until'])
				.where('email', '=', 'kin@example.org')
				.executeTakeFirstOrThrow();
			expect(row.failed_sign_ins).toBe(SLOW_AFTER);
			expect(row.locked_until).toBeGreaterThan(Date.now());
			// Even the right password waits now.
			expect(await signIn(database.db, 'kin@example.org', 'the right passphrase')).toMatchObject({
				ok: false,
				reason: 'throttled'
			});
			expect(LOCK_AFTER).toBeGreaterThan(SLOW_AFTER);
		});
	});
}
