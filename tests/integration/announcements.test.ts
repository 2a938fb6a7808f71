/**
 * Announcements and contacts (issue 10): written by a neighbourhood's organizers (an admin: any),
 * validated with field errors, delivered by the scoped sync only to phones following that
 * neighbourhood (withdrawals and deletions as tombstones), an urgent one pushed once to the
 * neighbourhood's topic with a payload that holds no personal data. SQLite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { isHttpError, isRedirect, type ActionFailure } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffUser } from '../../src/lib/server/auth/sessions';
import { setServerContext, type ServerContext } from '../../src/lib/server/context';
import type { Database } from '../../src/lib/server/db/connect';
import { seedDemoAnnouncementsAndContacts } from '../../src/lib/server/announcements/demo';
import { countLiveUrgent, pushDueUrgent } from '../../src/lib/server/announcements/store';
import { follow } from '../../src/lib/server/neighbourhoods/follows';
import { createNeighbourhood, setOrganizers } from '../../src/lib/server/neighbourhoods/store';
import { PUSH_JOB, pushWorker } from '../../src/lib/server/push/notify';
import { saveSubscription } from '../../src/lib/server/push/subscriptions';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import { backends } from './support/backends';
import { addUser } from './support/neighbourhoods';
import { testContext } from './support/server';
import { Phone } from './support/volunteers';
import { startSink, subscriber, type Sink } from '../support/push-sink';
import * as listPage from '../../src/routes/staff/announcements/+page.server';
import * as newPage from '../../src/routes/staff/announcements/new/+page.server';
import * as editPage from '../../src/routes/staff/announcements/[id]/+page.server';
import * as contactsPage from '../../src/routes/staff/contacts/+page.server';
import * as newContactPage from '../../src/routes/staff/contacts/new/+page.server';
import * as contactPage from '../../src/routes/staff/contacts/[id]/+page.server';

const registry = productionRegistry();

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
/** 200, a failure's status, an error's status, 401 for the sign-in redirect, 303 otherwise. */
async function outcome(
	run: () => unknown
): Promise<{ status: number; location?: string; data?: unknown }> {
	try {
		const result = (await run()) as ActionFailure | undefined;
		return result && typeof result === 'object' && 'status' in result
			? { status: (result as ActionFailure).status, data: (result as ActionFailure).data }
			: { status: 200, data: result };
	} catch (e) {
		if (isHttpError(e)) return { status: e.status };
		if (isRedirect(e))
			return e.location.startsWith('/staff/sign-in')
				? { status: 401 }
				: { status: e.status, location: e.location };
		throw e;
	}
}
const status = async (run: () => unknown) => (await outcome(run)).status;
const form = (entries: Record<string, string>) => {
	const data = new FormData();
	for (const [k, v] of Object.entries(entries)) data.set(k, v);
	return data;
};

