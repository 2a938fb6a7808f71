import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SYNC_SCHEMA_VERSION, type Mutation } from '../../src/lib/shared/sync';
import type { Database } from '../../src/lib/server/db/connect';
import { DatabaseTooNewError, migrate } from '../../src/lib/server/db/migrate';
import { MIGRATIONS } from '../../src/lib/server/db/migrations/index';
import {
	authenticateDevice,
	createLinkCode,
	DeviceAuthError,
	redeemLinkCode,
	registerDevice
} from '../../src/lib/server/sync/devices';
import { applyPush, SeqGapError } from '../../src/lib/server/sync/push';
import { pullChanges } from '../../src/lib/server/sync/pull';
import { Rejection, type Actor } from '../../src/lib/server/sync/types';
import { createSession, resolveSession } from '../../src/lib/server/auth/sessions';
import { createUser } from '../../src/lib/server/auth/users';
import { tidy } from '../../src/lib/server/retention';
import { backends } from './support/backends';
import { testContext } from './support/server';
import { createNotesTable, notesRegistry } from './support/notes';

const secret = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
const registry = notesRegistry();

for (const backend of backends()) {
	describe(`server sync on ${backend.name}`, () => {
		let database: Database;
		afterAll(() => backend.cleanup());
		beforeEach(async () => {
			database = await backend.open();
			await createNotesTable(database);
		});

		async function newDevice() {
			const credentials = { clientId: randomUUID(), secret: secret() };
			const { residentId } = await registerDevice(database.db, {
				schemaVersion: SYNC_SCHEMA_VERSION,
				...credentials
			});
			const actor: Actor = { residentId, clientId: credentials.clientId, roles: [] };
			return { credentials, actor, residentId };
		}
		const put = (seq: number, id: string, body: string): Mutation => ({
			seq,
			type: 'note.put',
			payload: { id, body },
			createdAt: 0
		});

		it('refuses to start on a database migrated by a newer version', async () => {
			await database.db
				.insertInto('schema_migrations' as never)
				.values({ name: '9999-future', applied_at: 1 } as never)
				.execute();
			await expect(migrate(database)).rejects.toBeInstanceOf(DatabaseTooNewError);
			await expect(migrate(database)).rejects.toThrow(/newer version of Linli/);
		});

		it('migrates once: running the migrations again changes nothing', async () => {
			expect(await migrate(database)).toEqual([]);
			const applied = await database.db
				.selectFrom('schema_migrations' as never)
				.select('name' as never)
				.execute();
			expect(applied.map((r) => (r as { name: string }).name)).toEqual(
				MIGRATIONS.map((m) => m.name)
			);
		});

		it('registers a device idempotently and refuses its id with another secret', async () => {
			const credentials = { clientId: randomUUID(), secret: secret() };
			const first = await registerDevice(database.db, { schemaVersion: 1, ...credentials });
			const again = await registerDevice(database.db, { schemaVersion: 1, ...credentials });
			expect(again.residentId).toBe(first.residentId);
			await expect(
				registerDevice(database.db, {
					schemaVersion: 1,
					clientId: credentials.clientId,
					secret: secret()
				})
			).rejects.toBeInstanceOf(DeviceAuthError);
			const stored = await database.db
				.selectFrom('clients')
				.select('secret_hash')
				.where('id', '=', credentials.clientId)
				.executeTakeFirstOrThrow();
			expect(stored.secret_hash).not.toContain(credentials.secret);
			expect(
				await authenticateDevice(
					database.db,
					`Device ${credentials.clientId}:${credentials.secret}`
				)
			).toMatchObject({ id: credentials.clientId });
			expect(
				await authenticateDevice(database.db, `Device ${credentials.clientId}:${secret()}`)
			).toBeNull();
			expect(await authenticateDevice(database.db, 'Basic abc')).toBeNull();
		});

		it('applies mutations in order, once: a repeated batch gets the same answers and changes nothing', async () => {
			const { actor, residentId } = await newDevice();
			const batch = [put(1, 'a', 'one'), put(2, 'b', 'two'), put(3, 'b', 'reject me')];
			const first = await applyPush(database, registry, actor, batch);
			expect(first.results).toEqual([
				{ status: 'applied', seq: 1 },
				{ status: 'applied', seq: 2 },
				{ status: 'rejected', seq: 3, code: 'test_rule', params: { id: 'b' } }
			]);
			expect(first.lastSeq).toBe(3);
			const again = await applyPush(database, registry, actor, batch);
			expect(again.results).toEqual(first.results);
			const page = await pullChanges(database, registry, residentId, 0);
			expect(page.changes.map((c) => [c.id, c.data])).toEqual([
				['a', { id: 'a', body: 'one' }],
				['b', { id: 'b', body: 'two' }]
			]);
		});

		it('refuses a gap in the sequence and applies nothing of that batch', async () => {
			const { actor, residentId } = await newDevice();
			await expect(applyPush(database, registry, actor, [put(2, 'a', 'x')])).rejects.toBeInstanceOf(
				SeqGapError
			);
			expect((await pullChanges(database, registry, residentId, 0)).changes).toEqual([]);
			const results = await applyPush(database, registry, actor, [
				put(1, 'a', 'x'),
				put(2, 'b', 'y'),
				put(5, 'c', 'z')
			]);
			expect(results.results.map((r) => r.seq)).toEqual([1, 2]);
			expect(results.lastSeq).toBe(2);
		});

		it('rejects bad payloads, retired types and senders without the role, and still moves on', async () => {
			const { actor } = await newDevice();
			const response = await applyPush(database, registry, actor, [
				{ seq: 1, type: 'note.put', payload: { id: 'Not Valid!', body: 1 }, createdAt: 0 },
				{ seq: 2, type: 'note.retired', payload: {}, createdAt: 0 },
				{ seq: 3, type: 'note.announce', payload: { text: 'hi' }, createdAt: 0 },
				put(4, 'ok', 'fine')
			]);
			expect(response.results).toEqual([
				{ status: 'rejected', seq: 1, code: 'invalid', params: { path: 'id' } },
				{ status: 'rejected', seq: 2, code: 'unknown_type', params: { type: 'note.retired' } },
				{ status: 'rejected', seq: 3, code: 'forbidden' },
				{ status: 'applied', seq: 4 }
			]);
			const organizer = await applyPush(database, registry, { ...actor, roles: ['organizer'] }, [
				{ seq: 5, type: 'note.announce', payload: { text: 'hi' }, createdAt: 0 }
			]);
			expect(organizer.results).toEqual([{ status: 'applied', seq: 5, outcome: 'announced' }]);
		});

		it("never lets a device change or see another resident's records", async () => {
			const alice = await newDevice();
			const bob = await newDevice();
			await applyPush(database, registry, alice.actor, [put(1, 'secret', 'alice only')]);
			const attack = await applyPush(database, registry, bob.actor, [
				put(1, 'secret', 'bob was here'),
				{ seq: 2, type: 'note.delete', payload: { id: 'secret' }, createdAt: 0 }
			]);
			expect(attack.results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
			const bobsView = await pullChanges(database, registry, bob.residentId, 0);
			expect(JSON.stringify(bobsView)).not.toContain('alice only');
			const alicesView = await pullChanges(database, registry, alice.residentId, 0);
			expect(alicesView.changes).toEqual([
				expect.objectContaining({ id: 'secret', data: { id: 'secret', body: 'alice only' } })
			]);
		});

		it('pulls pages after a cursor, tombstones included, one row per record', async () => {
			const { actor, residentId } = await newDevice();
			const mutations = Array.from({ length: 7 }, (_, i) => put(i + 1, `n${i}`, `v${i}`));
			await applyPush(database, registry, actor, mutations);
			await applyPush(database, registry, actor, [
				put(8, 'n0', 'changed'),
				{ seq: 9, type: 'note.delete', payload: { id: 'n1' }, createdAt: 0 }
			]);
			const seen = new Map<string, unknown>();
			let cursor = 0;
			let pages = 0;
			for (;;) {
				const page = await pullChanges(database, registry, residentId, cursor, 3);
				pages++;
				for (const change of page.changes)
					seen.set(change.id, change.deleted ? 'deleted' : change.data);
				expect(page.changes.every((c) => c.seq > cursor)).toBe(true);
				cursor = page.cursor;
				if (!page.more) break;
			}
			expect(pages).toBe(3);
			expect(seen.get('n0')).toEqual({ id: 'n0', body: 'changed' });
			expect(seen.get('n1')).toBe('deleted');
			expect(seen.size).toBe(7);
			const rows = await database.db
				.selectFrom('changes')
				.select(sql<number>`count(*)`.as('n'))
				.executeTakeFirstOrThrow();
			expect(Number(rows.n)).toBe(7);
		});

		it('housekeeping drops answers the device has received, expired sessions and codes, and nothing else', async () => {
			const phone = await newDevice();
			const other = await newDevice();
			await applyPush(database, registry, phone.actor, [put(1, 'a', '1'), put(2, 'b', '2')]);
			await applyPush(database, registry, other.actor, [put(1, 'c', '1')]);
			// The phone's next push starts at 3: it has the answers to 1 and 2. (The other device's
			// answer may still be on its way: it is kept.)
			await applyPush(database, registry, phone.actor, [put(3, 'a', '3')]);
			const user = await createUser(database.db, {
				email: 'tidy@example.org',
				name: 'Tidy',
				password: 'a long enough passphrase 42',
				roles: ['organizer']
			});
			const live = await createSession(database.db, user);
			await createSession(database.db, user, Date.now() - 400 * 86_400_000);
			const device = (await authenticateDevice(
				database.db,
				`Device ${phone.credentials.clientId}:${phone.credentials.secret}`
			))!;
			await createLinkCode(database.db, device, Date.now() - 86_400_000);

			const removed = await tidy(testContext(database, registry));
			expect(removed).toEqual({ sessions: 1, linkCodes: 1, answers: 2, buckets: 0, jobs: 0 });
			const answers = await database.db
				.selectFrom('mutation_results')
				.select(['client_id', 'seq'])
				.orderBy('seq')
				.execute();
			expect(answers).toEqual(
				expect.arrayContaining([
					{ client_id: phone.actor.clientId, seq: 3 },
					{ client_id: other.actor.clientId, seq: 1 }
				])
			);
			expect(answers).toHaveLength(2);
			expect(await resolveSession(database.db, live.token)).toMatchObject({ name: 'Tidy' });
			// A late copy of the first push still gets an answer, and nothing is applied twice.
			const again = await applyPush(database, registry, phone.actor, [put(1, 'a', '1')]);
			expect(again.results).toEqual([{ status: 'applied', seq: 1 }]);
			const view = await pullChanges(database, registry, phone.residentId, 0);
			expect(view.changes.find((c) => c.id === 'a')?.data).toEqual({ id: 'a', body: '3' });
		});

		it('links a second device to the same resident with a one-time code', async () => {
			const phone = await newDevice();
			await applyPush(database, registry, phone.actor, [put(1, 'mine', 'from the old phone')]);
			const { code } = await createLinkCode(
				database.db,
				(await authenticateDevice(
					database.db,
					`Device ${phone.credentials.clientId}:${phone.credentials.secret}`
				))!
			);
			const newPhone = await newDevice();
			const device = (await authenticateDevice(
				database.db,
				`Device ${newPhone.credentials.clientId}:${newPhone.credentials.secret}`
			))!;
			const linked = await redeemLinkCode(database.db, device, code);
			expect(linked.residentId).toBe(phone.residentId);
			const view = await pullChanges(database, registry, linked.residentId, 0);
			expect(view.changes.map((c) => c.data)).toEqual([{ id: 'mine', body: 'from the old phone' }]);
			await expect(redeemLinkCode(database.db, device, code)).rejects.toBeInstanceOf(Rejection);
		});

		it('refuses to link a device that holds records of its own', async () => {
			const phone = await newDevice();
			const { code } = await createLinkCode(
				database.db,
				await database.db
					.selectFrom('clients')
					.selectAll()
					.where('id', '=', phone.actor.clientId)
					.executeTakeFirstOrThrow()
			);
			const other = await newDevice();
			await applyPush(database, registry, other.actor, [put(1, 'theirs', 'x')]);
			const device = await database.db
				.selectFrom('clients')
				.selectAll()
				.where('id', '=', other.actor.clientId)
				.executeTakeFirstOrThrow();
			await expect(redeemLinkCode(database.db, device, code)).rejects.toMatchObject({
				code: 'link_has_data'
			});
		});

		it('a reader never misses a change, however pushes and pulls interleave', async () => {
			const devices = await Promise.all(Array.from({ length: 6 }, () => newDevice()));
			const seen = new Map<string, Set<string>>(devices.map((d) => [d.residentId, new Set()]));
			const cursors = new Map<string, number>(devices.map((d) => [d.residentId, 0]));
			const reader = async (residentId: string) => {
				const page = await pullChanges(database, registry, residentId, cursors.get(residentId)!);
				for (const change of page.changes) seen.get(residentId)!.add(change.id);
				cursors.set(residentId, page.cursor);
			};
			const writers = devices.map(async (d, i) => {
				for (let j = 1; j <= 8; j++) {
					await applyPush(database, registry, d.actor, [put(j, `d${i}-${j}`, 'x')]);
					await reader(devices[(i + j) % devices.length]!.residentId);
				}
			});
			await Promise.all(writers);
			for (const d of devices) for (let k = 0; k < 3; k++) await reader(d.residentId);
			devices.forEach((d, i) => {
				expect([...seen.get(d.residentId)!].sort()).toEqual(
					Array.from({ length: 8 }, (_, j) => `d${i}-${j + 1}`).sort()
				);
			});
			const seqs = (
				await database.db.selectFrom('changes').select('seq').orderBy('seq').execute()
			).map((r) => r.seq);
			expect(new Set(seqs).size).toBe(48);
		});
	});
}
