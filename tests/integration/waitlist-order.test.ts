/**
 * Many sign-ups in the same millisecond: the waitlist still has one order, the server's arrival
 * number, so positions are distinct and promotions go to whoever got the task's lock first.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/connect';
import { migrate } from '../../src/lib/server/db/migrate';
import { MIGRATIONS } from '../../src/lib/server/db/migrations/index';
import { nextArrival } from '../../src/lib/server/capacity';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import { withChanges } from '../../src/lib/server/sync/write';
import { createTask } from '../../src/lib/server/volunteers/tasks';
import { backends } from './support/backends';
import { oldDevice, Phone, profile } from './support/volunteers';

const registry = productionRegistry();
const PEOPLE = 24;
const SLOTS = 4;

for (const backend of backends()) {
	describe(`waitlist order with sign-ups in one millisecond (${backend.name})`, () => {
		let database: Database;
		let phones: Phone[];
		let taskId: string;
		const signupOf = new Map<Phone, string>();
		const now = Date.now();
		/** Change-log writes (each takes the next seq) made by the sign-ups alone. */
		let changeWrites = 0;
		const lastSeq = async () =>
			Number(
				(
					await database.db
						.selectFrom('changes')
						.select((eb) => eb.fn.max('seq').as('seq'))
						.executeTakeFirstOrThrow()
				).seq ?? 0
			);

		beforeAll(async () => {
			database = await backend.open();
			taskId = await withChanges(database, (trx, changes, at) =>
				createTask(
					trx,
					changes,
					{
						title: 'Carry water upstairs',
						place: 'Block 5',
						address: '',
						startsAt: now + 86_400_000,
						endsAt: now + 90_000_000,
						skills: [],
						slots: SLOTS
					},
					'organizer',
					at
				)
			);
			phones = await Promise.all(
				Array.from({ length: PEOPLE }, () => Phone.register(database, registry))
			);
			for (const phone of phones) await phone.send('volunteer.save', profile());
			const before = await lastSeq();
			// All at once, all stamped with the very same server time.
			await Promise.all(
				phones.map((phone) => {
					const id = randomUUID();
					signupOf.set(phone, id);
					return phone.send('signup.create', { id, taskId }, now);
				})
			);
			changeWrites = (await lastSeq()) - before;
		});

		it('tells only whom a sign-up concerns: the change log grows by a few rows a sign-up, not by all of them', () => {
			// The sign-up, the task's counts and the exact address (given or withheld): three rows
			// each, and a fourth number on PostgreSQL, where updating the task's existing row takes
			// two. Sending every sign-up again after each new one took 624 here (1,200 on PostgreSQL).
			expect(changeWrites).toBeGreaterThanOrEqual(PEOPLE * 3);
			expect(changeWrites).toBeLessThanOrEqual(PEOPLE * 4);
		});
		afterAll(() => backend.cleanup());

		async function queue() {
			return database.db
				.selectFrom('task_signups')
				.select(['id', 'status', 'arrival', 'arrived_at'])
				.where('task_id', '=', taskId)
				.orderBy('arrival')
				.execute();
		}

		it('gives every sign-up its own arrival number, even in the same millisecond', async () => {
			const rows = await queue();
			expect(new Set(rows.map((r) => r.arrived_at))).toEqual(new Set([now]));
			expect(new Set(rows.map((r) => r.arrival)).size).toBe(PEOPLE);
			// The first to arrive got the places.
			expect(rows.map((r) => r.status)).toEqual([
				...Array(SLOTS).fill('confirmed'),
				...Array(PEOPLE - SLOTS).fill('waitlisted')
			]);
		});

		it('shows each waiting phone a distinct place in the queue, in arrival order', async () => {
			const rows = await queue();
			const byId = new Map(rows.map((r, i) => [r.id, i]));
			const positions: [number, number][] = [];
			for (const phone of phones) {
				const seen = await phone.pull();
				const signup = seen.get(`signup/${signupOf.get(phone)}`) as {
					status: string;
					position?: number;
				};
				if (signup.status === 'waitlisted')
					positions.push([byId.get(signupOf.get(phone)!)!, signup.position!]);
			}
			positions.sort((a, b) => a[0] - b[0]);
			expect(positions.map(([, position]) => position)).toEqual(
				Array.from({ length: PEOPLE - SLOTS }, (_, i) => i + 1)
			);
		});

		it('promotes the first in the queue when a place frees up, and everyone moves up by one', async () => {
			const before = await queue();
			const leaving = phones.find((p) => signupOf.get(p) === before[0]!.id)!;
			expect(await leaving.send('signup.cancel', { id: before[0]!.id })).toMatchObject({
				status: 'applied'
			});
			const after = await queue();
			const first = before.find((r) => r.status === 'waitlisted')!;
			expect(after.find((r) => r.id === first.id)!.status).toBe('confirmed');
			const stillWaiting = after.filter((r) => r.status === 'waitlisted');
			expect(stillWaiting.map((r) => r.id)).toEqual(
				before.filter((r) => r.status === 'waitlisted' && r.id !== first.id).map((r) => r.id)
			);
			const nextPhone = phones.find((p) => signupOf.get(p) === stillWaiting[0]!.id)!;
			const seen = await nextPhone.pull();
			expect(seen.get(`signup/${stillWaiting[0]!.id}`)).toMatchObject({
				status: 'waitlisted',
				position: 1
			});
		});
	});

	describe(`migration 0005 numbers the sign-ups already there (${backend.name})`, () => {
		afterAll(() => backend.cleanup());

		it('by arrival time, then id, and new ones continue after them', async () => {
			const database = await backend.open(MIGRATIONS.slice(0, 4));
			const now = Date.now();
			// Written as the schema before 0005 held it: today's createTask writes later columns.
			const taskId = randomUUID();
			await (database.db as unknown as Kysely<Record<string, Record<string, unknown>>>)
				.insertInto('tasks')
				.values({
					id: taskId,
					title: 'Sort donations',
					place: 'Hall',
					address: '',
					starts_at: now + 86_400_000,
					ends_at: now + 90_000_000,
					skills: '[]',
					slots: 1,
					status: 'open',
					created_by: 'organizer',
					created_at: now,
					updated_at: now
				})
				.execute();
			const phones = await Promise.all([0, 1, 2].map(() => oldDevice(database)));
			// Registrations written as the schema before 0005 held them (today's volunteer.save
			// writes tables of later migrations).
			const volunteers: string[] = [];
			for (const phone of phones) {
				const id = randomUUID();
				volunteers.push(id);
				await (database.db as unknown as Kysely<Record<string, Record<string, unknown>>>)
					.insertInto('volunteers')
					.values({
						id,
						resident_id: phone.residentId,
						name: 'Chan',
						phone: '+852 9123 4567',
						email: '',
						building: '',
						unit: '',
						skills: '[]',
						first_aid_certified: 0,
						has_car: 0,
						skills_other: '',
						languages: '[]',
						availability: '[]',
						max_hours_week: 1,
						notes: '',
						consent_version: '1',
						consent_at: now,
						status: 'active',
						withdrawn_at: null,
						created_at: now,
						updated_at: now
					})
					.execute();
			}
			// Written as the version before 0005 did: no arrival number, two in one millisecond.
			const old = [
				{ id: 'c0000000-0000-4000-8000-000000000000', at: now + 5 },
				{ id: 'b0000000-0000-4000-8000-000000000000', at: now },
				{ id: 'a0000000-0000-4000-8000-000000000000', at: now + 5 }
			];
			for (const [i, row] of old.entries()) {
				await (database.db as unknown as Kysely<Record<string, Record<string, unknown>>>)
					.insertInto('task_signups')
					.values({
						id: row.id,
						task_id: taskId,
						volunteer_id: volunteers[i]!,
						resident_id: phones[i]!.residentId,
						status: i === 1 ? 'confirmed' : 'waitlisted',
						arrived_at: row.at,
						created_at: row.at,
						updated_at: row.at
					})
					.execute();
			}
			expect(await migrate(database)).toEqual(MIGRATIONS.slice(4).map((step) => step.name));
			const rows = await database.db
				.selectFrom('task_signups')
				.select(['id', 'arrival'])
				.orderBy('arrival')
				.execute();
			expect(rows).toEqual([
				{ id: old[1]!.id, arrival: 1 },
				{ id: old[2]!.id, arrival: 2 },
				{ id: old[0]!.id, arrival: 3 }
			]);
			await withChanges(database, async (trx) => {
				expect(await nextArrival(trx, database.dialect)).toBe(4);
				expect(await nextArrival(trx, database.dialect)).toBe(5);
			});
		});
	});
}
