/**
 * Neighbourhood events (issue 12) on SQLite and PostgreSQL: organizers' actions in scope, field
 * errors, sign-ups through the sync engine (confirmed / waitlisted with a place, refusals with a
 * reason), capacity under concurrency (200 phones for 20 places), and a cancellation promoting
 * the first in the queue, whose phone sees "confirmed" after its next pull. On PostgreSQL half of
 * the phones go through a second connection pool, as a second server process would.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/connect';
import {
	checkIn,
	createEvent,
	EventFormError,
	postUpdate,
	setEventStatus,
	updateEvent,
	eventForEdit
} from '../../src/lib/server/events/store';
import {
	createNeighbourhood,
	defaultNeighbourhoodId
} from '../../src/lib/server/neighbourhoods/store';
import { follow } from '../../src/lib/server/neighbourhoods/follows';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import { Rejection } from '../../src/lib/server/sync/types';
import { applyPush } from '../../src/lib/server/sync/push';
import type { StaffScope } from '../../src/lib/server/neighbourhoods/scope';
import { eventErrors, type EventPublic } from '../../src/lib/shared/events';
import { purgeEventSignups } from '../../src/lib/server/events/retention';
import { SIGNUPS_PER_DEVICE_HOUR } from '../../src/lib/server/events/mutations';
import { seedDemoEvents } from '../../src/lib/server/events/demo';
import { backends } from './support/backends';
import { concertInput, signUpInput } from './support/events';
import { Phone } from './support/volunteers';
import { verifyTicket } from '../../src/lib/shared/tickets';
import { ticketFor, ticketPublicKeys } from '../../src/lib/server/events/tickets';

const registry = productionRegistry();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const signUp = signUpInput;

describe('event form errors', () => {
	const now = Date.UTC(2026, 10, 30);
	const base = () => concertInput(randomUUID(), now);
	it('accepts a good event', () => {
		expect(eventErrors(base(), now)).toEqual({});
	});
	it('names each problem at its field, all at once', () => {
		const input = {
			...base(),
			titles: { en: '  ', 'zh-Hant': '' },
			startsAt: now - HOUR,
			endsAt: now - 2 * HOUR,
			signupDeadline: now,
			place: 'x'.repeat(201),
			roles: [{ id: randomUUID(), names: { en: 'Singers' }, capacity: -1 }]
		};
		expect(eventErrors(input, now)).toEqual({
			titles: 'titleRequired',
			startsAt: 'startInPast',
			endsAt: 'endBeforeStart',
			signupDeadline: 'deadlineAfterStart',
			place: 'tooLong',
			'roles.0.capacity': 'range'
		});
		expect(
			eventErrors({ ...base(), roles: [{ ...base().roles[0]!, capacity: 1e6 }] }, now)
		).toEqual({ 'roles.0.capacity': 'range' });
		expect(eventErrors({ ...base(), titles: { en: 'x'.repeat(121) } }, now)).toEqual({
			titles: 'tooLong'
		});
	});
});

for (const backend of backends()) {
	describe(`events (${backend.name})`, () => {
		let database: Database;
		let other: Database;
		let hood: string;
		let elsewhere: string;
		const organizer: StaffScope = { all: false, ids: [] };
		const outsider: StaffScope = { all: false, ids: [] };
		const admin: StaffScope = { all: true };

		beforeAll(async () => {
			database = await backend.open();
			other = backend.sibling ? await backend.sibling(database) : database;
			hood = (await defaultNeighbourhoodId(database.db))!;
			elsewhere = await createNeighbourhood(database.db, {
				names: { en: 'Elsewhere', 'zh-Hant': '', 'zh-Hans': '' },
				description: '',
				region: '',
				timeZone: 'Asia/Taipei'
			});
			organizer.ids = [hood];
			outsider.ids = [elsewhere];
		});
		afterAll(() => backend.cleanup());

		async function phoneIn(db = database) {
			const phone = await Phone.register(db, registry);
			await follow(db, phone.clientId, hood);
			return phone;
		}

		async function published(places = 20, now = Date.now()) {
			const input = concertInput(hood, now, places);
			const id = await createEvent(database, organizer, input, 'org-1', now);
			await setEventStatus(database, organizer, id, 'published', now);
			return { id, input, singers: input.roles[0]!.id, everyone: input.roles[1]!.id };
		}

		it('keeps organizers to their own neighbourhoods (403) and lets admins act anywhere', async () => {
			const now = Date.now();
			await expect(
				createEvent(database, outsider, concertInput(hood, now), 'org-2', now)
			).rejects.toMatchObject({ code: 'forbidden' });
			const { id, input } = await published();
			const denied = [
				() => updateEvent(database, outsider, id, input),
				() => setEventStatus(database, outsider, id, 'cancelled'),
				() => postUpdate(database, outsider, id, 'Moved to 8 pm', 'org-2'),
				() => checkIn(database, outsider, id, randomUUID(), 'org-2')
			];
			for (const action of denied)
				await expect(action()).rejects.toMatchObject({ code: 'forbidden' });
			await expect(postUpdate(database, admin, id, 'Moved to 8 pm', 'admin')).resolves.toBeTypeOf(
				'string'
			);
			await expect(
				setEventStatus(database, organizer, randomUUID(), 'published')
			).rejects.toBeInstanceOf(Rejection);
		});

		it('refuses a bad form whole, with field errors, saving nothing', async () => {
			const now = Date.now();
			const count = async () =>
				Number(
					(
						await database.db
							.selectFrom('events')
							.select((eb) => eb.fn.countAll().as('n'))
							.executeTakeFirstOrThrow()
					).n
				);
			const before = await count();
			const bad = { ...concertInput(hood, now), titles: {}, endsAt: now };
			const error = await createEvent(database, organizer, bad, 'org-1', now).catch((e) => e);
			expect(error).toBeInstanceOf(EventFormError);
			expect(error.errors).toMatchObject({ titles: 'titleRequired', endsAt: 'endBeforeStart' });
			expect(await count()).toBe(before);
		});

		it('sends a published event to the phones following its neighbourhood, with each change raising the sequence', async () => {
			const now = Date.now();
			const phone = await phoneIn();
			const draft = await createEvent(database, organizer, concertInput(hood, now), 'org-1', now);
			expect((await phone.pull()).has(`event/${draft}`)).toBe(false);
			await setEventStatus(database, organizer, draft, 'published');
			const seen = (await phone.pull()).get(`event/${draft}`) as EventPublic;
			expect(seen).toMatchObject({ status: 'published', place: 'Courtyard of Block 3' });
			expect(seen.songs[0]!.title).toBe('月亮代表我的心');
			const before = (await eventForEdit(database.db, draft))!.sequence;
			await postUpdate(database, organizer, draft, 'Moved to 8 pm', 'org-1');
			const updated = (await phone.pull()).get(`event/${draft}`) as EventPublic;
			expect(updated.updates.map((u) => u.text)).toEqual(['Moved to 8 pm']);
			expect((await eventForEdit(database.db, draft))!.sequence).toBeGreaterThan(before);
			// A phone of another neighbourhood never receives it.
			const stranger = await Phone.register(database, registry);
			await follow(database, stranger.clientId, elsewhere);
			expect((await stranger.pull()).has(`event/${draft}`)).toBe(false);
		});

		it('confirms, waitlists with a place, and refuses what it must with a reason', async () => {
			const { id, singers, everyone } = await published(2);
			const [a, b, c] = await Promise.all([phoneIn(), phoneIn(), phoneIn()]);
			expect(await a!.send('event.signUp', signUp(id, singers))).toMatchObject({
				outcome: 'confirmed'
			});
			expect(await b!.send('event.signUp', signUp(id, singers, { partySize: 2 }))).toMatchObject({
				outcome: 'waitlisted'
			});
			const record = [...(await b!.pull()).entries()].find(([k]) => k.startsWith('eventSignup/'));
			expect(record?.[1]).toMatchObject({ status: 'waitlisted', position: 1, partySize: 2 });
			// One per resident per event: a second tap is refused, and a resent push changes nothing.
			expect(await a!.send('event.signUp', signUp(id, everyone))).toMatchObject({
				code: 'event_already_signed_up'
			});
			const again = signUp(id, everyone);
			expect(await c!.send('event.signUp', again)).toMatchObject({ outcome: 'confirmed' });
			c!.seq--; // the same push again (its answer was lost)
			expect(await c!.send('event.signUp', again)).toMatchObject({ outcome: 'confirmed' });
			const rows = await database.db
				.selectFrom('event_signups')
				.select('id')
				.where('resident_id', '=', c!.residentId)
				.execute();
			expect(rows).toHaveLength(1);
			// Bad input, past the deadline, a cancelled event.
			expect(
				await (await phoneIn()).send('event.signUp', signUp(id, singers, { partySize: 0 }))
			).toMatchObject({ code: 'invalid' });
			const late = await phoneIn();
			expect(
				await late.send('event.signUp', signUp(id, everyone), Date.now() + 1.5 * DAY)
			).toMatchObject({ code: 'event_signup_closed' });
			await setEventStatus(database, organizer, id, 'cancelled');
			expect(await (await phoneIn()).send('event.signUp', signUp(id, everyone))).toMatchObject({
				code: 'event_cancelled'
			});
		});

		it('answers a refused sign-up inside a push of several changes and applies the others', async () => {
			const { id, singers, everyone } = await published(3);
			const phone = await phoneIn();
			const first = signUp(id, singers);
			expect(await phone.send('event.signUp', first)).toMatchObject({ outcome: 'confirmed' });
			// One push: a second sign-up (refused: one per event), a cancel, then a sign-up again.
			const again = signUp(id, everyone);
			const now = Date.now();
			const actor = { residentId: phone.residentId, clientId: phone.clientId, roles: [] };
			const push = () =>
				applyPush(
					database,
					registry,
					actor,
					[
						{
							seq: ++phone.seq,
							type: 'event.signUp',
							payload: signUp(id, everyone),
							createdAt: now
						},
						{
							seq: ++phone.seq,
							type: 'event.cancelSignUp',
							payload: { id: first.id },
							createdAt: now
						},
						{ seq: ++phone.seq, type: 'event.signUp', payload: again, createdAt: now }
					],
					now
				);
			const response = await push();
			expect(response.results).toMatchObject([
				{ status: 'rejected', code: 'event_already_signed_up' },
				{ status: 'applied', outcome: 'cancelled' },
				{ status: 'applied', outcome: 'confirmed' }
			]);
			expect(response.lastSeq).toBe(phone.seq);
			const rows = await database.db
				.selectFrom('event_signups')
				.select(['id', 'status'])
				.where('resident_id', '=', phone.residentId)
				.orderBy('created_at')
				.execute();
			expect(new Map(rows.map((r) => [r.id, r.status]))).toEqual(
				new Map([
					[first.id, 'cancelled'],
					[again.id, 'confirmed']
				])
			);
			// The same push again (its answer was lost): the same answers, nothing applied twice.
			phone.seq -= 3;
			const resent = await push();
			expect(resent.results).toMatchObject([
				{ status: 'rejected', code: 'event_already_signed_up' },
				{ status: 'applied', outcome: 'cancelled' },
				{ status: 'applied', outcome: 'confirmed' }
			]);
		});

		it("refuses a phone's 31st sign-up within the hour, cancelled ones included, and not an hour later", async () => {
			const { id, everyone } = await published(5);
			const phone = await phoneIn();
			const start = Date.now();
			for (let i = 0; i < SIGNUPS_PER_DEVICE_HOUR; i++) {
				const mine = signUp(id, everyone);
				expect(await phone.send('event.signUp', mine, start + i)).toMatchObject({
					outcome: 'confirmed'
				});
				expect(await phone.send('event.cancelSignUp', { id: mine.id }, start + i)).toMatchObject({
					status: 'applied'
				});
			}
			expect(await phone.send('event.signUp', signUp(id, everyone), start + 60_000)).toMatchObject({
				code: 'event_too_many_signups'
			});
			expect(
				await phone.send('event.signUp', signUp(id, everyone), start + HOUR + 60_000)
			).toMatchObject({ outcome: 'confirmed' });
		});

		it('gives exactly 20 places to 200 phones signing up at once, the rest waiting in one order', async () => {
			const { id, singers } = await published(20);
			const phones = await Promise.all(
				Array.from({ length: 200 }, (_, i) => phoneIn(i % 2 ? other : database))
			);
			const results = await Promise.all(
				phones.map((p) => p.send('event.signUp', signUp(id, singers)))
			);
			const outcomes = results.map((r) => (r.status === 'applied' ? r.outcome : r.code));
			expect(outcomes.filter((o) => o === 'confirmed')).toHaveLength(20);
			expect(outcomes.filter((o) => o === 'waitlisted')).toHaveLength(180);
			const rows = await database.db
				.selectFrom('event_signups')
				.select(['resident_id', 'status', 'arrival'])
				.where('role_id', '=', singers)
				.execute();
			expect(new Set(rows.map((r) => r.resident_id)).size).toBe(200);
			expect(new Set(rows.map((r) => Number(r.arrival))).size).toBe(200);
			// Those confirmed arrived before every one waiting.
			const lastIn = Math.max(
				...rows.filter((r) => r.status === 'confirmed').map((r) => Number(r.arrival))
			);
			const firstOut = Math.min(
				...rows.filter((r) => r.status === 'waitlisted').map((r) => Number(r.arrival))
			);
			expect(lastIn).toBeLessThan(firstOut);
		}, 120_000);

		it('promotes the first in the queue when a place is cancelled; that phone shows confirmed after pull', async () => {
			const { id, singers } = await published(1);
			const [first, second, third] = [await phoneIn(), await phoneIn(), await phoneIn()];
			const mine = signUp(id, singers);
			await first.send('event.signUp', mine);
			const waiting = signUp(id, singers);
			await second.send('event.signUp', waiting);
			await third.send('event.signUp', signUp(id, singers));
			expect((await second.pull()).get(`eventSignup/${waiting.id}`)).toMatchObject({
				status: 'waitlisted',
				position: 1
			});
			expect(await first.send('event.cancelSignUp', { id: mine.id })).toMatchObject({
				outcome: 'cancelled'
			});
			expect((await second.pull()).get(`eventSignup/${waiting.id}`)).toMatchObject({
				status: 'confirmed'
			});
			const thirdView = [...(await third.pull()).values()].find(
				(r) => (r as { eventId?: string })?.eventId === id
			);
			expect(thirdView).toMatchObject({ status: 'waitlisted', position: 1 });
			// Checked in by name, online: their phone learns it too.
			await checkIn(database, organizer, id, waiting.id, 'org-1');
			await checkIn(database, organizer, id, waiting.id, 'org-1');
			expect((await second.pull()).get(`eventSignup/${waiting.id}`)).toMatchObject({
				present: true
			});
			const checkins = await database.db
				.selectFrom('event_checkins')
				.select('id')
				.where('signup_id', '=', waiting.id)
				.execute();
			expect(checkins).toHaveLength(1);
		});

		it('gives a confirmed sign-up a signed ticket (no name in it) that every process checks with one key; a waiting one gets none until promoted', async () => {
			const { id, singers } = await published(2);
			const [first, second] = [await phoneIn(), await phoneIn(other)];
			const mine = signUp(id, singers, { partySize: 2 });
			await first.send('event.signUp', mine);
			const waiting = signUp(id, singers);
			await second.send('event.signUp', waiting);
			const ticket = ((await first.pull()).get(`eventSignup/${mine.id}`) as { ticket?: string })
				.ticket;
			expect(ticket).toBeTypeOf('string');
			expect(ticket).not.toContain('陳大文');
			expect(ticket).not.toContain('Block');
			// Both processes sign with the one key stored in the database, and publish the same.
			const keys = await ticketPublicKeys(database.db);
			expect(await ticketPublicKeys(other.db)).toEqual(keys);
			expect(await verifyTicket(ticket, keys, id)).toEqual({
				ok: true,
				claims: { eventId: id, signupId: mine.id, roleId: singers, partySize: 2 }
			});
			// The same ticket each time it is sent, by either process.
			expect(
				await ticketFor(other.db, { eventId: id, signupId: mine.id, roleId: singers, partySize: 2 })
			).toBe(ticket);
			expect((await second.pull()).get(`eventSignup/${waiting.id}`)).not.toHaveProperty('ticket');
			await first.send('event.cancelSignUp', { id: mine.id });
			const promoted = (await second.pull()).get(`eventSignup/${waiting.id}`) as {
				ticket?: string;
			};
			expect((await verifyTicket(promoted.ticket, keys, id)).ok).toBe(true);
		});

		it('forgets a resident\'s sign-ups at "delete my data", moving the queue', async () => {
			const { id, singers } = await published(1);
			const leaving = await phoneIn();
			const next = await phoneIn();
			const gone = signUp(id, singers, { name: 'Forget Me' });
			await leaving.send('event.signUp', gone);
			const waiting = signUp(id, singers);
			await next.send('event.signUp', waiting);
			await leaving.pull();
			expect(await leaving.send('event.forget', {})).toMatchObject({ outcome: 'deleted' });
			expect((await leaving.pull()).get(`eventSignup/${gone.id}`)).toBe('deleted');
			expect(
				await database.db
					.selectFrom('event_signups')
					.select('id')
					.where('name', '=', 'Forget Me')
					.execute()
			).toEqual([]);
			expect((await next.pull()).get(`eventSignup/${waiting.id}`)).toMatchObject({
				status: 'confirmed'
			});
		});

		it('deletes sign-ups 30 days after their event ends, not before', async () => {
			const { id, singers, input } = await published(5);
			const phone = await phoneIn();
			const mine = signUp(id, singers);
			await phone.send('event.signUp', mine);
			await phone.pull();
			const ends = input.endsAt;
			expect(await purgeEventSignups(database, ends + 29 * DAY)).toBe(0);
			expect(await purgeEventSignups(database, ends + 31 * DAY)).toBeGreaterThanOrEqual(1);
			expect((await phone.pull()).get(`eventSignup/${mine.id}`)).toBe('deleted');
		});

		it('seeds two demo events with roles and sign-ups', async () => {
			const [concert, cleanUp] = await seedDemoEvents(database, {
				neighbourhoodId: hood,
				organizerAccountId: 'org-1'
			});
			const phone = await phoneIn();
			const seen = await phone.pull();
			const event = seen.get(`event/${concert}`) as EventPublic;
			expect(event.status).toBe('published');
			expect(event.roles[0]).toMatchObject({ capacity: 2, confirmed: 2, waitlisted: 1 });
			expect(seen.has(`event/${cleanUp}`)).toBe(true);
		});
	});
}
