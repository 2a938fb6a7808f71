import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/connect';
import type { ServerContext } from '../../src/lib/server/context';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import { withChanges } from '../../src/lib/server/sync/write';
import { createLinkCode, redeemLinkCode } from '../../src/lib/server/sync/devices';
import { cancelTask, createTask, updateTask } from '../../src/lib/server/volunteers/tasks';
import {
	confirmHours,
	setVerified,
	verifyCertificate
} from '../../src/lib/server/volunteers/organizer';
import { roster } from '../../src/lib/server/volunteers/roster';
import { purgeExpired } from '../../src/lib/server/retention';
import { sha256 } from '../../src/lib/server/crypto';
import { backends } from './support/backends';
import { testContext } from './support/server';
import { Phone, profile } from './support/volunteers';

const registry = productionRegistry();
const HOUR = 3_600_000;

for (const backend of backends()) {
	describe(`volunteers on the server (${backend.name})`, () => {
		let database: Database;
		let ctx: ServerContext;
		afterAll(() => backend.cleanup());
		beforeEach(async () => {
			database = await backend.open();
			ctx = testContext(database, registry);
		});
		const query = (q: Partial<Parameters<typeof roster>[1]> = {}) =>
			roster(database.db, { status: 'active', page: 1, pageSize: 25, ...q }, { all: true });
		const task = (slots: number, starts = Date.now() + 24 * HOUR) =>
			withChanges(database, (trx, changes, now) =>
				createTask(
					trx,
					changes,
					{
						title: 'Deliver groceries',
						place: 'Block 3 lobby',
						address: 'Flat 12F, Block 3, 8 Kin Road',
						startsAt: starts,
						endsAt: starts + 3 * HOUR,
						skills: ['delivery'],
						slots
					},
					'organizer-1',
					now
				)
			);

		it('a registration sent from a phone reaches the roster, with field checks on the way', async () => {
			const phone = await Phone.register(database, registry);
			expect(
				await phone.send('volunteer.save', { ...profile(), phone: 'call me', email: '' })
			).toMatchObject({ status: 'rejected', code: 'invalid', params: { path: 'phone' } });
			expect(
				await phone.send('volunteer.save', { ...profile(), phone: '', email: '' })
			).toMatchObject({ status: 'rejected', code: 'invalid', params: { path: 'phone' } });
			expect(
				await phone.send('volunteer.save', { ...profile(), consentVersion: 'old' })
			).toMatchObject({ status: 'rejected', params: { path: 'consentVersion' } });
			const mine = profile();
			expect(await phone.send('volunteer.save', mine)).toMatchObject({
				status: 'applied',
				outcome: 'registered'
			});
			const listed = await query();
			expect(listed.total).toBe(1);
			expect(listed.volunteers[0]).toMatchObject({
				name: 'Chan Tai Man',
				phone: '+852 9123 4567',
				verified: false
			});
			// Edited on the phone, edited on the roster.
			expect(
				await phone.send('volunteer.save', {
					...mine,
					name: 'Chan Siu Ming',
					skills: ['driving'],
					hasCar: true
				})
			).toMatchObject({ outcome: 'updated' });
			expect((await query({ skill: 'driving' })).volunteers.map((v) => v.name)).toEqual([
				'Chan Siu Ming'
			]);
			expect((await query({ skill: 'firstAid' })).total).toBe(0);
			// Only the name changes: the filters still find them (their tags are left as they were).
			expect(
				await phone.send('volunteer.save', {
					...mine,
					name: 'Chan Siu Ming Junior',
					skills: ['driving'],
					hasCar: true
				})
			).toMatchObject({ outcome: 'updated' });
			expect((await query({ skill: 'driving' })).volunteers.map((v) => v.name)).toEqual([
				'Chan Siu Ming Junior'
			]);
		});

		it('filters the roster by skill, availability, language, building and name, a page at a time', async () => {
			const people = [
				profile({
					name: '陳大文',
					skills: ['firstAid'],
					availability: ['mon-morning'],
					languages: ['yue'],
					building: 'Block 3'
				}),
				profile({
					name: 'Lee Mei',
					skills: ['translation'],
					availability: ['mon-morning', 'sat-evening'],
					languages: ['cmn', 'en'],
					building: 'block  3'
				}),
				profile({
					name: 'Wong Kit',
					skills: ['firstAid', 'driving'],
					availability: ['sat-evening'],
					languages: ['en'],
					building: 'Block 5'
				})
			];
			for (const p of people)
				await (await Phone.register(database, registry)).send('volunteer.save', p);
			expect((await query({ skill: 'firstAid' })).volunteers.map((v) => v.name).sort()).toEqual([
				'Wong Kit',
				'陳大文'
			]);
			expect((await query({ slot: 'mon-morning' })).total).toBe(2);
			expect(
				(await query({ slot: 'sat-evening', skill: 'firstAid' })).volunteers.map((v) => v.name)
			).toEqual(['Wong Kit']);
			expect((await query({ language: 'en' })).total).toBe(2);
			expect((await query({ building: 'BLOCK 3' })).total).toBe(2);
			expect((await query({ q: '大文' })).volunteers.map((v) => v.name)).toEqual(['陳大文']);
			expect((await query({ q: 'mei' })).total).toBe(1);
			expect((await query({ q: '100%_' })).total).toBe(0);
			const pageOne = await query({ pageSize: 2 });
			const pageTwo = await query({ pageSize: 2, page: 2 });
			expect(pageOne.total).toBe(3);
			expect([...pageOne.volunteers, ...pageTwo.volunteers].map((v) => v.id).sort()).toEqual(
				people.map((p) => p.id).sort()
			);
		});

		it("verification is stored apart from the volunteer's own record and reaches their phone", async () => {
			const phone = await Phone.register(database, registry);
			const mine = profile();
			await phone.send('volunteer.save', mine);
			await phone.pull();
			await setVerified(database, mine.id, true, 'organizer-1');
			const seen = await phone.pull();
			expect(seen.get(`volunteerStatus/${mine.id}`)).toEqual({
				id: mine.id,
				verified: true,
				status: 'active'
			});
			expect(seen.has(`volunteer/${mine.id}`)).toBe(false);
			const review = await database.db
				.selectFrom('volunteer_reviews')
				.selectAll()
				.executeTakeFirstOrThrow();
			expect(review).toMatchObject({
				volunteer_id: mine.id,
				verified: 1,
				verified_by: 'organizer-1'
			});
		});

		it('N+1 sign-ups for N places: N confirmed, 1 waitlisted, promoted when someone cancels', async () => {
			const taskId = await task(2);
			const phones = await Promise.all([0, 1, 2].map(() => Phone.register(database, registry)));
			const signups: string[] = [];
			for (const phone of phones) await phone.send('volunteer.save', profile());
			for (const phone of phones) {
				const id = randomUUID();
				signups.push(id);
				await phone.send('signup.create', { id, taskId });
			}
			const statuses = await database.db
				.selectFrom('task_signups')
				.select(['id', 'status'])
				.orderBy('arrived_at')
				.execute();
			expect(statuses.map((s) => s.status).sort()).toEqual([
				'confirmed',
				'confirmed',
				'waitlisted'
			]);
			const waiting = phones[2]!;
			let seen = await waiting.pull();
			expect(seen.get(`signup/${signups[2]}`)).toMatchObject({ status: 'waitlisted', position: 1 });
			expect([undefined, 'deleted']).toContain(seen.get(`taskPrivate/${taskId}`)); // no address while waiting
			expect(JSON.stringify([...seen.values()])).not.toContain('Flat 12F');
			expect((await phones[0]!.pull()).get(`taskPrivate/${taskId}`)).toEqual({
				id: taskId,
				address: 'Flat 12F, Block 3, 8 Kin Road'
			});

			expect(await phones[0]!.send('signup.cancel', { id: signups[0] })).toMatchObject({
				status: 'applied'
			});
			seen = await waiting.pull();
			expect(seen.get(`signup/${signups[2]}`)).toMatchObject({ status: 'confirmed' });
			expect(seen.get(`taskPrivate/${taskId}`)).toMatchObject({
				address: 'Flat 12F, Block 3, 8 Kin Road'
			});
			expect([...seen.entries()].find(([k]) => k.startsWith('notice/'))?.[1]).toMatchObject({
				kind: 'promoted',
				taskId
			});
			// The one who cancelled no longer sees the address.
			expect((await phones[0]!.pull()).get(`taskPrivate/${taskId}`)).toBe('deleted');
			expect(await phones[1]!.send('signup.create', { id: randomUUID(), taskId })).toMatchObject({
				status: 'rejected',
				code: 'already_signed_up'
			});
		});

		it('concurrent sign-ups from many phones never overbook a task', async () => {
			const taskId = await task(3);
			const phones = await Promise.all(
				Array.from({ length: 10 }, () => Phone.register(database, registry))
			);
			for (const p of phones) await p.send('volunteer.save', profile());
			const results = await Promise.all(
				phones.map((p) => p.send('signup.create', { id: randomUUID(), taskId }))
			);
			expect(results.every((r) => r.status === 'applied')).toBe(true);
			const outcomes = results.map((r) => (r.status === 'applied' ? r.outcome : '')).sort();
			expect(outcomes.filter((o) => o === 'confirmed')).toHaveLength(3);
			const rows = await database.db
				.selectFrom('task_signups')
				.select('status')
				.where('task_id', '=', taskId)
				.execute();
			expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(3);
			expect(rows.filter((r) => r.status === 'waitlisted')).toHaveLength(7);
		});

		it('a changed or cancelled task sends its volunteers a notice', async () => {
			const taskId = await task(1);
			const phone = await Phone.register(database, registry);
			await phone.send('volunteer.save', profile());
			await phone.send('signup.create', { id: randomUUID(), taskId });
			await phone.pull();
			await withChanges(database, (trx, changes, now) =>
				updateTask(
					trx,
					changes,
					taskId,
					{
						title: 'Deliver groceries (new time)',
						place: 'Block 3 lobby',
						address: 'Flat 12F',
						startsAt: Date.now() + 48 * HOUR,
						endsAt: Date.now() + 50 * HOUR,
						skills: [],
						slots: 1
					},
					now
				)
			);
			let seen = await phone.pull();
			expect([...seen.values()].some((v) => (v as { kind?: string }).kind === 'taskChanged')).toBe(
				true
			);
			await withChanges(database, (trx, changes, now) => cancelTask(trx, changes, taskId, now));
			seen = await phone.pull();
			expect(
				[...seen.values()].some((v) => (v as { kind?: string }).kind === 'taskCancelled')
			).toBe(true);
			expect(seen.get(`task/${taskId}`)).toMatchObject({ status: 'cancelled' });
			expect(seen.get(`taskPrivate/${taskId}`)).toBe('deleted');
		});

		it('check-in and check-out record hours; confirmed hours make a verifiable certificate', async () => {
			const starts = Date.now() - 2 * HOUR;
			const taskId = await task(1, starts);
			const phone = await Phone.register(database, registry);
			await phone.send('volunteer.save', profile());
			const signupId = randomUUID();
			await phone.send('signup.create', { id: signupId, taskId });
			expect(await phone.send('signup.checkOut', { id: signupId, at: starts })).toMatchObject({
				code: 'not_checked_in'
			});
			await phone.send('signup.checkIn', { id: signupId, at: starts });
			expect(
				await phone.send('signup.checkIn', { id: signupId, at: Date.now() + 2 * HOUR })
			).toMatchObject({
				code: 'time_outside_task',
				params: { opensAt: starts - 2 * HOUR, closesAt: starts + 3 * HOUR + 12 * HOUR }
			});
			await phone.send('signup.checkOut', { id: signupId, at: starts + 90 * 60_000 });
			expect((await phone.pull()).get(`signup/${signupId}`)).toMatchObject({ minutes: 90 });
			await confirmHours(database, signupId, 90, 'organizer-1');
			expect((await phone.pull()).get(`signup/${signupId}`)).toMatchObject({
				confirmedMinutes: 90
			});
			const token = 'certificate-token-abcdefghijklmnopqrstuvwxyz';
			expect(await phone.send('certificate.issue', { token })).toMatchObject({ outcome: 'issued' });
			expect(await verifyCertificate(database.db, sha256(token))).toMatchObject({
				name: 'Chan Tai Man',
				minutes: 90
			});
			expect(await verifyCertificate(database.db, sha256('wrong'))).toBeUndefined();
		});

		it('a check-in tapped too early is refused with the window, and leaves the sign-up usable', async () => {
			const starts = Date.now() + 3 * HOUR;
			const taskId = await task(1, starts);
			const phone = await Phone.register(database, registry);
			await phone.send('volunteer.save', profile());
			const signupId = randomUUID();
			await phone.send('signup.create', { id: signupId, taskId });
			await phone.pull();
			const early = Date.now();
			expect(await phone.send('signup.checkIn', { id: signupId, at: early }, early)).toEqual({
				status: 'rejected',
				seq: phone.seq,
				code: 'time_outside_task',
				params: { opensAt: starts - 2 * HOUR, closesAt: starts + 15 * HOUR }
			});
			// The refusal changed nothing the phone would hear of: the place is kept, not checked in.
			expect((await phone.pull()).has(`signup/${signupId}`)).toBe(false);
			const row = await database.db
				.selectFrom('task_signups')
				.select(['status', 'check_in_at'])
				.where('id', '=', signupId)
				.executeTakeFirstOrThrow();
			expect(row).toEqual({ status: 'confirmed', check_in_at: null });
			// Once the window is open (the server's clock says so), the same sign-up checks in.
			const inside = starts - HOUR;
			expect(
				await phone.send('signup.checkIn', { id: signupId, at: inside }, inside)
			).toMatchObject({
				status: 'applied'
			});
			expect((await phone.pull()).get(`signup/${signupId}`)).toMatchObject({
				status: 'confirmed',
				checkInAt: inside
			});
			// A check-out the phone stamped before its own check-in is refused for that reason.
			expect(
				await phone.send('signup.checkOut', { id: signupId, at: inside - 60_000 }, inside)
			).toMatchObject({ code: 'check_out_before_check_in' });
		});

		it('withdrawing gives up future places, and the data is purged after the retention period', async () => {
			const taskId = await task(1);
			const [a, b] = await Promise.all([
				Phone.register(database, registry),
				Phone.register(database, registry)
			]);
			const mine = profile({
				name: 'Ho Ka Yan',
				email: 'kayan@example.org',
				phone: '+852 6000 1111'
			});
			await a.send('volunteer.save', mine);
			await b.send('volunteer.save', profile());
			await a.send('signup.create', { id: randomUUID(), taskId });
			await b.send('signup.create', { id: randomUUID(), taskId });
			expect(await a.send('volunteer.withdraw', { id: mine.id })).toMatchObject({
				outcome: 'withdrawn'
			});
			expect((await b.pull()).get(`task/${taskId}`)).toMatchObject({ confirmed: 1, waitlisted: 0 });
			expect((await query()).total).toBe(1);
			expect((await query({ status: 'withdrawn' })).volunteers.map((v) => v.name)).toEqual([
				'Ho Ka Yan'
			]);

			expect(await purgeExpired(ctx, Date.now() + 89 * 86_400_000)).toBe(0);
			expect(await purgeExpired(ctx, Date.now() + 91 * 86_400_000)).toBe(1);
			expect((await query({ status: 'all' })).total).toBe(1);
			const log = await database.db
				.selectFrom('audit_log')
				.selectAll()
				.where('action', '=', 'retention.purge')
				.execute();
			expect(log).toHaveLength(1);
			expect(log[0]!.detail).not.toMatch(/Ho Ka Yan|kayan|6000/);
		});

		it('"delete my data" removes it from every table, and the tombstone reaches the other linked phone', async () => {
			const taskId = await task(1);
			const phone = await Phone.register(database, registry);
			const mine = profile({
				name: 'Fung Siu Lan',
				email: 'siulan.private@example.org',
				phone: '+852 5555 0199'
			});
			await phone.send('volunteer.save', mine);
			await phone.send('signup.create', { id: randomUUID(), taskId });
			await phone.send('certificate.issue', { token: 'a-certificate-token-for-deletion-test-123' });
			// A second phone, linked to the same resident.
			const { code } = await createLinkCode(
				database.db,
				await database.db
					.selectFrom('clients')
					.selectAll()
					.where('id', '=', phone.clientId)
					.executeTakeFirstOrThrow()
			);
			const second = await Phone.register(database, registry);
			const device = await database.db
				.selectFrom('clients')
				.selectAll()
				.where('id', '=', second.clientId)
				.executeTakeFirstOrThrow();
			const { residentId } = await redeemLinkCode(database.db, device, code);
			const other = new Phone(database, registry, second.clientId, residentId);
			expect((await other.pull()).get(`volunteer/${mine.id}`)).toMatchObject({
				name: 'Fung Siu Lan'
			});

			expect(await phone.send('volunteer.delete', { id: mine.id })).toMatchObject({
				outcome: 'deleted'
			});
			expect((await other.pull()).get(`volunteer/${mine.id}`)).toBe('deleted');

			// No table holds the name, phone or e-mail any more — the change log and results included.
			// This database's own tables (on PostgreSQL, other tests' schemas share the server).
			const schema =
				backend.name === 'sqlite'
					? undefined
					: (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db))
							.rows[0]!.schema;
			const tables = (await database.db.introspection.getTables())
				.filter((t) => schema === undefined || t.schema === schema)
				.map((t) => t.name);
			for (const table of tables) {
				const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
					database.db
				);
				const text = JSON.stringify(rows.rows);
				for (const secret of ['Fung Siu Lan', 'siulan.private', '5555 0199'])
					expect(text, `${table} holds ${secret}`).not.toContain(secret);
			}
			if (backend.name === 'sqlite') {
				// secure_delete on, and the WAL moved into the file: not even free pages keep it.
				const file = (
					await sql<{
						file: string;
					}>`select file from pragma_database_list where name = 'main'`.execute(database.db)
				).rows[0]!.file;
				for (const path of [file, `${file}-wal`]) {
					let bytes = '';
					try {
						bytes = readFileSync(path).toString('latin1');
					} catch {
						continue;
					}
					expect(bytes.includes('siulan.private'), path).toBe(false);
				}
			}
		});

		it("a device cannot touch another resident's registration or sign-ups", async () => {
			const [alice, mallory] = await Promise.all([
				Phone.register(database, registry),
				Phone.register(database, registry)
			]);
			const hers = profile();
			await alice.send('volunteer.save', hers);
			expect(await mallory.send('volunteer.save', { ...hers, name: 'Mallory' })).toMatchObject({
				code: 'forbidden'
			});
			expect(await mallory.send('volunteer.withdraw', { id: hers.id })).toMatchObject({
				status: 'rejected'
			});
			expect(await mallory.send('volunteer.delete', { id: hers.id })).toMatchObject({
				status: 'applied'
			}); // nothing of theirs to delete
			expect((await query()).total).toBe(1);
			const taskId = await task(3);
			const signupId = randomUUID();
			await alice.send('signup.create', { id: signupId, taskId });
			expect(await mallory.send('signup.cancel', { id: signupId })).toMatchObject({
				code: 'forbidden'
			});
			const seen = await mallory.pull();
			expect(JSON.stringify([...seen.entries()])).not.toMatch(/taiman@example|9123 4567|Flat 12F/);
		});
	});
}
