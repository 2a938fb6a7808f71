/**
 * Neighbourhoods (issue 10): migration 0007 puts what existed into a default neighbourhood, and an
 * organizer manages only the neighbourhoods assigned to them (an admin all), on every endpoint and
 * staff page that shows tasks or volunteers' personal data.
 */
import { randomUUID } from 'node:crypto';
import { isHttpError, isRedirect, type ActionFailure } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffUser } from '../../src/lib/server/auth/sessions';
import { setServerContext, type ServerContext } from '../../src/lib/server/context';
import type { Database } from '../../src/lib/server/db/connect';
import { migrate } from '../../src/lib/server/db/migrate';
import { MIGRATIONS } from '../../src/lib/server/db/migrations/index';
import {
	createNeighbourhood,
	getNeighbourhood,
	neighbourhoodByCode,
	rotateJoinCode,
	updateNeighbourhood,
	setOrganizers
} from '../../src/lib/server/neighbourhoods/store';
import { follow, followsOf, unfollow } from '../../src/lib/server/neighbourhoods/follows';
import { pullChanges } from '../../src/lib/server/sync/pull';
import { registerDevice } from '../../src/lib/server/sync/devices';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import { withChanges } from '../../src/lib/server/sync/write';
import { createTask } from '../../src/lib/server/volunteers/tasks';
import { addStaffUser as addUser } from './support/neighbourhoods';
import { backends } from './support/backends';
import { serveRequest, testContext } from './support/server';
import { oldDevice, Phone, profile } from './support/volunteers';
import * as taskPage from '../../src/routes/staff/tasks/[id]/+page.server';
import * as tasksPage from '../../src/routes/staff/tasks/+page.server';
import * as volunteersPage from '../../src/routes/staff/volunteers/+page.server';
import * as hoodsPage from '../../src/routes/staff/neighbourhoods/+page.server';
import * as hoodPage from '../../src/routes/staff/neighbourhoods/[id]/+page.server';
import * as newTaskPage from '../../src/routes/staff/tasks/new/+page.server';

const registry = productionRegistry();
const HOUR = 3_600_000;
type Loose = Kysely<Record<string, Record<string, unknown>>>;

async function csvRows(response: Response) {
	const text = (await response.text()).replace(/^\uFEFF/, '');
	return Papa.parse<string[]>(text, { skipEmptyLines: true }).data.slice(1);
}

