import { randomUUID } from 'node:crypto';
import Papa from 'papaparse';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/connect';
import type { ServerContext } from '../../src/lib/server/context';
import type { StaffUser } from '../../src/lib/server/auth/sessions';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import { withChanges } from '../../src/lib/server/sync/write';
import { cancelTask, createTask } from '../../src/lib/server/volunteers/tasks';
import {
	confirmAllRecorded,
	confirmHours,
	markNoShow
} from '../../src/lib/server/volunteers/organizer';
import { roster } from '../../src/lib/server/volunteers/roster';
import { backends } from './support/backends';
import { staffOfDefault } from './support/neighbourhoods';
import { serveRequest, testContext } from './support/server';
import { Phone, profile } from './support/volunteers';

const registry = productionRegistry();
const HOUR = 3_600_000;
const organizer: StaffUser = {
	id: randomUUID(),
	email: 'wong@example.org',
	name: 'Wong',
	roles: ['organizer']
};
/** 2026-11-30 01:10 in Taipei (UTC+8): 2026-11-29 17:10 UTC, the day before in UTC. */
const TAIPEI_0110 = Date.UTC(2026, 10, 29, 17, 10);
const DAY_BEFORE = TAIPEI_0110 - 24 * HOUR;

/** A CSV answer parsed back as a spreadsheet would read it: header row, then rows of cells. */
async function parsed(response: Response) {
	const bytes = new Uint8Array(await response.arrayBuffer());
	expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs
	const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
	const result = Papa.parse<string[]>(text, { skipEmptyLines: true });
	expect(result.errors).toEqual([]);
	const [header = [], ...rows] = result.data;
	return rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ''])));
}