for (const backend of backends()) {
	describe(`announcements and contacts (${backend.name})`, () => {
		let database: Database;
		let ctx: ServerContext;
		let sink: Sink;
		let hoodA: string;
		let hoodB: string;
		let orgA: StaffUser;
		let orgB: StaffUser;
		let admin: StaffUser;
		let publisher: StaffUser;
		let phoneA: Phone;
		let phoneB: Phone;

		beforeAll(async () => {
			database = await backend.open();
			ctx = testContext(database, registry, { LINLI_PUSH_ALLOW_PRIVATE: '1' });
			setServerContext(ctx);
			sink = await startSink();
			orgA = await addUser(database, ['organizer'], 'orga');
			orgB = await addUser(database, ['organizer'], 'orgb');
			admin = await addUser(database, ['admin'], 'admin');
			publisher = await addUser(database, ['publisher'], 'pub');
			const input = (en: string) => ({
				names: { en, 'zh-Hant': '', 'zh-Hans': '' },
				description: '',
				region: 'hk' as const,
				timeZone: ''
			});
			hoodA = await createNeighbourhood(database.db, input('A'));
			hoodB = await createNeighbourhood(database.db, input('B'));
			await setOrganizers(database.db, hoodA, [orgA.id]);
			await setOrganizers(database.db, hoodB, [orgB.id]);
			phoneA = await Phone.register(database, registry);
			phoneB = await Phone.register(database, registry);
			await follow(database, phoneA.clientId, hoodA);
			await follow(database, phoneB.clientId, hoodB);
		});
		afterAll(async () => {
			setServerContext(undefined);
			await sink.close();
			await backend.cleanup();
		});

		const announcement = (hood: string, extra: Record<string, string> = {}) => ({
			neighbourhood: hood,
			kind: 'notice',
			'title-en': 'Water off on Thursday',
			'body-en': 'Call 2345 6789 or see https://example.org/water',
			'title-zh-Hant': '星期四停水',
			'body-zh-Hant': '查詢 2345 6789',
			offset: '0',
			...extra
		});
		async function post(user: StaffUser, entries: Record<string, string>) {
			const result = await outcome(() =>
				newPage.actions.create!(event(user, '/staff/announcements/new', {}, form(entries)))
			);
			const id = /^\/staff\/announcements\/([0-9a-f-]{36})\?saved=1$/.exec(
				result.location ?? ''
			)?.[1];
			return { ...result, id };
		}
		async function addContact(user: StaffUser, entries: Record<string, string>) {
			return outcome(() =>
				newContactPage.actions.create!(event(user, '/staff/contacts/new', {}, form(entries)))
			);
		}
		const contact = (hood: string, extra: Record<string, string> = {}) => ({
			neighbourhood: hood,
			category: 'clinic',
			'name-en': 'Clinic',
			'about-en': 'Check-ups',
			'name-zh-Hans': '社区卫生服务站',
			'phone-0': '2567 8901',
			'phoneLabel-0': 'Desk',
			...extra
		});

		it('an organizer posts to their own neighbourhood; phones of A get it, phones of B never', async () => {
			const a = await post(orgA, announcement(hoodA));
			expect(a.status).toBe(303);
			const b = await post(orgB, announcement(hoodB, { 'title-en': 'B only' }));
			expect(b.status).toBe(303);
			expect((await addContact(orgA, contact(hoodA))).status).toBe(303);
			expect((await addContact(orgB, contact(hoodB, { 'name-en': 'B clinic' }))).status).toBe(303);

			const seenA = await phoneA.pull();
			const seenB = await phoneB.pull();
			expect(seenA.get(`announcement/${a.id}`)).toMatchObject({
				id: a.id,
				neighbourhoodId: hoodA,
				kind: 'notice',
				pinned: false,
				texts: {
					en: { title: 'Water off on Thursday' },
					'zh-Hant': { title: '星期四停水', body: '查詢 2345 6789' }
				}
			});
			// Only the languages written in travel.
			expect(
				Object.keys((seenA.get(`announcement/${a.id}`) as { texts: object }).texts).sort()
			).toEqual(['en', 'zh-Hant']);
			const kinds = (seen: Map<string, unknown>) =>
				[...seen.entries()]
					.filter(([k]) => k.startsWith('announcement/') || k.startsWith('contact/'))
					.map(([, v]) => (v as { neighbourhoodId: string }).neighbourhoodId);
			expect(kinds(seenA)).toEqual([hoodA, hoodA]);
			expect(kinds(seenB)).toEqual([hoodB, hoodB]);
			expect(seenA.has(`announcement/${b.id}`)).toBe(false);
			const contactA = [...seenA.values()].find((v) => (v as { phones?: unknown }).phones) as {
				phones: unknown;
				texts: object;
			};
			expect(contactA.phones).toEqual([{ number: '2567 8901', label: 'Desk' }]);
			expect(Object.keys(contactA.texts).sort()).toEqual(['en', 'zh-Hans']);
		});

		it('a phone joining later receives the current announcements and contacts, not B’s', async () => {
			const late = await Phone.register(database, registry);
			await follow(database, late.clientId, hoodA);
			const seen = await late.pull();
			const mine = [...seen.entries()].filter(
				([k]) => k.startsWith('announcement/') || k.startsWith('contact/')
			);
			expect(mine).toHaveLength(2);
			for (const [, v] of mine)
				expect((v as { neighbourhoodId: string }).neighbourhoodId).toBe(hoodA);
		});

		it('edits and withdrawals reach the phones', async () => {
			const { id } = await post(orgA, announcement(hoodA, { 'title-en': 'Lift repair' }));
			await phoneA.pull();
			const edit = (user: StaffUser, entries: Record<string, string>) =>
				status(() =>
					editPage.actions.update!(event(user, `/staff/announcements/${id}`, { id }, form(entries)))
				);
			expect(
				await edit(orgA, announcement(hoodA, { 'title-en': 'Lift repair moved', pinned: 'on' }))
			).toBe(200);
			let seen = await phoneA.pull();
			expect(seen.get(`announcement/${id}`)).toMatchObject({
				pinned: true,
				texts: { en: { title: 'Lift repair moved' } }
			});
			const withdraw = (user: StaffUser | null) =>
				status(() =>
					editPage.actions.withdraw!(event(user, `/staff/announcements/${id}`, { id }, form({})))
				);
			expect(await withdraw(orgB)).toBe(403);
			expect(await withdraw(null)).toBe(401);
			expect(await withdraw(publisher)).toBe(403);
			expect(await withdraw(orgA)).toBe(200);
			seen = await phoneA.pull();
			expect(seen.get(`announcement/${id}`)).toBe('deleted');
			// A withdrawn one cannot be edited back to life.
			expect(await edit(orgA, announcement(hoodA))).toBe(409);
			// A phone joining now does not receive it (at most its tombstone).
			const late = await Phone.register(database, registry);
			await follow(database, late.clientId, hoodA);
			expect((await late.pull()).get(`announcement/${id}`) ?? 'deleted').toBe('deleted');

			// Contacts: edit, then delete.
			const listed = (await contactsPage.load(event(orgA, '/staff/contacts'))) as {
				contacts: { id: string; neighbourhoodId: string }[];
			};
			const cid = listed.contacts[0]!.id;
			expect(listed.contacts.every((c) => c.neighbourhoodId === hoodA)).toBe(true);
			const act = (
				name: 'update' | 'delete',
				user: StaffUser,
				entries: Record<string, string> = {}
			) =>
				status(() =>
					contactPage.actions[name]!(
						event(user, `/staff/contacts/${cid}`, { id: cid }, form(entries))
					)
				);
			expect(await act('update', orgB, contact(hoodA))).toBe(403);
			expect(await act('delete', orgB)).toBe(403);
			expect(await act('update', orgA, contact(hoodA, { 'name-en': 'Clinic (new hours)' }))).toBe(
				200
			);
			seen = await phoneA.pull();
			expect(seen.get(`contact/${cid}`)).toMatchObject({
				texts: { en: { name: 'Clinic (new hours)' } }
			});
			expect(await act('delete', orgA)).toBe(303);
			seen = await phoneA.pull();
			expect(seen.get(`contact/${cid}`)).toBe('deleted');
		});

		it('every page and action: 401 without a session, 403 for another neighbourhood or role', async () => {
			const { id } = await post(orgA, announcement(hoodA));
			expect((await addContact(orgA, contact(hoodA))).status).toBe(303);
			const cid = (
				(await contactsPage.load(event(orgA, '/staff/contacts'))) as { contacts: { id: string }[] }
			).contacts[0]!.id;
			expect(cid).not.toBe('');
			const pages = {
				list: (u: StaffUser | null) => listPage.load(event(u, '/staff/announcements')),
				new: (u: StaffUser | null) => newPage.load(event(u, '/staff/announcements/new')),
				edit: (u: StaffUser | null) =>
					editPage.load(event(u, `/staff/announcements/${id}`, { id })),
				contacts: (u: StaffUser | null) => contactsPage.load(event(u, '/staff/contacts')),
				newContact: (u: StaffUser | null) => newContactPage.load(event(u, '/staff/contacts/new')),
				contact: (u: StaffUser | null) =>
					contactPage.load(event(u, `/staff/contacts/${cid}`, { id: cid }))
			};
			for (const [name, load] of Object.entries(pages)) {
				expect([name, await status(() => load(null))]).toEqual([name, 401]);
				expect([name, await status(() => load(publisher))]).toEqual([name, 403]);
				expect([name, await status(() => load(orgA))]).toEqual([name, 200]);
				expect([name, await status(() => load(admin))]).toEqual([name, 200]);
			}
			expect(await status(() => pages.edit(orgB))).toBe(403);
			expect(await status(() => pages.contact(orgB))).toBe(403);
			const missing = randomUUID();
			expect(
				await status(() =>
					editPage.load(event(orgA, `/staff/announcements/${missing}`, { id: missing }))
				)
			).toBe(404);
			// Lists show only their own neighbourhoods'.
			const list = (await listPage.load(event(orgB, '/staff/announcements'))) as {
				announcements: { neighbourhoodId: string }[];
			};
			expect(list.announcements.length).toBeGreaterThan(0);
			expect(list.announcements.every((a) => a.neighbourhoodId === hoodB)).toBe(true);

			// Writing to another neighbourhood.
			expect((await post(orgA, announcement(hoodB))).status).toBe(403);
			expect((await addContact(orgA, contact(hoodB))).status).toBe(403);
			expect((await post(publisher, announcement(hoodA))).status).toBe(403);
			expect((await addContact(publisher, contact(hoodA))).status).toBe(403);
			const anon = await outcome(() =>
				newPage.actions.create!(
					event(null, '/staff/announcements/new', {}, form(announcement(hoodA)))
				)
			);
			expect(anon.status).toBe(401);
			expect(
				await status(() =>
					editPage.actions.update!(
						event(orgB, `/staff/announcements/${id}`, { id }, form(announcement(hoodA)))
					)
				)
			).toBe(403);
			// An admin writes anywhere.
			expect((await post(admin, announcement(hoodB))).status).toBe(303);
		});

		it('refuses bad input with field errors', async () => {
			const errors = async (user: StaffUser, entries: Record<string, string>) =>
				(await post(user, entries)).data as { errors: Record<string, string> } | undefined;
			const none = {
				'title-en': '',
				'body-en': '',
				'title-zh-Hant': '',
				'body-zh-Hant': ''
			};
			expect(await errors(orgA, announcement(hoodA, none))).toEqual({
				errors: { 'title-en': 'textRequired' }
			});
			expect(await errors(orgA, announcement(hoodA, { 'title-en': 'x'.repeat(121) }))).toEqual({
				errors: { 'title-en': 'tooLong' }
			});
			expect(await errors(orgA, announcement(hoodA, { 'body-en': 'x'.repeat(4001) }))).toEqual({
				errors: { 'body-en': 'tooLong' }
			});
			expect(await errors(orgA, announcement(hoodA, { 'body-zh-Hant': '' }))).toEqual({
				errors: { 'body-zh-Hant': 'required' }
			});
			expect(await errors(orgA, announcement(hoodA, { kind: 'gossip' }))).toEqual({
				errors: { kind: 'invalid' }
			});
			expect(
				await errors(
					orgA,
					announcement(hoodA, { startsAt: '2030-01-02T10:00', endsAt: '2030-01-01T10:00' })
				)
			).toEqual({ errors: { endsAt: 'order' } });
			expect(await errors(orgA, announcement(hoodA, { startsAt: 'tomorrow' }))).toEqual({
				errors: { startsAt: 'invalid' }
			});
			// An unknown neighbourhood (an admin may write anywhere, but not nowhere).
			expect((await errors(admin, announcement(randomUUID())))?.errors.neighbourhood).toBe(
				'neighbourhood'
			);
			const contactErrors = async (entries: Record<string, string>) =>
				(await addContact(orgA, entries)).data as { errors: Record<string, string> };
			expect(await contactErrors(contact(hoodA, { 'phone-0': 'call me' }))).toEqual({
				errors: { 'phone-0': 'phone' }
			});
			expect(
				await contactErrors(contact(hoodA, { 'name-en': '', 'about-en': '', 'name-zh-Hans': '' }))
			).toEqual({ errors: { 'name-en': 'nameRequired' } });
			expect(await contactErrors(contact(hoodA, { category: 'bar' }))).toEqual({
				errors: { category: 'invalid' }
			});
		});

		it('an urgent announcement is pushed once, to its neighbourhood, with no personal data', async () => {
			const subA = subscriber(`${sink.origin}/p/a`);
			const subB = subscriber(`${sink.origin}/p/b`);
			await saveSubscription(database.db, phoneA.clientId, {
				subscription: subA.subscription,
				lang: 'zh-Hant',
				topics: [`n:${hoodA}`]
			});
			await saveSubscription(database.db, phoneB.clientId, {
				subscription: subB.subscription,
				lang: 'en',
				topics: [`n:${hoodB}`]
			});
			const jobs = () =>
				database.db
					.selectFrom('jobs')
					.select('dedupe_key as key')
					.where('kind', '=', PUSH_JOB)
					.execute();
			const before = (await jobs()).length;
			// A notice, and an urgent one that starts tomorrow, are not pushed now.
			await post(orgA, announcement(hoodA));
			const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 16);
			await post(orgA, announcement(hoodA, { kind: 'urgent', startsAt: tomorrow }));
			expect(await jobs()).toHaveLength(before);

			const { id } = await post(
				orgA,
				announcement(hoodA, { kind: 'urgent', 'title-en': 'Gas leak: leave Block C' })
			);
			expect((await jobs()).map((j) => j.key)).toContain(`ann:${id}`);
			expect(await jobs()).toHaveLength(before + 1);
			// An edit does not push it again.
			await editPage.actions.update!(
				event(
					orgA,
					`/staff/announcements/${id}`,
					{ id },
					form(announcement(hoodA, { kind: 'urgent', 'title-en': 'Gas leak: still out' }))
				)
			);
			expect(await jobs()).toHaveLength(before + 1);

			const worker = pushWorker(ctx.database, ctx.config, {
				ca: sink.certificate.cert,
				backoff: () => 0
			});
			expect(await worker.drain(PUSH_JOB)).toBe(1);
			const toA = sink.received.filter((r) => r.path === '/p/a');
			expect(toA).toHaveLength(1);
			expect(sink.received.filter((r) => r.path === '/p/b')).toHaveLength(0);
			const payload = JSON.parse(subA.decrypt(toA[0]!.body)) as Record<string, unknown>;
			// Exactly these fields: the announcement's own words, its page, the sync flag.
			expect(payload).toEqual({
				v: 1,
				title: '星期四停水',
				body: '查詢 2345 6789',
				url: `/news/${id}`,
				tag: `ann:${id}`,
				sync: true
			});
			expect(JSON.stringify(payload)).not.toContain(orgA.email);
			expect(JSON.stringify(payload)).not.toContain(orgA.id);
		});

		it('counts live urgent announcements per neighbourhood', async () => {
			const now = Date.now();
			expect(await countLiveUrgent(database.db, [hoodA], now)).toBe(1);
			expect(await countLiveUrgent(database.db, [hoodB], now)).toBe(0);
			expect(await countLiveUrgent(database.db, [], now)).toBe(0);
			expect(await countLiveUrgent(database.db, [hoodA], now + 2 * 86_400_000)).toBe(2);
		});

		it('a scheduled urgent announcement is pushed once when its start comes; a withdrawn one never', async () => {
			const keys = async () =>
				(
					await database.db
						.selectFrom('jobs')
						.select('dedupe_key as key')
						.where('kind', '=', PUSH_JOB)
						.execute()
				).map((j) => j.key);
			const now = Date.now();
			const inAnHour = new Date(now + 3_600_000).toISOString().slice(0, 16);
			const { id } = await post(
				orgA,
				announcement(hoodA, { kind: 'urgent', startsAt: inAnHour, 'title-en': 'Water off at 9' })
			);
			const { id: dropped } = await post(
				orgA,
				announcement(hoodA, { kind: 'urgent', startsAt: inAnHour, 'title-en': 'Lift off at 9' })
			);
			expect(
				await editPage.actions.withdraw!(
					event(orgA, `/staff/announcements/${dropped}`, { id: dropped }, form({}))
				)
			).not.toMatchObject({ status: 403 });
			expect(await pushDueUrgent(database, now)).toBe(0);
			expect(await keys()).not.toContain(`ann:${id}`);
			// Its time comes: two processes sweep; one job, and the withdrawn one stays silent.
			const later = now + 2 * 3_600_000;
			const second = backend.sibling ? await backend.sibling(database) : database;
			await Promise.all([pushDueUrgent(database, later), pushDueUrgent(second, later)]);
			await pushDueUrgent(database, later + 60_000);
			expect((await keys()).filter((key) => key === `ann:${id}`)).toHaveLength(1);
			expect(await keys()).not.toContain(`ann:${dropped}`);
		});

		it('seeds the demo: one urgent announcement, notices, contacts in three languages', async () => {
			const hood = await createNeighbourhood(database.db, {
				names: { en: 'Demo', 'zh-Hant': '', 'zh-Hans': '' },
				description: '',
				region: 'hk',
				timeZone: ''
			});
			const made = await seedDemoAnnouncementsAndContacts(database, {
				neighbourhoodId: hood,
				authorAccountId: admin.id
			});
			expect(made.announcements.length).toBeGreaterThanOrEqual(3);
			expect(made.contacts.length).toBeGreaterThanOrEqual(5);
			expect(await countLiveUrgent(database.db, [hood])).toBe(1);
			const phone = await Phone.register(database, registry);
			await follow(database, phone.clientId, hood);
			const seen = [...(await phone.pull()).values()] as { texts?: Record<string, unknown> }[];
			const texts = seen.filter((s) => s.texts);
			expect(texts).toHaveLength(made.announcements.length + made.contacts.length);
			for (const s of texts)
				expect(Object.keys(s.texts!).sort()).toEqual(['en', 'zh-Hans', 'zh-Hant']);
		});
	});
}