for (const backend of backends()) {
	describe(`migration 0007 puts what existed in a default neighbourhood (${backend.name})`, () => {
		afterAll(() => backend.cleanup());

		it('tasks, volunteers, devices and organizers', async () => {
			const database = await backend.open(MIGRATIONS.slice(0, 6));
			const old = database.db as unknown as Loose;
			const now = Date.now();
			const taskId = randomUUID();
			await old
				.insertInto('tasks')
				.values({
					id: taskId,
					title: 'Sort donations',
					place: 'Hall',
					address: '',
					starts_at: now + HOUR,
					ends_at: now + 2 * HOUR,
					skills: '[]',
					slots: 1,
					status: 'open',
					created_by: 'organizer',
					created_at: now,
					updated_at: now
				})
				.execute();
			const phone = await oldDevice(database);
			const removed = await oldDevice(database);
			await old
				.updateTable('clients')
				.set({ removed_at: now })
				.where('id', '=', removed.clientId)
				.execute();
			const volunteerId = randomUUID();
			await old
				.insertInto('volunteers')
				.values({
					id: volunteerId,
					resident_id: phone.residentId,
					name: 'Chan',
					phone: '1',
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
			const organizer = await addUser(database, ['organizer'], 'wong');
			const both = await addUser(database, ['admin', 'organizer'], 'lee');
			const admin = await addUser(database, ['admin'], 'chan');
			await addUser(database, ['publisher'], 'ho');

			expect(await migrate(database)).toEqual(MIGRATIONS.slice(6).map((s) => s.name));

			const hoods = await database.db.selectFrom('neighbourhoods').selectAll().execute();
			expect(hoods).toHaveLength(1);
			const hood = hoods[0]!;
			expect(hood.is_default).toBe(1);
			expect(hood.join_code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
			expect(JSON.parse(hood.names)).toMatchObject({ en: expect.any(String) });
			const task = await database.db
				.selectFrom('tasks')
				.select('neighbourhood_id')
				.where('id', '=', taskId)
				.executeTakeFirstOrThrow();
			expect(task.neighbourhood_id).toBe(hood.id);
			expect(
				await database.db.selectFrom('volunteer_neighbourhoods').selectAll().execute()
			).toEqual([{ volunteer_id: volunteerId, neighbourhood_id: hood.id }]);
			const follows = await database.db
				.selectFrom('device_follows')
				.select(['client_id', 'neighbourhood_id', 'home'])
				.execute();
			// The removed phone follows nothing: it will never pull again.
			expect(follows).toEqual([{ client_id: phone.clientId, neighbourhood_id: hood.id, home: 1 }]);
			const managers = await database.db
				.selectFrom('neighbourhood_organizers')
				.select('user_id')
				.where('neighbourhood_id', '=', hood.id)
				.execute();
			expect(managers.map((m) => m.user_id).sort()).toEqual([organizer.id, both.id].sort());
			expect(managers.map((m) => m.user_id)).not.toContain(admin.id);
		});
	});

	describe(`an organizer manages only their neighbourhoods (${backend.name})`, () => {
		let database: Database;
		let ctx: ServerContext;
		let hoodA: string;
		let hoodB: string;
		let organizerA: StaffUser;
		let organizerB: StaffUser;
		let unassigned: StaffUser;
		let admin: StaffUser;
		let publisher: StaffUser;
		let taskA: string;
		let taskB: string;
		let volunteerA: string;
		let volunteerB: string;
		let signupA: string;
		let signupB: string;

		const newTask = (neighbourhoodId: string, title: string) =>
			withChanges(database, (trx, changes, now) =>
				createTask(
					trx,
					changes,
					{
						title,
						place: 'Lobby',
						address: 'Flat 1',
						startsAt: now - 2 * HOUR,
						endsAt: now + HOUR,
						skills: [],
						slots: 5
					},
					organizerA.id,
					now,
					neighbourhoodId
				)
			);

		/** A phone following `hood` whose resident registers and signs up to `taskId`. */
		async function volunteerOf(hood: string, name: string, taskId: string) {
			const phone = await Phone.register(database, registry);
			await database.db
				.insertInto('device_follows')
				.values({
					client_id: phone.clientId,
					neighbourhood_id: hood,
					home: 1,
					joined_at: Date.now()
				})
				.execute();
			const p = profile({ name, phone: `+852 ${name.length}000 0000`, email: `${name}@x.org` });
			expect(await phone.send('volunteer.save', p)).toMatchObject({ status: 'applied' });
			const signupId = randomUUID();
			expect(await phone.send('signup.create', { id: signupId, taskId })).toMatchObject({
				status: 'applied'
			});
			const at = Date.now() - HOUR;
			await phone.send('signup.checkIn', { id: signupId, at });
			await phone.send('signup.checkOut', { id: signupId, at: at + 30 * 60_000 });
			return { id: p.id, signupId };
		}

		beforeAll(async () => {
			database = await backend.open();
			ctx = testContext(database, registry);
			setServerContext(ctx);
			organizerA = await addUser(database, ['organizer'], 'orga');
			organizerB = await addUser(database, ['organizer'], 'orgb');
			unassigned = await addUser(database, ['organizer'], 'orgc');
			admin = await addUser(database, ['admin'], 'admin');
			publisher = await addUser(database, ['publisher'], 'pub');
			const input = (en: string, timeZone: string) => ({
				names: { en, 'zh-Hant': '', 'zh-Hans': '' },
				description: '',
				region: 'hk' as const,
				timeZone
			});
			hoodA = await createNeighbourhood(database.db, input('A', 'Asia/Hong_Kong'));
			hoodB = await createNeighbourhood(database.db, input('B', 'Asia/Taipei'));
			await setOrganizers(database.db, hoodA, [organizerA.id]);
			// A publisher cannot be made an organizer of a neighbourhood.
			await setOrganizers(database.db, hoodB, [organizerB.id, publisher.id]);
			taskA = await newTask(hoodA, 'Task of A');
			taskB = await newTask(hoodB, 'Task of B');
			({ id: volunteerA, signupId: signupA } = await volunteerOf(hoodA, 'Amy', taskA));
			({ id: volunteerB, signupId: signupB } = await volunteerOf(hoodB, 'Bob', taskB));
		});
		afterAll(async () => {
			setServerContext(undefined);
			await backend.cleanup();
		});

		const get = (path: string, user: StaffUser | null) =>
			serveRequest(ctx, new Request(`http://localhost${path}`), user);

		it('assigns only organizers', async () => {
			const rows = await database.db
				.selectFrom('neighbourhood_organizers')
				.select('user_id')
				.where('neighbourhood_id', '=', hoodB)
				.execute();
			expect(rows.map((r) => r.user_id)).toEqual([organizerB.id]);
		});

		it('a new volunteer serves the neighbourhoods their phone follows', async () => {
			const rows = await database.db
				.selectFrom('volunteer_neighbourhoods')
				.selectAll()
				.where('volunteer_id', 'in', [volunteerA, volunteerB])
				.orderBy('neighbourhood_id')
				.execute();
			expect(rows).toEqual(
				[
					{ volunteer_id: volunteerA, neighbourhood_id: hoodA },
					{ volunteer_id: volunteerB, neighbourhood_id: hoodB }
				].sort((a, b) => a.neighbourhood_id.localeCompare(b.neighbourhood_id))
			);
		});

		it('/api/volunteers: each organizer sees their own; admin all; others refused', async () => {
			const names = async (user: StaffUser | null) => {
				const response = await get('/api/volunteers?status=all', user);
				if (response.status !== 200) return response.status;
				const body = (await response.json()) as { volunteers: { name: string }[] };
				return body.volunteers.map((v) => v.name).sort();
			};
			expect(await names(organizerA)).toEqual(['Amy']);
			expect(await names(organizerB)).toEqual(['Bob']);
			expect(await names(unassigned)).toEqual([]);
			expect(await names(admin)).toEqual(['Amy', 'Bob']);
			expect(await names(publisher)).toBe(403);
			expect(await names(null)).toBe(401);
		});

		it('a volunteer signed up to an organizer’s task is theirs to see too', async () => {
			// Bob (of B) signs up to A's task: A's organizer now sees him; B's still does.
			const phone = await Phone.register(database, registry);
			const p = profile({ name: 'Cat', phone: '+852 5555 5555', email: 'cat@x.org' });
			await phone.send('volunteer.save', p);
			await database.db
				.deleteFrom('volunteer_neighbourhoods')
				.where('volunteer_id', '=', p.id)
				.execute();
			const response = async (user: StaffUser) =>
				(
					(await (await get('/api/volunteers', user)).json()) as { volunteers: { name: string }[] }
				).volunteers
					.map((v) => v.name)
					.sort();
			expect(await response(organizerA)).toEqual(['Amy']);
			await phone.send('signup.create', { id: randomUUID(), taskId: taskA });
			expect(await response(organizerA)).toEqual(['Amy', 'Cat']);
			expect(await response(organizerB)).toEqual(['Bob']);
		});

		it('/api/volunteers/export.csv: scoped the same way', async () => {
			for (const [user, expected] of [
				[organizerA, ['Amy', 'Cat']],
				[organizerB, ['Bob']],
				[admin, ['Amy', 'Bob', 'Cat']]
			] as const) {
				const response = await get('/api/volunteers/export.csv', user);
				expect(response.status).toBe(200);
				expect((await csvRows(response)).map((r) => r[0]).sort()).toEqual(expected);
			}
			expect((await get('/api/volunteers/export.csv', null)).status).toBe(401);
			expect((await get('/api/volunteers/export.csv', publisher)).status).toBe(403);
		});

		it('/api/hours/export.csv: hours of their own tasks; another neighbourhood’s task → 403', async () => {
			const rowsOf = async (user: StaffUser, query = '') => {
				const response = await get(`/api/hours/export.csv${query}`, user);
				return response.status === 200
					? (await csvRows(response)).map((r) => `${r[0]}/${r[3]}`).sort()
					: response.status;
			};
			// Cat (of no neighbourhood) signed up to A's task above.
			expect(await rowsOf(organizerA)).toEqual(['Amy/Task of A', 'Cat/Task of A']);
			expect(await rowsOf(organizerB)).toEqual(['Bob/Task of B']);
			expect(await rowsOf(admin)).toEqual(['Amy/Task of A', 'Bob/Task of B', 'Cat/Task of A']);
			expect(await rowsOf(organizerA, `?task=${taskA}`)).toEqual([
				'Amy/Task of A',
				'Cat/Task of A'
			]);
			expect(await rowsOf(organizerA, `?task=${taskB}`)).toBe(403);
			expect(await rowsOf(organizerB, `?task=${taskA}`)).toBe(403);
			expect(await rowsOf(admin, `?task=${taskB}`)).toEqual(['Bob/Task of B']);
			expect(await rowsOf(organizerA, `?task=${randomUUID()}`)).toBe(404);
			expect((await get('/api/hours/export.csv', null)).status).toBe(401);
			expect((await get('/api/hours/export.csv', publisher)).status).toBe(403);
		});

		it('a task’s public page carries its neighbourhood’s time zone', async () => {
			const zone = async (id: string) =>
				((await (await get(`/api/tasks/${id}`, null)).json()) as { timeZone: string }).timeZone;
			expect(await zone(taskA)).toBe('Asia/Hong_Kong');
			expect(await zone(taskB)).toBe('Asia/Taipei');
		});

		// The staff pages, called as SvelteKit calls them.
		const event = (user: StaffUser | null, path: string, params = {}, form?: FormData) => {
			const url = new URL(`http://localhost${path}`);
			return {
				locals: { user },
				url,
				params,
				request: new Request(url, form ? { method: 'POST', body: form } : {})
			} as never;
		};
		const status = async (run: () => unknown) => {
			try {
				const result = (await run()) as ActionFailure | undefined;
				return result && typeof result === 'object' && 'status' in result
					? (result as ActionFailure).status
					: 200;
			} catch (e) {
				if (isHttpError(e)) return e.status;
				if (isRedirect(e)) return e.location.startsWith('/staff/sign-in') ? 401 : e.status;
				throw e;
			}
		};
		const form = (entries: Record<string, string>) => {
			const data = new FormData();
			for (const [k, v] of Object.entries(entries)) data.set(k, v);
			return data;
		};

		it('/staff/tasks lists only their neighbourhoods’ tasks', async () => {
			const titles = async (user: StaffUser) =>
				(
					(await tasksPage.load(event(user, '/staff/tasks'))) as { tasks: { title: string }[] }
				).tasks
					.map((t) => t.title)
					.sort();
			expect(await titles(organizerA)).toEqual(['Task of A']);
			expect(await titles(organizerB)).toEqual(['Task of B']);
			expect(await titles(unassigned)).toEqual([]);
			expect(await titles(admin)).toEqual(['Task of A', 'Task of B']);
			expect(await status(() => tasksPage.load(event(null, '/staff/tasks')))).toBe(401);
			expect(await status(() => tasksPage.load(event(publisher, '/staff/tasks')))).toBe(403);
		});

		it('/staff/tasks/<id>: page and every action refused for another neighbourhood', async () => {
			const page = (user: StaffUser | null, id: string) =>
				status(() => taskPage.load(event(user, `/staff/tasks/${id}`, { id })));
			expect(await page(organizerA, taskA)).toBe(200);
			expect(await page(organizerA, taskB)).toBe(403);
			expect(await page(organizerB, taskA)).toBe(403);
			expect(await page(admin, taskB)).toBe(200);
			expect(await page(publisher, taskA)).toBe(403);
			expect(await page(null, taskA)).toBe(401);
			expect(await page(organizerA, randomUUID())).toBe(404);
			const loaded = (await taskPage.load(
				event(organizerA, `/staff/tasks/${taskA}`, { id: taskA })
			)) as { timeZone: string };
			expect(loaded.timeZone).toBe('Asia/Hong_Kong');

			const act = (
				name: keyof typeof taskPage.actions,
				user: StaffUser,
				id: string,
				entries: Record<string, string> = {}
			) =>
				status(() =>
					taskPage.actions[name]!(event(user, `/staff/tasks/${id}`, { id }, form(entries)))
				);
			const edit = {
				title: 'Changed',
				place: 'Hall',
				address: 'x',
				startsAt: '2030-01-01T10:00',
				endsAt: '2030-01-01T12:00',
				slots: '3',
				offset: '0'
			};
			expect(await act('update', organizerA, taskB, edit)).toBe(403);
			expect(await act('cancel', organizerA, taskB)).toBe(403);
			expect(await act('confirmAll', organizerA, taskB)).toBe(403);
			expect(await act('confirm', organizerA, taskB, { signupId: signupB, hours: '1' })).toBe(403);
			expect(await act('noShow', organizerA, taskB, { signupId: signupB })).toBe(403);
			// B's sign-up through A's own task page: still refused.
			expect(await act('confirm', organizerA, taskA, { signupId: signupB, hours: '1' })).toBe(404);
			expect(await act('noShow', organizerA, taskA, { signupId: signupB })).toBe(404);
			const b = await database.db
				.selectFrom('tasks')
				.innerJoin('task_signups', 'task_signups.task_id', 'tasks.id')
				.select(['tasks.title', 'tasks.status', 'task_signups.confirmed_minutes'])
				.where('task_signups.id', '=', signupB)
				.executeTakeFirstOrThrow();
			expect(b).toEqual({ title: 'Task of B', status: 'open', confirmed_minutes: null });
			// Their own: allowed.
			expect(await act('confirm', organizerA, taskA, { signupId: signupA, hours: '0.5' })).toBe(
				200
			);
			expect(await act('confirm', admin, taskB, { signupId: signupB, hours: '0.5' })).toBe(200);
			expect(await act('update', organizerB, taskB, edit)).toBe(200);
		});

		it('/staff/volunteers and verify: only their neighbourhoods’ volunteers', async () => {
			const names = async (user: StaffUser) =>
				(
					(await volunteersPage.load(event(user, '/staff/volunteers'))) as {
						roster: { volunteers: { name: string }[] };
					}
				).roster.volunteers
					.map((v) => v.name)
					.sort();
			expect(await names(organizerA)).toEqual(['Amy', 'Cat']);
			expect(await names(organizerB)).toEqual(['Bob']);
			expect(await names(admin)).toEqual(['Amy', 'Bob', 'Cat']);
			expect(await status(() => volunteersPage.load(event(publisher, '/staff/volunteers')))).toBe(
				403
			);
			const verify = (user: StaffUser, volunteerId: string) =>
				status(() =>
					volunteersPage.actions.verify!(
						event(user, '/staff/volunteers', {}, form({ volunteerId, verified: 'true' }))
					)
				);
			expect(await verify(organizerA, volunteerB)).toBe(403);
			expect(await verify(organizerB, volunteerA)).toBe(403);
			expect(await verify(organizerA, randomUUID())).toBe(404);
			const review = await database.db
				.selectFrom('volunteer_reviews')
				.selectAll()
				.where('volunteer_id', '=', volunteerB)
				.executeTakeFirst();
			expect(review?.verified ?? 0).toBe(0);
			expect(await verify(organizerA, volunteerA)).toBe(200);
			expect(await verify(admin, volunteerB)).toBe(200);
		});

		it('/staff/neighbourhoods: admins create; organizers see only their own', async () => {
			const listed = async (user: StaffUser) =>
				(
					(await hoodsPage.load(event(user, '/staff/neighbourhoods'))) as {
						neighbourhoods: { id: string }[];
						canCreate: boolean;
					}
				).neighbourhoods.map((h) => h.id);
			expect(await listed(organizerA)).toEqual([hoodA]);
			expect(await listed(unassigned)).toEqual([]);
			expect(await listed(admin)).toEqual(expect.arrayContaining([hoodA, hoodB]));
			expect(await status(() => hoodsPage.load(event(publisher, '/staff/neighbourhoods')))).toBe(
				403
			);
			const create = (user: StaffUser | null, entries: Record<string, string>) =>
				hoodsPage.actions.create!(event(user, '/staff/neighbourhoods', {}, form(entries)));
			const valid = { 'name-zh-Hant': '幸福里', description: '', region: 'tw', timeZone: '' };
			expect(await status(() => create(organizerA, valid))).toBe(403);
			expect(await status(() => create(null, valid))).toBe(401);
			expect(await create(admin, { ...valid, 'name-zh-Hant': '', 'name-en': '  ' })).toMatchObject({
				status: 400,
				data: { errors: { 'name-en': 'nameRequired' } }
			});
			expect(await create(admin, { ...valid, timeZone: 'Mars/Olympus' })).toMatchObject({
				status: 400,
				data: { errors: { timeZone: 'timeZone' } }
			});
			expect(await create(admin, { ...valid, region: 'atlantis' })).toMatchObject({
				status: 400,
				data: { errors: { region: 'invalid' } }
			});
			expect(await create(admin, { ...valid, 'name-en': 'x'.repeat(81) })).toMatchObject({
				status: 400,
				data: { errors: { 'name-en': 'tooLong' } }
			});
			let location = '';
			try {
				await create(admin, valid);
			} catch (e) {
				if (isRedirect(e)) location = e.location;
			}
			const id = /^\/staff\/neighbourhoods\/([0-9a-f-]{36})\?created=1$/.exec(location)?.[1];
			expect(id).toBeDefined();
			const row = await database.db
				.selectFrom('neighbourhoods')
				.selectAll()
				.where('id', '=', id!)
				.executeTakeFirstOrThrow();
			expect(JSON.parse(row.names)).toEqual({ 'zh-Hant': '幸福里' });
			expect(row.region).toBe('tw');
		});

		it('/staff/neighbourhoods/<id>: only admins edit and assign; organizers of it rotate its code', async () => {
			const open = (user: StaffUser | null, id: string) =>
				status(() => hoodPage.load(event(user, `/staff/neighbourhoods/${id}`, { id })));
			expect(await open(organizerA, hoodA)).toBe(200);
			expect(await open(organizerA, hoodB)).toBe(403);
			expect(await open(admin, hoodB)).toBe(200);
			expect(await open(publisher, hoodA)).toBe(403);
			expect(await open(null, hoodA)).toBe(401);
			expect(await open(admin, randomUUID())).toBe(404);
			const page = (await hoodPage.load(
				event(organizerA, `/staff/neighbourhoods/${hoodA}`, { id: hoodA })
			)) as { joinLink: string; candidates: unknown[]; hood: { joinCode: string } };
			expect(page.joinLink).toBe(`http://localhost/n/${page.hood.joinCode}`);
			expect(page.candidates).toEqual([]); // an organizer does not see the accounts

			const act = (
				name: keyof typeof hoodPage.actions,
				user: StaffUser,
				id: string,
				entries: Record<string, string> = {}
			) =>
				status(() =>
					hoodPage.actions[name]!(event(user, `/staff/neighbourhoods/${id}`, { id }, form(entries)))
				);
			const details = { 'name-en': 'Renamed', description: 'x', region: 'hk', timeZone: '' };
			expect(await act('update', organizerA, hoodA, details)).toBe(403);
			expect(await act('organizers', organizerA, hoodA, { organizer: unassigned.id })).toBe(403);
			const codeOf = async (id: string) =>
				(
					await database.db
						.selectFrom('neighbourhoods')
						.select(['join_code', 'names'])
						.where('id', '=', id)
						.executeTakeFirstOrThrow()
				).join_code;
			const codeB = await codeOf(hoodB);
			expect(await act('rotate', organizerA, hoodB)).toBe(403);
			expect(await codeOf(hoodB)).toBe(codeB);
			expect(await act('rotate', organizerB, hoodB)).toBe(200);
			expect(await codeOf(hoodB)).not.toBe(codeB);
			expect(await act('update', admin, hoodA, { ...details, timeZone: 'Nowhere/None' })).toBe(400);
			expect(await act('update', admin, hoodA, { ...details, timeZone: 'Asia/Hong_Kong' })).toBe(
				200
			);
			// Assigning: unassigned becomes an organizer of A; organizerA stays only if ticked.
			const organizers = new FormData();
			organizers.append('organizer', organizerA.id);
			organizers.append('organizer', unassigned.id);
			await hoodPage.actions.organizers!(
				event(admin, `/staff/neighbourhoods/${hoodA}`, { id: hoodA }, organizers)
			);
			expect(await open(unassigned, hoodA)).toBe(200);
			await hoodPage.actions.organizers!(
				event(
					admin,
					`/staff/neighbourhoods/${hoodA}`,
					{ id: hoodA },
					form({ organizer: organizerA.id })
				)
			);
			expect(await open(unassigned, hoodA)).toBe(403);
		});

		it('/staff/tasks/new: a task goes to one of the organizer’s own neighbourhoods', async () => {
			const loaded = (await newTaskPage.load(event(organizerA, '/staff/tasks/new'))) as {
				neighbourhoods: { id: string }[];
			};
			expect(loaded.neighbourhoods.map((h) => h.id)).toEqual([hoodA]);
			const fields = {
				title: 'New one',
				place: 'Hall',
				address: '',
				startsAt: '2030-01-01T10:00',
				endsAt: '2030-01-01T12:00',
				slots: '2',
				offset: '0'
			};
			const create = (user: StaffUser, neighbourhood: string) =>
				newTaskPage.actions.create!(
					event(user, '/staff/tasks/new', {}, form({ ...fields, neighbourhood }))
				);
			expect(await status(() => create(organizerA, hoodB))).toBe(403);
			// None chosen: an admin, who has several to choose from, must choose; an organizer with
			// one neighbourhood has nothing to choose (the task goes to it).
			expect(await status(() => create(admin, ''))).toBe(400);
			expect(await status(() => create(organizerA, ''))).toBe(303);
			expect(await status(() => create(publisher, hoodA))).toBe(403);
			let location = '';
			try {
				await create(organizerA, hoodA);
			} catch (e) {
				if (isRedirect(e)) location = e.location;
			}
			const id = /^\/staff\/tasks\/([0-9a-f-]{36})/.exec(location)?.[1];
			const task = await database.db
				.selectFrom('tasks')
				.select('neighbourhood_id')
				.where('id', '=', id ?? '')
				.executeTakeFirst();
			expect(task?.neighbourhood_id).toBe(hoodA);
		});

		it('join codes: a rotated code stops working', async () => {
			const hood = (await database.db
				.selectFrom('neighbourhoods')
				.select('join_code')
				.where('id', '=', hoodA)
				.executeTakeFirstOrThrow())!;
			expect((await neighbourhoodByCode(database.db, hood.join_code))?.id).toBe(hoodA);
			expect((await neighbourhoodByCode(database.db, hood.join_code.toLowerCase()))?.id).toBe(
				hoodA
			);
			const fresh = await rotateJoinCode(database.db, hoodA);
			expect(fresh).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
			expect(fresh).not.toBe(hood.join_code);
			expect(await neighbourhoodByCode(database.db, hood.join_code)).toBeUndefined();
			expect((await neighbourhoodByCode(database.db, fresh!))?.id).toBe(hoodA);
			expect(await neighbourhoodByCode(database.db, 'not a code')).toBeUndefined();
		});
	});
}

for (const backend of backends()) {
	describe(`a phone pulls only the neighbourhoods it follows (${backend.name})`, () => {
		let database: Database;
		let hoodA: string;
		let hoodB: string;
		beforeAll(async () => {
			database = await backend.open();
			const input = (en: string) => ({
				names: { en, 'zh-Hant': '', 'zh-Hans': '' },
				description: '',
				region: '' as const,
				timeZone: ''
			});
			hoodA = await createNeighbourhood(database.db, input('A'));
			hoodB = await createNeighbourhood(database.db, input('B'));
		});
		afterAll(() => backend.cleanup());

		const task = (neighbourhoodId: string, title: string) =>
			withChanges(database, (trx, changes, now) =>
				createTask(
					trx,
					changes,
					{
						title,
						place: 'Lobby',
						address: 'Flat 1',
						startsAt: now + HOUR,
						endsAt: now + 2 * HOUR,
						skills: [],
						slots: 2
					},
					'organizer',
					now,
					neighbourhoodId
				)
			);
		/** Every page of a pull of `limit` changes, as the phone receives them. */
		async function pages(phone: Phone, limit: number) {
			const all: { id: string; collection: string; deleted?: boolean; title?: string }[][] = [];
			for (;;) {
				const page = await pullChanges(
					database,
					registry,
					phone.residentId,
					phone.cursor,
					limit,
					Date.now(),
					phone.clientId
				);
				all.push(
					page.changes.map((c) => ({
						id: c.id,
						collection: c.collection,
						...(c.deleted ? { deleted: true } : { title: (c.data as { title: string }).title })
					}))
				);
				phone.cursor = page.cursor;
				if (!page.more) return all;
			}
		}
		// (A record may come twice, as a catch-up copy and as its neighbourhood's row: the phone
		// keeps the last.)
		const titles = (all: Awaited<ReturnType<typeof pages>>) => [
			...new Set(
				all
					.flat()
					.filter((c) => c.collection === 'task' && !c.deleted)
					.map((c) => c.title!)
					.sort()
			)
		];

		it('following A: every page of every pull holds A’s tasks and none of B’s', async () => {
			for (let i = 0; i < 4; i++) {
				await task(hoodA, `A${i}`);
				await task(hoodB, `B${i}`);
			}
			const phone = await Phone.register(database, registry);
			expect(await follow(database, phone.clientId, hoodA)).toBe(true);
			expect(await follow(database, phone.clientId, hoodA)).toBe(false);
			for (const limit of [1, 2, 3, 500]) {
				phone.cursor = 0;
				const all = await pages(phone, limit);
				expect(titles(all)).toEqual(['A0', 'A1', 'A2', 'A3']);
				expect(JSON.stringify(all)).not.toMatch(/"B\d"/);
			}
			// Later changes of B never arrive either; A's do.
			await task(hoodB, 'B-late');
			await task(hoodA, 'A-late');
			expect(titles(await pages(phone, 2))).toEqual(['A-late']);
		});

		it('joining backfills the current records, then continues from the cursor; leaving stops', async () => {
			const phone = await Phone.register(database, registry);
			await follow(database, phone.clientId, hoodA);
			await pages(phone, 500); // up to date with A
			const before = phone.cursor;
			// Joining B: its current tasks arrive on the next pulls, after the device's own cursor.
			await follow(database, phone.clientId, hoodB);
			const joined = await pages(phone, 2);
			expect(titles(joined)).toEqual(['B-late', 'B0', 'B1', 'B2', 'B3']);
			expect(phone.cursor).toBeGreaterThan(before);
			expect((await followsOf(database.db, phone.clientId)).map((f) => f.home)).toEqual([
				true,
				false
			]);
			// The catch-up copies are dropped once the phone's cursor has passed them.
			await pages(phone, 500);
			const copies = await database.db
				.selectFrom('changes')
				.select('seq')
				.where('audience', '=', `d:${phone.clientId}`)
				.execute();
			expect(copies).toEqual([]);
			// A change to B reaches it now.
			await task(hoodB, 'B-after-join');
			expect(titles(await pages(phone, 500))).toEqual(['B-after-join']);
			// Leaving B: nothing of B after that.
			expect(await unfollow(database, phone.clientId, hoodB)).toBe(true);
			expect(await unfollow(database, phone.clientId, hoodB)).toBe(false);
			await task(hoodB, 'B-after-leave');
			await task(hoodA, 'A-after-leave');
			expect(titles(await pages(phone, 500))).toEqual(['A-after-leave']);
		});

		it('leaving before the catch-up was pulled drops it', async () => {
			const phone = await Phone.register(database, registry);
			await follow(database, phone.clientId, hoodA);
			await pages(phone, 500);
			await follow(database, phone.clientId, hoodB);
			await unfollow(database, phone.clientId, hoodB);
			const all = await pages(phone, 500);
			expect(JSON.stringify(all)).not.toMatch(/"B/);
			// Home moved back to A when it was the one left.
			await follow(database, phone.clientId, hoodB);
			await unfollow(database, phone.clientId, hoodA);
			expect(await followsOf(database.db, phone.clientId)).toMatchObject([
				{ neighbourhoodId: hoodB, home: true }
			]);
		});

		it('a phone that follows nothing gets no neighbourhood’s tasks', async () => {
			const phone = await Phone.register(database, registry);
			expect(titles(await pages(phone, 500))).toEqual([]);
		});
	});
}

for (const backend of backends()) {
	describe(`joining from a code, leaving and home, over HTTP (${backend.name})`, () => {
		let ctx: ServerContext;
		let hoodA: string;
		let hoodB: string;
		let codeA: string;
		beforeAll(async () => {
			const database = await backend.open();
			ctx = testContext(database, registry);
			const input = (en: string) => ({
				names: { en, 'zh-Hant': `${en} 區`, 'zh-Hans': '' },
				description: `About ${en}`,
				region: 'hk' as const,
				timeZone: ''
			});
			hoodA = await createNeighbourhood(database.db, input('A'));
			hoodB = await createNeighbourhood(database.db, input('B'));
			codeA = (
				await database.db
					.selectFrom('neighbourhoods')
					.select('join_code')
					.where('id', '=', hoodA)
					.executeTakeFirstOrThrow()
			).join_code;
		});
		afterAll(() => backend.cleanup());

		async function newDevice() {
			const clientId = randomUUID();
			const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
			await registerDevice(ctx.database.db, { schemaVersion: 1, clientId, secret });
			return `Device ${clientId}:${secret}`;
		}
		const call = (method: string, path: string, auth?: string, body?: unknown) =>
			serveRequest(
				ctx,
				new Request(`http://localhost${path}`, {
					method,
					headers: {
						...(auth ? { authorization: auth } : {}),
						...(body ? { 'content-type': 'application/json' } : {})
					},
					...(body ? { body: JSON.stringify(body) } : {})
				})
			);

		it('a join code shows the neighbourhood; an unknown or rotated one is refused', async () => {
			const response = await call('GET', `/api/neighbourhoods/join/${codeA}`);
			expect(response.status).toBe(200);
			const body = (await response.json()) as { neighbourhood: Record<string, unknown> };
			expect(body.neighbourhood).toEqual({
				id: hoodA,
				names: { en: 'A', 'zh-Hant': 'A 區' },
				description: 'About A',
				region: 'hk'
			});
			expect((await call('GET', '/api/neighbourhoods/join/ABCDEFGH')).status).toBe(404);
			expect((await call('GET', '/api/neighbourhoods/join/<script>')).status).toBe(404);
		});

		it('follow, list, home, leave; bad input and strangers refused', async () => {
			const auth = await newDevice();
			expect((await call('POST', '/api/sync/follow', undefined, { code: codeA })).status).toBe(401);
			expect((await call('POST', '/api/sync/follow', auth, { code: 'nope' })).status).toBe(400);
			expect((await call('POST', '/api/sync/follow', auth, { code: codeA, extra: 1 })).status).toBe(
				400
			);
			expect((await call('POST', '/api/sync/follow', auth, { code: 'ABCDEFGH' })).status).toBe(404);
			const joined = await call('POST', '/api/sync/follow', auth, {
				code: ` ${codeA.toLowerCase()} `
			});
			expect(joined.status).toBe(200);
			expect(await joined.json()).toMatchObject({ followed: true, neighbourhood: { id: hoodA } });
			const codeB = await rotateJoinCode(ctx.database.db, hoodB);
			await call('POST', '/api/sync/follow', auth, { code: codeB });
			const list = async () =>
				(
					(await (await call('GET', '/api/sync/follows', auth)).json()) as {
						follows: { id: string; home: boolean }[];
					}
				).follows.map((f) => [f.id, f.home]);
			expect(await list()).toEqual([
				[hoodA, true],
				[hoodB, false]
			]);
			expect((await call('POST', '/api/sync/home', auth, { neighbourhoodId: hoodB })).status).toBe(
				200
			);
			expect(await list()).toEqual([
				[hoodB, true],
				[hoodA, false]
			]);
			expect(
				(await call('POST', '/api/sync/unfollow', auth, { neighbourhoodId: hoodB })).status
			).toBe(200);
			expect(await list()).toEqual([[hoodA, true]]);
			expect(
				(await call('POST', '/api/sync/unfollow', auth, { neighbourhoodId: hoodB })).status
			).toBe(404);
			expect(
				(await call('POST', '/api/sync/home', auth, { neighbourhoodId: randomUUID() })).status
			).toBe(404);
			expect(
				(await call('POST', '/api/sync/unfollow', auth, { neighbourhoodId: 'x' })).status
			).toBe(400);
			expect((await call('GET', '/api/sync/follows')).status).toBe(401);
		});

		it('an unlisted neighbourhood is left out of the list and joined by its code only', async () => {
			const hidden = await createNeighbourhood(ctx.database.db, {
				names: { en: 'Private court', 'zh-Hant': '', 'zh-Hans': '' },
				description: '',
				region: 'hk',
				timeZone: '',
				listed: false
			});
			const code = (await getNeighbourhood(ctx.database.db, hidden))!.joinCode;
			const directory = async () =>
				(
					(await (await call('GET', '/api/neighbourhoods')).json()) as {
						neighbourhoods: { id: string }[];
					}
				).neighbourhoods.map((n) => n.id);
			expect(await directory()).toEqual(expect.arrayContaining([hoodA, hoodB]));
			expect(await directory()).not.toContain(hidden);

			// Its id alone opens nothing; its code does, and then the phone may follow it by id again.
			const auth = await newDevice();
			const byId = () => call('POST', '/api/sync/follow', auth, { neighbourhoodId: hidden });
			expect((await byId()).status).toBe(404);
			const byCode = await call('POST', '/api/sync/follow', auth, { code });
			expect(byCode.status).toBe(200);
			expect(await byCode.json()).toMatchObject({ followed: true, neighbourhood: { id: hidden } });
			expect((await byId()).status).toBe(200);
			expect((await call('GET', `/api/neighbourhoods/join/${code}`)).status).toBe(200);

			// Listed again by an edit that says so; an edit that does not say keeps it as it is.
			await updateNeighbourhood(ctx.database.db, hidden, {
				names: { en: 'Private court', 'zh-Hant': '', 'zh-Hans': '' },
				description: 'Blocks 1-3',
				region: 'hk',
				timeZone: ''
			});
			expect(await directory()).not.toContain(hidden);
			await updateNeighbourhood(ctx.database.db, hidden, {
				names: { en: 'Private court', 'zh-Hant': '', 'zh-Hans': '' },
				description: 'Blocks 1-3',
				region: 'hk',
				timeZone: '',
				listed: true
			});
			expect(await directory()).toContain(hidden);
		});
	});
}