for (const backend of backends()) {
	describe(`tasks people can act on, and files for people (${backend.name})`, () => {
		let database: Database;
		let ctx: ServerContext;
		afterAll(() => backend.cleanup());
		beforeEach(async () => {
			database = await backend.open();
			ctx = testContext(database, registry, { LINLI_TIME_ZONE: 'Asia/Taipei' });
			await staffOfDefault(database, organizer);
		});

		const newTask = (slots: number, startsAt = TAIPEI_0110) =>
			withChanges(database, (trx, changes, now) =>
				createTask(
					trx,
					changes,
					{
						title: '派送物資',
						place: '3 號樓大堂',
						address: '3 號樓 12 樓 A 室',
						description: '幫隔離中的住戶送菜。\n12:50 在大堂集合。',
						bring: '身分證、口罩',
						contactName: '王小姐',
						contactPhone: '0912 345 678',
						startsAt,
						endsAt: startsAt + 3 * HOUR,
						skills: ['delivery'],
						slots
					},
					organizer.id,
					now
				)
			);
		const volunteer = async (overrides: Parameters<typeof profile>[0] = {}) => {
			const phone = await Phone.register(database, registry);
			expect(
				await phone.send('volunteer.save', profile(overrides), DAY_BEFORE - HOUR)
			).toMatchObject({ status: 'applied' });
			return phone;
		};
		const signUp = async (phone: Phone, taskId: string) => {
			const id = randomUUID();
			expect(await phone.send('signup.create', { id, taskId }, DAY_BEFORE)).toMatchObject({
				status: 'applied'
			});
			return id;
		};

		it("the contact's phone, like the exact address, reaches only volunteers with a confirmed place", async () => {
			const taskId = await newTask(1);
			const stranger = await Phone.register(database, registry);
			const confirmed = await volunteer({ name: 'First' });
			const waiting = await volunteer({ name: 'Second' });
			const first = await signUp(confirmed, taskId);
			await signUp(waiting, taskId);

			for (const phone of [stranger, waiting]) {
				const seen = await phone.pull();
				const task = seen.get(`task/${taskId}`) as Record<string, unknown>;
				// The public texts arrive for everyone…
				expect(task).toMatchObject({
					description: '幫隔離中的住戶送菜。\n12:50 在大堂集合。',
					bring: '身分證、口罩',
					contactName: '王小姐'
				});
				// …the phone number and the address do not, anywhere in what the phone receives.
				const everything = JSON.stringify([...seen.entries()]);
				expect(everything).not.toContain('0912 345 678');
				expect(everything).not.toContain('12 樓 A 室');
				// (at most a tombstone: "nothing for you here")
				expect([undefined, 'deleted']).toContain(seen.get(`taskPrivate/${taskId}`));
			}
			expect((await confirmed.pull()).get(`taskPrivate/${taskId}`)).toEqual({
				id: taskId,
				address: '3 號樓 12 樓 A 室',
				contactPhone: '0912 345 678'
			});

			// Giving the place up takes the phone number back; the next in line receives it.
			expect(await confirmed.send('signup.cancel', { id: first }, DAY_BEFORE)).toMatchObject({
				status: 'applied'
			});
			expect((await confirmed.pull()).get(`taskPrivate/${taskId}`)).toBe('deleted');
			expect((await waiting.pull()).get(`taskPrivate/${taskId}`)).toMatchObject({
				contactPhone: '0912 345 678'
			});
			// A cancelled task tells nobody the number any more.
			await withChanges(database, (trx, changes, now) => cancelTask(trx, changes, taskId, now));
			expect((await waiting.pull()).get(`taskPrivate/${taskId}`)).toBe('deleted');
		});

		it('a shared task link gets the public fields from the server, never the address or phone', async () => {
			const taskId = await newTask(2);
			const response = await serveRequest(
				ctx,
				new Request(`http://linli.test/api/tasks/${taskId}`)
			);
			expect(response.status).toBe(200);
			const body = (await response.json()) as { task: Record<string, unknown>; timeZone: string };
			expect(body.timeZone).toBe('Asia/Taipei');
			expect(body.task).toMatchObject({
				id: taskId,
				title: '派送物資',
				place: '3 號樓大堂',
				bring: '身分證、口罩',
				contactName: '王小姐',
				slots: 2,
				confirmed: 0
			});
			expect(JSON.stringify(body)).not.toMatch(/0912|12 樓 A 室/);
			const missing = await serveRequest(
				ctx,
				new Request(`http://linli.test/api/tasks/${randomUUID()}`)
			);
			expect(missing.status).toBe(404);
			const hostile = await serveRequest(
				ctx,
				new Request('http://linli.test/api/tasks/..%2F..%2Fetc')
			);
			expect(hostile.status).toBe(404);
		});

		it("the hours file is in the organizer's language, on the neighbourhood's clock, in hours, with contact details and a name from the task", async () => {
			const taskId = await newTask(3);
			const twins = [
				await volunteer({ name: '李明', phone: '+886 912 000 001', email: '' }),
				await volunteer({ name: '李明', phone: '+886 912 000 002', email: '' })
			];
			const absent = await volunteer({ name: '陳美玲', phone: '+886 912 000 003' });
			const [a, b] = [await signUp(twins[0]!, taskId), await signUp(twins[1]!, taskId)];
			const c = await signUp(absent, taskId);
			for (const [phone, id] of [
				[twins[0]!, a],
				[twins[1]!, b]
			] as const) {
				await phone.send('signup.checkIn', { id, at: TAIPEI_0110 }, TAIPEI_0110);
				await phone.send(
					'signup.checkOut',
					{ id, at: TAIPEI_0110 + 150 * 60_000 },
					TAIPEI_0110 + 150 * 60_000
				);
			}
			await confirmHours(database, a!, 150, organizer.id);
			await markNoShow(database, c!, organizer.id);

			const response = await serveRequest(
				ctx,
				new Request(`http://linli.test/api/hours/export.csv?task=${taskId}`, {
					headers: { cookie: 'linli_lang=zh-Hant', 'accept-language': 'en' }
				}),
				organizer
			);
			expect(response.status).toBe(200);
			const disposition = response.headers.get('content-disposition') ?? '';
			expect(disposition).toContain('filename="task-2026-11-30-hours.csv"');
			expect(disposition).toContain(
				`filename*=UTF-8''${encodeURIComponent('派送物資 2026-11-30 時數.csv')}`
			);
			const rows = await parsed(response);
			expect(Object.keys(rows[0]!)).toEqual([
				'志工',
				'電話',
				'電子郵件',
				'任務',
				'任務開始',
				'簽到',
				'簽退',
				'記錄時數',
				'已確認時數',
				'出席'
			]);
			// A leading "+" is what a spreadsheet takes for a formula: the guard's apostrophe stays.
			const byPhone = (phone: string) => rows.find((r) => r['電話'] === `'${phone}`);
			expect(byPhone('+886 912 000 001')).toMatchObject({
				志工: '李明',
				任務: '派送物資',
				任務開始: '2026-11-30 01:10',
				簽到: '2026-11-30 01:10',
				簽退: '2026-11-30 03:40',
				記錄時數: '2.5',
				已確認時數: '2.5',
				出席: '有到'
			});
			// The other 李明 is told apart by the phone, and waits for confirmation.
			expect(byPhone('+886 912 000 002')).toMatchObject({
				志工: '李明',
				記錄時數: '2.5',
				已確認時數: ''
			});
			expect(byPhone('+886 912 000 003')).toMatchObject({
				志工: '陳美玲',
				簽到: '',
				已確認時數: '0.0',
				出席: '沒有到'
			});
		});

		it('the roster file has labels, not codes, and the registration time on the local clock', async () => {
			const phone = await Phone.register(database, registry);
			await phone.send(
				'volunteer.save',
				profile({
					name: 'Chan Tai Man',
					skills: ['firstAid', 'delivery'],
					firstAidCertified: true,
					languages: ['yue', 'wuu'],
					availability: ['sat-morning', 'sun-afternoon']
				}),
				TAIPEI_0110
			);
			const response = await serveRequest(
				ctx,
				new Request('http://linli.test/api/volunteers/export.csv', {
					headers: { 'accept-language': 'zh-CN,zh;q=0.9' }
				}),
				organizer
			);
			expect(response.headers.get('content-disposition')).toMatch(
				/^attachment; filename="volunteers-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''/
			);
			const [row] = await parsed(response);
			expect(row).toMatchObject({
				姓名: 'Chan Tai Man',
				技能: '急救、配送和物流',
				急救证书: '是',
				有车: '否',
				会说的语言: '粤语（广东话）、上海话（吴语）',
				通常有空的时间: '星期六上午、星期日下午',
				状态: '可联系',
				已核实: '否',
				登记时间: '2026-11-30 01:10'
			});
			expect(Object.values(row!).join(' ')).not.toMatch(
				/firstAid|delivery|sat-morning|wuu|true|active/
			);
		});

		it('"confirm all as recorded" confirms each recorded time once, and leaves the marked and the confirmed alone', async () => {
			const taskId = await newTask(4);
			const phones = [
				await volunteer({ name: 'A' }),
				await volunteer({ name: 'B' }),
				await volunteer({ name: 'C' }),
				await volunteer({ name: 'D' })
			];
			const ids = [];
			for (const phone of phones) ids.push(await signUp(phone, taskId));
			for (const [i, minutes] of [
				[0, 90],
				[1, 45],
				[2, 30]
			] as const) {
				await phones[i]!.send('signup.checkIn', { id: ids[i], at: TAIPEI_0110 }, TAIPEI_0110);
				await phones[i]!.send(
					'signup.checkOut',
					{ id: ids[i], at: TAIPEI_0110 + minutes * 60_000 },
					TAIPEI_0110 + minutes * 60_000
				);
			}
			await confirmHours(database, ids[1]!, 60, organizer.id); // corrected by hand
			await markNoShow(database, ids[3]!, organizer.id);
			expect(await confirmAllRecorded(database, taskId, organizer.id)).toBe(2);
			expect(await confirmAllRecorded(database, taskId, organizer.id)).toBe(0);
			const rows = await database.db
				.selectFrom('task_signups')
				.select(['id', 'confirmed_minutes', 'no_show'])
				.where('task_id', '=', taskId)
				.execute();
			const of = (id: string) => rows.find((r) => r.id === id);
			expect(of(ids[0]!)).toMatchObject({ confirmed_minutes: 90, no_show: 0 });
			expect(of(ids[1]!)).toMatchObject({ confirmed_minutes: 60, no_show: 0 });
			expect(of(ids[2]!)).toMatchObject({ confirmed_minutes: 30, no_show: 0 });
			expect(of(ids[3]!)).toMatchObject({ confirmed_minutes: 0, no_show: 1 });
			// The volunteer's own phone hears that they were marked absent.
			expect((await phones[3]!.pull()).get(`signup/${ids[3]}`)).toMatchObject({
				confirmedMinutes: 0,
				noShow: true
			});
			// Confirming hours afterwards lifts the mark.
			await confirmHours(database, ids[3]!, 30, organizer.id);
			expect((await phones[3]!.pull()).get(`signup/${ids[3]}`)).not.toHaveProperty('noShow');
		});

		it('the roster knows when each volunteer registered and was last seen, their tasks and hours, sorts by them, and flags look-alikes', async () => {
			const taskId = await newTask(5);
			const first = await volunteer({ name: '李明', phone: '+886 912 000 001', email: '' });
			await volunteer({ name: '李明', phone: '+886 912-000-001', email: '' });
			await volunteer({ name: ' 李明 ', phone: '+886 933 111 222', email: '' });
			await volunteer({ name: 'Solo', phone: '+886 955 555 555' });
			const signup = await signUp(first, taskId);
			await confirmHours(database, signup, 150, organizer.id);
			const query = (sort?: 'hours' | 'name' | 'lastSeen', dir?: 'asc' | 'desc') =>
				roster(
					database.db,
					{
						status: 'active',
						page: 1,
						pageSize: 25,
						...(sort ? { sort } : {}),
						...(dir ? { dir } : {})
					},
					{ all: true }
				);
			const byHours = await query('hours');
			expect(byHours.volunteers[0]).toMatchObject({
				name: '李明',
				tasks: 1,
				confirmedMinutes: 150,
				duplicate: 'sameContact'
			});
			expect(byHours.volunteers[0]!.lastSeenAt).toEqual(expect.any(Number));
			expect(byHours.volunteers[0]!.createdAt).toEqual(expect.any(Number));
			const hints = Object.fromEntries(
				byHours.volunteers.map((v) => [`${v.name.trim()} ${v.phone}`, v.duplicate])
			);
			expect(hints).toEqual({
				'李明 +886 912 000 001': 'sameContact',
				'李明 +886 912-000-001': 'sameContact',
				'李明 +886 933 111 222': 'sameName',
				'Solo +886 955 555 555': undefined
			});
			expect((await query('name', 'desc')).volunteers.map((v) => v.name.trim())[3]).toBe('Solo');
			expect((await query('hours', 'asc')).volunteers.at(-1)?.confirmedMinutes).toBe(150);
		});
	});
}
