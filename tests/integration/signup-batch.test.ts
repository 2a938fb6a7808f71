/**
 * Event sign-ups applied in batches on PostgreSQL (sync/batch.ts, events/signup-batch.ts): many
 * phones' pushes in one transaction must answer exactly as each push alone would, fill places in
 * arrival order, and hand back to the single path what a batch cannot answer (a resend, a seq
 * gap) or a batch that failed (two residents sending one sign-up id), on SQLite and PostgreSQL
 * (there half of the phones through a second connection pool, as a second server process).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/connect';
import { createEvent, setEventStatus } from '../../src/lib/server/events/store';
import { defaultNeighbourhoodId } from '../../src/lib/server/neighbourhoods/store';
import { follow } from '../../src/lib/server/neighbourhoods/follows';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import { applyPush } from '../../src/lib/server/sync/push';
import { batchOf } from '../../src/lib/server/sync/batch';
import type { StaffScope } from '../../src/lib/server/neighbourhoods/scope';
import { backends } from './support/backends';
import { concertInput, signUpInput } from './support/events';
import { Phone } from './support/volunteers';

const registry = productionRegistry();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

for (const backend of backends()) {
	describe(`event sign-ups, many at once (${backend.name})`, () => {
		let database: Database;
		let other: Database;
		let hood: string;
		const admin: StaffScope = { all: true };
		const stats = () => ({ ...batchOf(database).stats });

		beforeAll(async () => {
			database = await backend.open();
			other = backend.sibling ? await backend.sibling(database) : database;
			hood = (await defaultNeighbourhoodId(database.db))!;
		});
		afterAll(() => backend.cleanup());

		async function phones(n: number, db = database) {
			return Promise.all(
				Array.from({ length: n }, async () => {
					const phone = await Phone.register(db, registry);
					await follow(db, phone.clientId, hood);
					return phone;
				})
			);
		}

		async function published(places: number, now = Date.now()) {
			const input = concertInput(hood, now, places);
			const id = await createEvent(database, admin, input, 'org-1', now);
			await setEventStatus(database, admin, id, 'published', now);
			return { id, singers: input.roles[0]!.id, everyone: input.roles[1]!.id };
		}

		async function signups(eventId: string) {
			return database.db
				.selectFrom('event_signups')
				.select(['id', 'resident_id', 'status', 'arrival', 'party_size'])
				.where('event_id', '=', eventId)
				.orderBy('arrival')
				.execute();
		}

		it('fills places in arrival order across batches and two processes, none twice', async () => {
			const before = stats();
			const event = await published(7);
			const crowd = [...(await phones(30)), ...(await phones(30, other))];
			const answers = await Promise.all(
				crowd.map((p, i) =>
					p.send(
						'event.signUp',
						signUpInput(event.id, event.singers, { partySize: i % 5 === 0 ? 2 : 1 })
					)
				)
			);
			expect(answers.every((a) => a.status === 'applied')).toBe(true);
			const rows = await signups(event.id);
			expect(rows).toHaveLength(60);
			// Places go in arrival order while they fit; once anyone waits, everyone after waits.
			let free = 7;
			let waiting = false;
			for (const row of rows) {
				const fits = !waiting && row.party_size <= free;
				expect(row.status).toBe(fits ? 'confirmed' : 'waitlisted');
				if (fits) free -= row.party_size;
				else waiting = true;
			}
			const confirmed = rows.filter((r) => r.status === 'confirmed');
			expect(confirmed.reduce((n, r) => n + r.party_size, 0)).toBeLessThanOrEqual(7);
			expect(new Set(rows.map((r) => r.arrival)).size).toBe(60);
			// Each phone heard what was stored for it.
			const byResident = new Map(rows.map((r) => [r.resident_id, r.status]));
			crowd.forEach((p, i) => {
				const answer = answers[i]!;
				expect(answer.status === 'applied' && answer.outcome).toBe(byResident.get(p.residentId));
			});
			const after = stats();
			const theirs = other === database ? { answered: 0, batches: 0 } : batchOf(other).stats;
			// Pushes shared batches (fewer batches than pushes), and none failed.
			expect(after.answered - before.answered + theirs.answered).toBe(60);
			expect(after.batches - before.batches + theirs.batches).toBeLessThan(60);
			expect(after.failed - before.failed).toBe(0);
		});

		it('gives every refusal the single path gives, in one batch', async () => {
			const now = Date.now();
			const event = await published(2, now);
			const cancelled = await published(2, now);
			await setEventStatus(database, admin, cancelled.id, 'cancelled', now);
			const closed = await published(2, now - 2 * DAY + HOUR); // deadline an hour ago
			const [a, b, c, d, e, f, g] = await phones(7);
			await a!.send('event.signUp', signUpInput(event.id, event.everyone));
			const answers = await Promise.all([
				a!.send('event.signUp', signUpInput(event.id, event.singers)),
				b!.send('event.signUp', signUpInput(cancelled.id, cancelled.singers)),
				c!.send('event.signUp', signUpInput(closed.id, closed.singers)),
				d!.send('event.signUp', signUpInput(event.id, randomUUID())),
				e!.send('event.signUp', signUpInput(randomUUID(), event.singers)),
				f!.send('event.signUp', signUpInput(event.id, event.singers, { partySize: 0 })),
				g!.send('event.signUp', signUpInput(event.id, event.singers, { partySize: 2 }))
			]);
			expect(answers).toEqual([
				{ status: 'rejected', seq: 2, code: 'event_already_signed_up' },
				{ status: 'rejected', seq: 1, code: 'event_cancelled' },
				{ status: 'rejected', seq: 1, code: 'event_signup_closed' },
				{ status: 'rejected', seq: 1, code: 'event_role_not_found' },
				{ status: 'rejected', seq: 1, code: 'event_not_found' },
				{ status: 'rejected', seq: 1, code: 'invalid', params: { path: 'partySize' } },
				{ status: 'applied', seq: 1, outcome: 'confirmed' }
			]);
			// A refusal still moves the phone on: its next change is accepted.
			expect(await f!.send('event.signUp', signUpInput(event.id, event.everyone))).toEqual({
				status: 'applied',
				seq: 2,
				outcome: 'confirmed'
			});
		});

		it('answers a resend with what it answered before, and refuses a gap', async () => {
			const event = await published(1);
			const [a, b] = await phones(2);
			const first = signUpInput(event.id, event.singers);
			const mutation = { seq: 1, type: 'event.signUp', payload: first, createdAt: Date.now() };
			const actor = { residentId: a!.residentId, clientId: a!.clientId, roles: [] };
			const sent = await applyPush(database, registry, actor, [mutation]);
			const again = await applyPush(database, registry, actor, [mutation]);
			expect(sent.results).toEqual([{ status: 'applied', seq: 1, outcome: 'confirmed' }]);
			expect(again.results).toEqual(sent.results);
			await expect(
				applyPush(
					database,
					registry,
					{ residentId: b!.residentId, clientId: b!.clientId, roles: [] },
					[{ ...mutation, seq: 3, payload: signUpInput(event.id, event.singers) }]
				)
			).rejects.toMatchObject({ expected: 1 });
			expect(await signups(event.id)).toHaveLength(1);
		});

		it('two residents sending one sign-up id: one place, the other refused, nothing half-written', async () => {
			const before = stats();
			const event = await published(5);
			const [x, y, a, b] = await phones(4);
			const shared = signUpInput(event.id, event.singers);
			// x takes the batch in flight (y too when two run at once), so a and b wait and go in one
			// batch together. It fails on the second insert and is rolled back; each is then applied
			// alone, where the one that loses the race is refused whole (23505: the server answers
			// "send again"), or, when it comes second, as someone else's sign-up id.
			const phonesOf = [a!, b!];
			const answers = await Promise.allSettled([
				x!.send('event.signUp', signUpInput(event.id, event.singers)),
				y!.send('event.signUp', signUpInput(event.id, event.singers)),
				a!.send('event.signUp', shared),
				b!.send('event.signUp', { ...shared, name: 'Someone else' })
			]);
			const rows = await signups(event.id);
			expect(rows).toHaveLength(3);
			const owner = rows.find((r) => r.id === shared.id)!.resident_id;
			const winner = phonesOf.findIndex((p) => p.residentId === owner);
			expect(winner).toBeGreaterThanOrEqual(0);
			expect(answers[2 + winner]).toEqual({
				status: 'fulfilled',
				value: { status: 'applied', seq: 1, outcome: 'confirmed' }
			});
			const loser = phonesOf[1 - winner]!;
			const lost = answers[3 - winner]!;
			if (lost.status === 'rejected') expect(lost.reason).toMatchObject({ code: '23505' });
			else expect(lost.value).toEqual({ status: 'rejected', seq: 1, code: 'forbidden' });
			// Sent again, it meets the winner's row: refused, as a sign-up id of someone else's.
			const resent = await applyPush(
				database,
				registry,
				{ residentId: loser.residentId, clientId: loser.clientId, roles: [] },
				[{ seq: 1, type: 'event.signUp', payload: shared, createdAt: 0 }]
			);
			expect(resent.results).toEqual([{ status: 'rejected', seq: 1, code: 'forbidden' }]);
			expect(stats().failed - before.failed).toBe(1);
		});
	});
}
