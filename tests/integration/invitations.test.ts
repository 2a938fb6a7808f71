import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/connect';
import type { ServerContext } from '../../src/lib/server/context';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import {
	acceptInvite,
	createInvite,
	INVITE_DAYS,
	inviteStatus,
	pendingInvites,
	revokeInvite
} from '../../src/lib/server/auth/tokens';
import { handleInviteStatus } from '../../src/lib/server/auth/invite-http';
import { api } from '../../src/lib/server/http/errors';
import { AccountError } from '../../src/lib/server/auth/users';
import { sha256 } from '../../src/lib/server/crypto';
import { backends } from './support/backends';
import { testContext } from './support/server';

const DAY = 86_400_000;
const account = { email: 'wong@example.org', name: 'Wong', password: 'tea with the neighbours 7' };

for (const backend of backends()) {
	describe(`invitations an administrator can keep track of (${backend.name})`, () => {
		let database: Database;
		let ctx: ServerContext;
		afterAll(() => backend.cleanup());
		beforeEach(async () => {
			database = await backend.open();
			ctx = testContext(database, productionRegistry());
		});
		const ask = (body: unknown) =>
			api(() =>
				handleInviteStatus(ctx, {
					request: new Request('http://linli.test/api/staff/invite-status', {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify(body)
					}),
					url: new URL('http://linli.test/api/staff/invite-status'),
					ip: '127.0.0.1',
					user: null
				})
			);

		it('a link tells its page whether it is good, and for whom, before anyone types', async () => {
			const { token } = await createInvite(database.db, 'admin', ['organizer'], 'Wong@Example.org');
			const answer = await ask({ token });
			expect(answer.status).toBe(200);
			expect(await answer.json()).toEqual({
				state: 'valid',
				email: 'wong@example.org',
				roles: ['organizer']
			});
			await acceptInvite(database.db, token, account);
			expect(await (await ask({ token })).json()).toEqual({ state: 'used' });
			expect(await (await ask({ token: 'x'.repeat(43) })).json()).toEqual({ state: 'unknown' });
			expect((await ask({ token: '<script>' })).status).toBe(400);
			expect((await ask({ nope: 1 })).status).toBe(400);
		});

		it('an expired link says so', async () => {
			const made = Date.now() - (INVITE_DAYS + 1) * DAY;
			const { token } = await createInvite(database.db, 'admin', ['publisher'], null, made);
			expect(await inviteStatus(database.db, token)).toEqual({ state: 'expired' });
			expect(await pendingInvites(database.db)).toEqual([]);
		});

		it('lists the invitations still open, and one withdrawn stops working at once', async () => {
			const open = await createInvite(database.db, 'admin', ['organizer'], 'a@example.org');
			const other = await createInvite(database.db, 'admin', ['publisher', 'organizer'], null);
			const used = await createInvite(database.db, 'admin', ['organizer'], null);
			await acceptInvite(database.db, used.token, account);
			const listed = await pendingInvites(database.db);
			expect(listed.map((i) => [i.email, i.roles])).toEqual(
				expect.arrayContaining([
					['a@example.org', ['organizer']],
					[null, ['organizer', 'publisher']]
				])
			);
			expect(listed).toHaveLength(2);
			// The list names invitations by their hash: it cannot be used to accept them.
			expect(listed.map((i) => i.id)).toContain(sha256(open.token));
			expect(JSON.stringify(listed)).not.toContain(open.token);

			expect(await revokeInvite(database.db, sha256(open.token))).toBe(true);
			expect(await revokeInvite(database.db, sha256(open.token))).toBe(false);
			expect(await revokeInvite(database.db, sha256(used.token))).toBe(false);
			expect(await inviteStatus(database.db, open.token)).toEqual({ state: 'revoked' });
			await expect(
				acceptInvite(database.db, open.token, { ...account, email: 'a@example.org' })
			).rejects.toEqual(new AccountError('invite_invalid'));
			expect((await pendingInvites(database.db)).map((i) => i.id)).toEqual([sha256(other.token)]);
		});
	});
}
