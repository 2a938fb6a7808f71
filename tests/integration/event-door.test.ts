/**
 * The door on the night (issue 13), server side, on SQLite and PostgreSQL: organizers' phones send
 * admissions through the sync outbox with their session. Two doors admitting one ticket leave one
 * person present and a double admission listed; a resent mark is stored once; organizers act only
 * in their own neighbourhoods; a push holding an admission without a session is refused whole
 * (401, nothing applied, no seq used); the door's roster carries only what the door needs.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffUser } from '../../src/lib/server/auth/sessions';
import type { ServerContext } from '../../src/lib/server/context';
import type { Database } from '../../src/lib/server/db/connect';
import { createEvent, setEventStatus } from '../../src/lib/server/events/store';
import { admittedTwice, eventRoster } from '../../src/lib/server/events/roster';
import {
	createNeighbourhood,
	defaultNeighbourhoodId
} from '../../src/lib/server/neighbourhoods/store';
import { follow } from '../../src/lib/server/neighbourhoods/follows';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import { SYNC_SCHEMA_VERSION } from '../../src/lib/shared/sync';
import { verifyTicket, type TicketKey } from '../../src/lib/shared/tickets';
import { backends } from './support/backends';
import { concertInput } from './support/events';
import { addUser, staffOfDefault } from './support/neighbourhoods';
import { serveRequest, testContext } from './support/server';
import { Phone } from './support/volunteers';

const registry = productionRegistry();

for (const backend of backends()) {
	describe(`events at the door (${backend.name})`, () => {
		let database: Database;
		let other: Database;
		let ctx: ServerContext;
		let hood: string;
		const north: StaffUser = {
			id: randomUUID(),
			email: 'north@example.org',
			name: 'North',
			roles: ['organizer']
		};
		const south: StaffUser = { ...north, id: randomUUID(), email: 's@example.org', name: 'South' };
		let outsider: StaffUser;
		let publisher: StaffUser;

		beforeAll(async () => {
			database = await backend.open();
			other = backend.sibling ? await backend.sibling(database) : database;
			ctx = testContext(database, registry);
			hood = (await defaultNeighbourhoodId(database.db))!;
			await staffOfDefault(database, north);
			await staffOfDefault(database, south);
			outsider = await addUser(database, ['organizer'], 'outsider');
			const elsewhere = await createNeighbourhood(database.db, {
				names: { en: 'Elsewhere', 'zh-Hant': '', 'zh-Hans': '' },
				description: '',
				region: '',
				timeZone: 'Asia/Taipei'
			});
			await database.db
				.insertInto('neighbourhood_organizers')
				.values({ neighbourhood_id: elsewhere, user_id: outsider.id, created_at: Date.now() })
				.execute();
			publisher = await addUser(database, ['publisher'], 'publisher');
		});
		afterAll(() => backend.cleanup());

		/** A published concert with one confirmed resident (a party of 2) and one waiting. */
		async function concert() {
			const input = concertInput(hood, Date.now(), 2);
			const id = await createEvent(database, { all: true }, input, north.id);
			await setEventStatus(database, { all: true }, id, 'published');
			const roleId = input.roles[0]!.id;
			const resident = await Phone.register(database, registry);
			await follow(database, resident.clientId, hood);
			const signupId = randomUUID();
			const base = { eventId: id, roleId, name: '陳大文', building: '海景大廈', unit: '12F' };
			expect(
				await resident.send('event.signUp', { ...base, id: signupId, partySize: 2 })
			).toMatchObject({ outcome: 'confirmed' });
			const waiting = await Phone.register(database, registry);
			const waitingId = randomUUID();
			expect(
				await waiting.send('event.signUp', { ...base, name: 'Wai', id: waitingId, partySize: 1 })
			).toMatchObject({ outcome: 'waitlisted' });
			return { id, roleId, signupId, waitingId, resident };
		}

		async function doorPhone(staff: StaffUser, db = database) {
			const phone = await Phone.register(db, registry);
			phone.staff = { userId: staff.id, roles: staff.roles };
			return phone;
		}

		const admit = (eventId: string, signupId: string, door: string, at = Date.now()) => ({
			id: randomUUID(),
			eventId,
			signupId,
			method: 'scan' as const,
			door,
			at
		});

		it('two doors admit one ticket: one person present, the double admission listed, a resent mark stored once', async () => {
			const { id, signupId, resident } = await concert();
			// Two organizers' phones, one per server process on PostgreSQL, offline until now.
			const [a, b] = [await doorPhone(north), await doorPhone(south, other)];
			const first = admit(id, signupId, 'North gate');
			const second = admit(id, signupId, 'South gate');
			const answers = await Promise.all([
				a.send('event.admit', first),
				b.send('event.admit', second)
			]);
			expect(answers.map((r) => (r.status === 'applied' ? r.outcome : r.code)).sort()).toEqual([
				'admitted',
				'already_admitted'
			]);
			// North's push again, its answer lost: nothing new.
			a.seq--;
			expect(await a.send('event.admit', first)).toMatchObject({ status: 'applied' });
			// And the same mark in a later push (the outbox resent it): still one row for it.
			expect(await a.send('event.admit', first)).toMatchObject({ outcome: 'admitted' });
			const rows = await database.db
				.selectFrom('event_checkins')
				.select(['id', 'door', 'checked_by', 'method'])
				.where('signup_id', '=', signupId)
				.execute();
			expect(rows).toHaveLength(2);
			const { lines, counts } = await eventRoster(database.db, id);
			expect(lines.filter((l) => l.present)).toHaveLength(1);
			expect(counts[0]).toMatchObject({ confirmed: 2, present: 2 });
			const twice = admittedTwice(lines);
			expect(twice).toHaveLength(1);
			expect(twice[0]).toMatchObject({ id: signupId, admissions: 2 });
			expect([...twice[0]!.doors].sort()).toEqual(['North gate', 'South gate']);
			// The resident's phone hears it was let in.
			expect((await resident.pull()).get(`eventSignup/${signupId}`)).toMatchObject({
				present: true
			});
		});

		it('refuses what the door must not do, each with a reason the organizer reads', async () => {
			const { id, signupId, waitingId } = await concert();
			expect(
				await (await doorPhone(outsider)).send('event.admit', admit(id, signupId, 'X'))
			).toMatchObject({ status: 'rejected', code: 'forbidden' });
			const door = await doorPhone(north);
			expect(await door.send('event.admit', admit(id, waitingId, 'X'))).toMatchObject({
				code: 'event_not_confirmed'
			});
			expect(await door.send('event.admit', admit(randomUUID(), signupId, 'X'))).toMatchObject({
				code: 'event_signup_not_found'
			});
			expect(
				await door.send('event.admit', { ...admit(id, signupId, 'X'), method: 'magic' })
			).toMatchObject({ code: 'invalid' });
			// A resident's phone cannot admit anyone, even itself.
			const resident = await Phone.register(database, registry);
			expect(await resident.send('event.admit', admit(id, signupId, 'X'))).toMatchObject({
				code: 'forbidden'
			});
			const rows = await database.db
				.selectFrom('event_checkins')
				.select('id')
				.where('event_id', '=', id)
				.execute();
			expect(rows).toHaveLength(0);
		});

		it('a push holding an admission without a session is refused whole (401), using no seq; signed in, it goes through', async () => {
			const { id, signupId } = await concert();
			const device = {
				clientId: randomUUID(),
				secret: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')
			};
			const call = async (body: unknown, user: StaffUser | null) => {
				const response = await serveRequest(
					ctx,
					new Request('http://linli.test/api/sync/push', {
						method: 'POST',
						headers: {
							'content-type': 'application/json',
							authorization: `Device ${device.clientId}:${device.secret}`
						},
						body: JSON.stringify(body)
					}),
					user
				);
				return {
					status: response.status,
					body: (await response.json()) as Record<string, unknown>
				};
			};
			const registered = await serveRequest(
				ctx,
				new Request('http://linli.test/api/sync/register', {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ schemaVersion: SYNC_SCHEMA_VERSION, ...device })
				})
			);
			expect(registered.status).toBe(200);
			const push = {
				schemaVersion: SYNC_SCHEMA_VERSION,
				mutations: [
					{ seq: 1, type: 'event.admit', payload: admit(id, signupId, 'Lobby'), createdAt: 1 }
				]
			};
			expect(await call(push, null)).toMatchObject({
				status: 401,
				body: { error: 'staff_session_required' }
			});
			expect(await call(push, publisher)).toMatchObject({ status: 403 });
			const client = await database.db
				.selectFrom('clients')
				.select('last_seq')
				.where('id', '=', device.clientId)
				.executeTakeFirstOrThrow();
			expect(Number(client.last_seq)).toBe(0);
			expect(
				await database.db
					.selectFrom('event_checkins')
					.select('id')
					.where('event_id', '=', id)
					.execute()
			).toHaveLength(0);
			expect(await call(push, north)).toMatchObject({
				status: 200,
				body: { results: [{ status: 'applied', seq: 1, outcome: 'admitted' }] }
			});
		});

		it("the door's roster: organizers in scope only, no building, unit or contact, and keys that check the tickets", async () => {
			const { id, signupId, waitingId, resident } = await concert();
			const get = async (user: StaffUser | null) => {
				const response = await serveRequest(
					ctx,
					new Request(`http://linli.test/api/events/${id}/door`),
					user
				);
				return { status: response.status, body: await response.json(), headers: response.headers };
			};
			expect((await get(null)).status).toBe(401);
			expect((await get(outsider)).status).toBe(403);
			expect((await get(publisher)).status).toBe(403);
			const answer = await get(north);
			expect(answer.status).toBe(200);
			expect(answer.headers.get('cache-control')).toContain('no-store');
			const body = answer.body as {
				lines: Record<string, unknown>[];
				keys: TicketKey[];
				event: { id: string };
			};
			expect(body.event.id).toBe(id);
			expect(body.lines.map((l) => l.id)).toEqual([signupId]);
			expect(body.lines.map((l) => l.id)).not.toContain(waitingId);
			const text = JSON.stringify(body.lines);
			expect(text).toContain('陳大文');
			expect(text).not.toContain('海景大廈');
			expect(text).not.toContain('12F');
			const ticket = ((await resident.pull()).get(`eventSignup/${signupId}`) as { ticket: string })
				.ticket;
			expect(await verifyTicket(ticket, body.keys, id)).toMatchObject({ ok: true });
			// Exactly the fields the door's screen reads (domain/door.ts DoorLine), nothing more.
			expect(Object.keys(body.lines[0]!).sort()).toEqual(
				['admissions', 'doors', 'id', 'name', 'partySize', 'present', 'roleId', 'status'].sort()
			);
			expect(body.lines[0]).toMatchObject({ present: false, admissions: 0, doors: [] });

			// After two doors let the same ticket in, a door that reads the roster again sees it.
			const phoneAt = await doorPhone(north);
			await phoneAt.send('event.admit', admit(id, signupId, 'North gate'));
			await phoneAt.send('event.admit', admit(id, signupId, 'South gate'));
			const again = (await get(north)).body as { lines: Record<string, unknown>[] };
			expect(again.lines[0]).toMatchObject({ present: true, admissions: 2 });
			expect((again.lines[0]!.doors as string[]).sort()).toEqual(['North gate', 'South gate']);
		});
	});
}
