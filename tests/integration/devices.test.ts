/**
 * A resident's phones: the list, and removing a lost one from another. The removed phone can no
 * longer read or send their records; the next time it calls it is told so, forgets them and
 * starts again as a stranger. Real engine and transport against the real handlers.
 */
import { sql } from 'kysely';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { linkCode, linkDevice, listDevices, removeDevice } from '../../src/lib/sync/engine';
import { getMeta } from '../../src/lib/sync/meta';
import type { ServerContext } from '../../src/lib/server/context';
import { backends } from './support/backends';
import { createNotesTable, notesRegistry } from './support/notes';
import { testPhone } from './support/phone';
import { serveRequest, testContext } from './support/server';

for (const backend of backends()) {
	describe(`a resident's phones (${backend.name})`, () => {
		let ctx: ServerContext;
		afterAll(() => backend.cleanup());
		beforeEach(async () => {
			const database = await backend.open();
			await createNotesTable(database);
			ctx = testContext(database, notesRegistry());
		});

		const phone = () => testPhone(() => ctx);

		async function linkedPair() {
			const old = phone();
			const fresh = phone();
			await old.note('diary', 'private words');
			expect(await old.engine.sync()).toMatchObject({ ok: true });
			const { code } = await linkCode(old.engine, old.db, old.transport);
			await linkDevice(fresh.engine, fresh.db, fresh.transport, code);
			expect(await fresh.engine.sync()).toMatchObject({ ok: true });
			expect((await fresh.db.records.get(['notes', 'diary']))?.data).toEqual({
				id: 'diary',
				body: 'private words'
			});
			return { old, fresh };
		}

		it('lists the resident’s phones, this one marked, and no one else’s', async () => {
			const { old, fresh } = await linkedPair();
			const stranger = phone();
			expect(await stranger.engine.sync()).toMatchObject({ ok: true });
			const seen = await listDevices(fresh.engine, fresh.db, fresh.transport);
			const ids = [
				(await getMeta(old.db, 'credentials'))!.clientId,
				(await getMeta(fresh.db, 'credentials'))!.clientId
			];
			expect(seen.map((d) => d.id).sort()).toEqual([...ids].sort());
			expect(seen.find((d) => d.current)?.id).toBe(ids[1]);
			expect(seen.every((d) => d.createdAt > 0 && d.lastSeenAt > 0)).toBe(true);
			expect((await listDevices(stranger.engine, stranger.db, stranger.transport)).length).toBe(1);
		});

		it('a lost phone, removed from the new one, forgets the records and cannot come back', async () => {
			const { old, fresh } = await linkedPair();
			const lost = (await getMeta(old.db, 'credentials'))!;
			await old.note('draft', 'not sent yet');
			// The household's own data on that phone (issue 14): profile, plan and kit.
			await old.db.household.put({ key: 'profile', value: { adults: 2 }, updatedAt: 1 });
			await old.db.household.put({ key: 'plan', value: { meetNear: 'The park' }, updatedAt: 1 });
			await old.db.kit.put({ id: 'k', text: 'Torch', have: 1, addedAt: 1 });

			await removeDevice(fresh.db, fresh.transport, lost.clientId);
			expect((await listDevices(fresh.engine, fresh.db, fresh.transport)).length).toBe(1);

			// The lost phone calls: it is told, and deletes what it held of the resident's.
			expect(await old.engine.sync()).toMatchObject({ ok: false, problem: 'removed' });
			expect(await old.db.records.count()).toBe(0);
			expect(await old.db.outbox.count()).toBe(0);
			expect(await getMeta(old.db, 'credentials')).toBeUndefined();
			expect(await old.db.household.count()).toBe(0);
			expect(await old.db.kit.count()).toBe(0);
			// Its unsent note never reached the server.
			const { rows } = await sql<{ id: string }>`select id from test_notes`.execute(
				ctx.database.db
			);
			expect(rows.map((r) => r.id)).toEqual(['diary']);

			// Its old credentials open nothing, not even a new registration.
			const again = await serveRequest(
				ctx,
				new Request('http://linli.test/api/sync/register', {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ schemaVersion: 1, ...lost })
				})
			);
			expect(again.status).toBe(401);

			// Used again, it is a new phone of a new resident, with nothing of the old one's.
			expect(await old.engine.sync()).toMatchObject({ ok: true });
			expect(await getMeta(old.db, 'credentials')).not.toEqual(lost);
			expect(await old.db.records.count()).toBe(0);
			// The new phone still has everything.
			expect(await fresh.engine.sync()).toMatchObject({ ok: true });
			expect(await fresh.db.records.get(['notes', 'diary'])).toBeTruthy();
		});

		it('refuses to remove itself, or a phone that is not the resident’s', async () => {
			const { fresh } = await linkedPair();
			const stranger = phone();
			expect(await stranger.engine.sync()).toMatchObject({ ok: true });
			const me = (await getMeta(fresh.db, 'credentials'))!.clientId;
			await expect(removeDevice(fresh.db, fresh.transport, me)).rejects.toMatchObject({
				status: 400,
				code: 'device_is_this_one'
			});
			await expect(removeDevice(stranger.db, stranger.transport, me)).rejects.toMatchObject({
				status: 404,
				code: 'device_not_found'
			});
			expect((await listDevices(fresh.engine, fresh.db, fresh.transport)).length).toBe(2);
			// Without a device's credentials: nothing.
			for (const [method, path, body] of [
				['GET', '/api/sync/devices', undefined],
				['POST', '/api/sync/devices/remove', JSON.stringify({ clientId: me })]
			] as const) {
				const response = await serveRequest(
					ctx,
					new Request(`http://linli.test${path}`, {
						method,
						headers: { 'content-type': 'application/json' },
						...(body ? { body } : {})
					})
				);
				expect(response.status, `${method} ${path}`).toBe(401);
			}
		});
	});
}
