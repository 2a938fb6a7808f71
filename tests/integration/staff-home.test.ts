/**
 * The staff home page (issue 10): an organizer's morning view counts only their neighbourhoods (an
 * admin's all), on SQLite and PostgreSQL; and a phone may pick a neighbourhood from the server's
 * list instead of typing its join code.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffUser } from '../../src/lib/server/auth/sessions';
import { setServerContext, type ServerContext } from '../../src/lib/server/context';
import type { Database } from '../../src/lib/server/db/connect';
import { seedDemoAnnouncementsAndContacts } from '../../src/lib/server/announcements/demo';
import { staffScope } from '../../src/lib/server/neighbourhoods/scope';
import { staffHome, weekStarts } from '../../src/lib/server/neighbourhoods/staff-home';
import { createNeighbourhood, setOrganizers } from '../../src/lib/server/neighbourhoods/store';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import { withChanges } from '../../src/lib/server/sync/write';
import { confirmHours, setVerified } from '../../src/lib/server/volunteers/organizer';
import { createTask } from '../../src/lib/server/volunteers/tasks';
import { backends } from './support/backends';
import { serveRequest, testContext } from './support/server';
import { Phone, profile } from './support/volunteers';
import { addStaffUser as addUser } from './support/neighbourhoods';
import * as staffPage from '../../src/routes/staff/+page.server';

const registry = productionRegistry();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONE = 'Asia/Hong_Kong';

describe('weekStarts', () => {
	it('gives Monday midnights on the zone’s clock, oldest first, the current week last', () => {
		// Wednesday 3 December 2025, 10:00 in Hong Kong.
		const now = Date.UTC(2025, 11, 3, 2, 0);
		const starts = weekStarts(now, ZONE, 3);
		expect(starts).toEqual([
			Date.UTC(2025, 10, 16, 16, 0), // Monday 17 Nov, 00:00 HKT
			Date.UTC(2025, 10, 23, 16, 0),
			Date.UTC(2025, 10, 30, 16, 0) // Monday 1 Dec, 00:00 HKT
		]);
	});

	it('keeps weeks on local midnight across a daylight-saving change', () => {
		// Sunday 9 November 2025 in New York: DST ended on 2 November.
		const starts = weekStarts(Date.UTC(2025, 10, 9, 17, 0), 'America/New_York', 2);
		expect(starts).toEqual([Date.UTC(2025, 9, 27, 4, 0), Date.UTC(2025, 10, 3, 5, 0)]);
	});
});

for (const backend of backends()) {
	describe(`the staff home page is scoped to the organizer's neighbourhoods (${backend.name})`, () => {
		let database: Database;
		let ctx: ServerContext;
		let hoodA: string;
		let hoodB: string;
		let organizerA: StaffUser;
		let organizerB: StaffUser;
		let admin: StaffUser;
		let publisher: StaffUser;
		const signups: Record<string, string[]> = {};
		/** Three hours from now: the tasks that were under way have ended. */
		const later = Date.now() + 3 * HOUR;

		const newTask = (hood: string, title: string, startsAt: number, slots: number) =>
			withChanges(database, (trx, changes, now) =>
				createTask(
					trx,
					changes,
					{
						title,
						place: 'Lobby',
						address: 'Flat 1',
						startsAt,
						endsAt: startsAt + 2 * HOUR,
						skills: [],
						slots
					},
					organizerA.id,
					now,
					hood
				)
			);

		/** `count` residents of `hood` register as volunteers and sign up to `taskId`. */
		async function volunteers(hood: string, taskId: string, count: number) {
			const ids: string[] = [];
			for (let i = 0; i < count; i++) {
				const phone = await Phone.register(database, registry);
				await database.db
					.insertInto('device_follows')
					.values({ client_id: phone.clientId, neighbourhood_id: hood, home: 1, joined_at: 1 })
					.execute();
				const p = profile({ name: `V${i}`, email: `v${i}-${hood}@x.org` });
				expect(await phone.send('volunteer.save', p)).toMatchObject({ status: 'applied' });
				const signupId = randomUUID();
				expect(await phone.send('signup.create', { id: signupId, taskId })).toMatchObject({
					status: 'applied'
				});
				ids.push(p.id);
				(signups[taskId] ??= []).push(signupId);
			}
			return ids;
		}

		beforeAll(async () => {
			database = await backend.open();
			ctx = testContext(database, registry);
			setServerContext(ctx);
			organizerA = await addUser(database, ['organizer'], 'orga');
			organizerB = await addUser(database, ['organizer'], 'orgb');
			admin = await addUser(database, ['admin'], 'admin');
			publisher = await addUser(database, ['publisher'], 'pub');
			const input = (en: string) => ({
				names: { en, 'zh-Hant': '', 'zh-Hans': '' },
				description: '',
				region: 'hk' as const,
				timeZone: ZONE
			});
			hoodA = await createNeighbourhood(database.db, input('A'));
			hoodB = await createNeighbourhood(database.db, input('B'));
			await setOrganizers(database.db, hoodA, [organizerA.id]);
			await setOrganizers(database.db, hoodB, [organizerB.id]);
			const now = Date.now();
			// A: a task under way with 3 volunteers (it has ended by `later`), and one next week
			// needing 4 with 1 signed up. B: a task under way with 2, and one in 3 days full (1 of 1).
			const runningA = await newTask(hoodA, 'Sort donations', now - HOUR, 5);
			const nextA = await newTask(hoodA, 'Deliver meals', now + 7 * DAY, 4);
			const runningB = await newTask(hoodB, 'Paint the hall', now - HOUR, 5);
			const fullB = await newTask(hoodB, 'Visit Mrs Ho', now + 3 * DAY, 1);
			// Far away: not "short" (beyond two weeks).
			await newTask(hoodB, 'Spring fair', now + 40 * DAY, 10);
			const volunteersA = await volunteers(hoodA, runningA, 3);
			await volunteers(hoodA, nextA, 1);
			await volunteers(hoodB, runningB, 2);
			await volunteers(hoodB, fullB, 1);
			// One of A's is verified already; one of A's hours is confirmed (90 minutes).
			await setVerified(database, volunteersA[0]!, true, organizerA.id);
			await confirmHours(database, signups[runningA]![0]!, 90, organizerA.id);
		});
		afterAll(async () => {
			setServerContext(undefined);
			await backend.cleanup();
		});

		const homeOf = async (user: StaffUser) =>
			staffHome(database.db, await staffScope(database.db, user), ZONE, later);

		it('organizer of A sees only A’s counts and tasks', async () => {
			const home = await homeOf(organizerA);
			expect(home.neighbourhoods.map((h) => h.id)).toEqual([hoodA]);
			expect(home.neighbourhoods[0]).toMatchObject({ followers: 4, tasks: 1 });
			expect(home.attention).toMatchObject({
				volunteersToReview: 3,
				hoursToConfirm: 2,
				tasksShort: 1
			});
			expect(home.attention.hoursToConfirmTasks).toEqual([
				expect.objectContaining({ title: 'Sort donations', open: 2 })
			]);
			expect(home.attention.tasksShortList).toEqual([
				expect.objectContaining({ title: 'Deliver meals', filled: 1, slots: 4 })
			]);
			expect(home.counts).toEqual({ volunteers: 4, upcomingTasks: 1, followers: 4 });
			expect(home.weeks).toHaveLength(10);
			expect(home.weeks.reduce((a, w) => a + w.signups, 0)).toBe(4);
			expect(home.weeks.reduce((a, w) => a + w.minutes, 0)).toBe(90);
		});

		it('organizer of B sees only B’s', async () => {
			const home = await homeOf(organizerB);
			expect(home.neighbourhoods.map((h) => h.id)).toEqual([hoodB]);
			expect(home.attention).toMatchObject({
				volunteersToReview: 3,
				hoursToConfirm: 2,
				tasksShort: 0,
				tasksShortList: []
			});
			expect(home.counts).toEqual({ volunteers: 3, upcomingTasks: 2, followers: 3 });
			expect(home.weeks.reduce((a, w) => a + w.signups, 0)).toBe(3);
			expect(home.weeks.reduce((a, w) => a + w.minutes, 0)).toBe(0);
		});

		it('an admin sees every neighbourhood', async () => {
			const home = await homeOf(admin);
			// The default neighbourhood (migration 0007) too, empty.
			expect(home.neighbourhoods).toHaveLength(3);
			expect(home.neighbourhoods.map((h) => h.id)).toEqual(expect.arrayContaining([hoodA, hoodB]));
			expect(home.attention).toMatchObject({
				volunteersToReview: 6,
				hoursToConfirm: 4,
				tasksShort: 1
			});
			expect(home.counts).toEqual({ volunteers: 7, upcomingTasks: 3, followers: 7 });
			expect(home.weeks.reduce((a, w) => a + w.signups, 0)).toBe(7);
		});

		it('confirming hours and verifying volunteers clears them from the list', async () => {
			const [, second, third] = signups[Object.keys(signups)[0]!]!;
			await confirmHours(database, second!, 60, organizerA.id);
			await confirmHours(database, third!, 30, organizerA.id);
			const home = await homeOf(organizerA);
			expect(home.attention.hoursToConfirm).toBe(0);
			expect(home.attention.hoursToConfirmTasks).toEqual([]);
			expect(home.weeks.reduce((a, w) => a + w.minutes, 0)).toBe(180);
			// B's figures did not move.
			expect((await homeOf(organizerB)).attention.hoursToConfirm).toBe(2);
		});

		it('the page: organizers and admins get the view; a publisher none; anonymous is sent to sign in', async () => {
			const event = (user: StaffUser | null) =>
				({
					locals: { user },
					url: new URL('http://localhost/staff'),
					params: {},
					parent: async () => ({ user, timeZone: ZONE })
				}) as never;
			const load = async (user: StaffUser | null) =>
				(await staffPage.load(event(user))) as {
					home?: { neighbourhoods: { id: string }[]; urgentAnnouncements?: number };
				};
			expect((await load(organizerA)).home?.neighbourhoods.map((h) => h.id)).toEqual([hoodA]);
			// An urgent announcement live in B reaches B's desks and the admin's, never A's.
			await seedDemoAnnouncementsAndContacts(database, {
				neighbourhoodId: hoodB,
				authorAccountId: admin.id
			});
			expect((await load(organizerA)).home?.urgentAnnouncements).toBe(0);
			expect((await load(admin)).home?.urgentAnnouncements).toBe(1);
			expect((await load(admin)).home?.neighbourhoods).toHaveLength(3);
			expect((await load(publisher)).home).toBeUndefined();
			await expect(load(null)).rejects.toMatchObject({ status: 303 });
		});

		it('a volunteer chooses their neighbourhoods in the form; their record on the phone says which', async () => {
			const phone = await Phone.register(database, registry);
			const p = profile({ name: 'Both', email: 'both@x.org', neighbourhoodIds: [hoodA, hoodB] });
			expect(await phone.send('volunteer.save', p)).toMatchObject({ status: 'applied' });
			const served = async () =>
				(
					await database.db
						.selectFrom('volunteer_neighbourhoods')
						.select('neighbourhood_id')
						.where('volunteer_id', '=', p.id)
						.execute()
				)
					.map((r) => r.neighbourhood_id)
					.sort();
			expect(await served()).toEqual([hoodA, hoodB].sort());
			const record = (await phone.pull()).get(`volunteer/${p.id}`) as {
				neighbourhoodIds: string[];
			};
			expect(record.neighbourhoodIds.sort()).toEqual([hoodA, hoodB].sort());
			// Both organizers now count them as waiting for review.
			expect((await homeOf(organizerB)).attention.volunteersToReview).toBe(4);

			// Narrowed to B: A's organizer no longer sees them.
			await phone.send('volunteer.save', { ...p, neighbourhoodIds: [hoodB] });
			expect(await served()).toEqual([hoodB]);
			expect((await homeOf(organizerA)).attention.volunteersToReview).toBe(3);
			// Left out (an older app) or naming no neighbourhood that exists: kept as it was.
			const { neighbourhoodIds: _left, ...older } = p;
			await phone.send('volunteer.save', older);
			await phone.send('volunteer.save', { ...p, neighbourhoodIds: [randomUUID()] });
			expect(await served()).toEqual([hoodB]);
			expect(
				await phone.send('volunteer.save', { ...p, neighbourhoodIds: ['nope'] })
			).toMatchObject({ status: 'rejected' });
		});

		it('a phone picks a neighbourhood from the list and follows it by id', async () => {
			const listed = await serveRequest(ctx, new Request('http://localhost/api/neighbourhoods'));
			expect(listed.status).toBe(200);
			const body = (await listed.json()) as { neighbourhoods: Record<string, unknown>[] };
			const b = body.neighbourhoods.find((h) => h.id === hoodB)!;
			expect(b).toEqual({ id: hoodB, names: { en: 'B' }, description: '', region: 'hk' });
			expect(JSON.stringify(body)).not.toMatch(/join_?code|organizer/i);

			// A phone with known credentials, registered through the API.
			const secret = 'x'.repeat(43);
			const clientId = randomUUID();
			const register = await serveRequest(
				ctx,
				new Request('http://localhost/api/sync/register', {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ schemaVersion: 1, clientId, secret })
				})
			);
			expect(register.status).toBe(200);
			const follow = (body: unknown) =>
				serveRequest(
					ctx,
					new Request('http://localhost/api/sync/follow', {
						method: 'POST',
						headers: {
							'content-type': 'application/json',
							authorization: `Device ${clientId}:${secret}`
						},
						body: JSON.stringify(body)
					})
				);
			const followed = await follow({ neighbourhoodId: hoodB });
			expect(followed.status).toBe(200);
			expect(await followed.json()).toMatchObject({ followed: true, neighbourhood: { id: hoodB } });
			expect((await follow({ neighbourhoodId: randomUUID() })).status).toBe(404);
			expect((await follow({ neighbourhoodId: 'nope' })).status).toBe(400);
			expect((await follow({ code: 'ABCDEFGH', neighbourhoodId: hoodA })).status).toBe(400);
			// The device now pulls B's tasks.
			const rows = await database.db
				.selectFrom('device_follows')
				.select('neighbourhood_id')
				.where('client_id', '=', clientId)
				.execute();
			expect(rows).toEqual([{ neighbourhood_id: hoodB }]);
		});
	});
}
