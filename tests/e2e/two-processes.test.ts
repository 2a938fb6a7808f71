/**
 * Two processes of the built server on one PostgreSQL database, over real sockets: every
 * guarantee holds as on one. Started at the same moment on an empty database with the migration
 * race held open (tests/e2e/cluster.ts). Needs TEST_DATABASE_URL (CI sets it); without it the
 * file says so and runs nothing, except under CI, where that is an error.
 */
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { CONSENT_VERSION } from '../../src/lib/shared/volunteer';
import { openDatabase } from '../../src/lib/server/db/connect';
import { createEvent, setEventStatus } from '../../src/lib/server/events/store';
import { defaultNeighbourhoodId } from '../../src/lib/server/neighbourhoods/store';
import { concertInput } from '../integration/support/events';
import { Cluster, TEST_DATABASE_URL } from './cluster';
import { E2E_PORT } from './constants';

const PLACES = 20;
const SIGNUPS = 200;
const EVENT_PLACES = 50;
const EVENT_SIGNUPS = 1000;
const STAFF = { email: 'organizer@linli.test', password: 'two doors one lobby 42' };

if (!TEST_DATABASE_URL) {
	const reason = 'TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)';
	if (process.env.CI === 'true' || process.env.CI === '1')
		throw new Error(`The two-process test cannot run: ${reason}.`);
	console.warn(`\n[skipped] two server processes on PostgreSQL: ${reason}.\n`);
} else {
	test.describe('two server processes on one PostgreSQL database', () => {
		test.describe.configure({ mode: 'serial', timeout: 180_000 });
		let cluster: Cluster;
		let a: string;
		let b: string;

		test.beforeAll(async () => {
			test.setTimeout(180_000);
			cluster = await Cluster.start({
				processes: 2,
				basePort: E2E_PORT + 3,
				holdMigrationRace: true,
				env: {
					// Each simulated phone says where it comes from; the limits count by it.
					ADDRESS_HEADER: 'x-forwarded-for',
					LINLI_RATE_REGISTER_PER_HOUR: '5',
					LINLI_RATE_SIGNIN_PER_15MIN: '4',
					LINLI_RATE_IP_PER_MINUTE: '100000'
				}
			});
			[a, b] = cluster.urls as [string, string];
		});
		test.afterAll(async () => {
			await cluster?.stop();
		});

		test('both start at once on an empty database, the migration race held open', async () => {
			for (const i of [0, 1]) expect(cluster.output(i)).toContain('Linli is running');
			const { rows } = await cluster.sql<{ name: string }>(
				'select name from schema_migrations order by name'
			);
			expect(rows.map((r) => r.name)).toContain('0005-shared-state');
			// Both scheduled this slot's housekeeping; it ran once.
			const jobs = await cluster.sql<{ kind: string; n: string }>(
				"select kind, count(*) as n from jobs where kind in ('retention.purge', 'housekeeping.tidy') group by kind"
			);
			expect(jobs.rows.map((r) => [r.kind, Number(r.n)]).sort()).toEqual([
				['housekeeping.tidy', 1],
				['retention.purge', 1]
			]);
		});

		test(`${SIGNUPS} sign-ups split across both for ${PLACES} places give exactly ${PLACES}`, async () => {
			const taskId = await createTask(cluster);
			const phones = await Promise.all(
				Array.from({ length: SIGNUPS }, (_, i) =>
					Device.register(i % 2 ? b : a, `10.9.${Math.floor(i / 250)}.${i % 250}`)
				)
			);
			// Each phone talks to the other process from now on.
			for (const [i, phone] of phones.entries()) phone.url = i % 2 ? a : b;
			await Promise.all(phones.map((p) => p.push('volunteer.save', volunteer())));
			const started = performance.now();
			const outcomes = await Promise.all(
				phones.map((p) => p.push('signup.create', { id: randomUUID(), taskId }))
			);
			const seconds = (performance.now() - started) / 1000;
			console.log(
				`two processes: ${SIGNUPS} simultaneous sign-ups for ${PLACES} places answered in ${seconds.toFixed(2)} s`
			);
			expect(outcomes.filter((o) => o === 'confirmed')).toHaveLength(PLACES);
			expect(outcomes.filter((o) => o === 'waitlisted')).toHaveLength(SIGNUPS - PLACES);
			const { rows } = await cluster.sql<{ status: string; n: string; arrivals: string }>(
				'select status, count(*) as n, count(distinct arrival) as arrivals from task_signups group by status order by status'
			);
			expect(rows.map((r) => [r.status, Number(r.n), Number(r.arrivals)])).toEqual([
				['confirmed', PLACES, PLACES],
				['waitlisted', SIGNUPS - PLACES, SIGNUPS - PLACES]
			]);
			// Registered through one process, pushed through the other, and read back through the
			// first: the phone sees its own sign-up and its place in the queue.
			const waiting = phones[outcomes.indexOf('waitlisted')]!;
			waiting.url = waiting.url === a ? b : a;
			const { changes } = await waiting.pull();
			const signup = changes.find((c) => c.collection === 'signup');
			expect(signup?.data).toMatchObject({ taskId, status: 'waitlisted' });
			expect((signup?.data as { position: number }).position).toBeGreaterThanOrEqual(1);
			expect(changes.find((c) => c.collection === 'task')?.data).toMatchObject({
				confirmed: PLACES,
				waitlisted: SIGNUPS - PLACES
			});
		});

		test(`${EVENT_SIGNUPS} sign-ups for an event role of ${EVENT_PLACES}, split across both, give exactly ${EVENT_PLACES}`, async () => {
			test.setTimeout(300_000);
			// The event through the server code's own functions, on the cluster's database.
			const database = await openDatabase({ databaseUrl: cluster.databaseUrl, sqlitePath: '' });
			const now = Date.now();
			let eventId: string;
			let roleId: string;
			try {
				const input = concertInput((await defaultNeighbourhoodId(database.db))!, now, EVENT_PLACES);
				roleId = input.roles[0]!.id;
				eventId = await createEvent(database, { all: true }, input, 'two-processes', now);
				await setEventStatus(database, { all: true }, eventId, 'published', now);
			} finally {
				await database.close();
			}
			const phones: Device[] = [];
			for (let i = 0; i < EVENT_SIGNUPS; i += 100)
				phones.push(
					...(await Promise.all(
						Array.from({ length: Math.min(100, EVENT_SIGNUPS - i) }, (_, k) =>
							Device.register(
								(i + k) % 2 ? b : a,
								`10.20.${Math.floor((i + k) / 250)}.${(i + k) % 250}`
							)
						)
					))
				);
			for (const [i, phone] of phones.entries()) phone.url = i % 2 ? a : b;
			const started = performance.now();
			const outcomes = await Promise.all(
				phones.map((p) =>
					p.push('event.signUp', {
						id: randomUUID(),
						eventId,
						roleId,
						name: 'Neighbour',
						building: '',
						unit: '',
						partySize: 1
					})
				)
			);
			const seconds = (performance.now() - started) / 1000;
			console.log(
				`two processes: ${EVENT_SIGNUPS} simultaneous event sign-ups for ${EVENT_PLACES} places answered in ${seconds.toFixed(2)} s`
			);
			expect(outcomes.filter((o) => o === 'confirmed')).toHaveLength(EVENT_PLACES);
			expect(outcomes.filter((o) => o === 'waitlisted')).toHaveLength(EVENT_SIGNUPS - EVENT_PLACES);
			const { rows } = await cluster.sql<{
				status: string;
				n: string;
				residents: string;
				arrivals: string;
			}>(
				`select status, count(*) as n, count(distinct resident_id) as residents, count(distinct arrival) as arrivals from event_signups where event_id = $1 group by status order by status`,
				[eventId]
			);
			expect(
				rows.map((r) => [r.status, Number(r.n), Number(r.residents), Number(r.arrivals)])
			).toEqual([
				['confirmed', EVENT_PLACES, EVENT_PLACES, EVENT_PLACES],
				[
					'waitlisted',
					EVENT_SIGNUPS - EVENT_PLACES,
					EVENT_SIGNUPS - EVENT_PLACES,
					EVENT_SIGNUPS - EVENT_PLACES
				]
			]);
		});

		test('a staff session made on one works on the other', async () => {
			const cookie = await signIn(a, STAFF.password, '10.8.0.1');
			expect(cookie).toMatch(/^linli_session=/);
			for (const url of [a, b]) {
				const page = await fetch(`${url}/staff/tasks`, {
					headers: { cookie, 'x-forwarded-for': '10.8.0.1' },
					redirect: 'manual'
				});
				expect(page.status, url).toBe(200);
				expect(await page.text()).toContain('Carry shopping upstairs');
			}
		});

		test('registrations over the limit on one process are refused on the other', async () => {
			const from = '10.7.0.1';
			const statuses: number[] = [];
			for (let i = 0; i < 6; i++)
				statuses.push((await Device.tryRegister(i % 2 ? b : a, from)).status);
			expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
			expect((await Device.tryRegister(a, from)).status).toBe(429);
			expect((await Device.tryRegister(b, '10.7.0.2')).status).toBe(200);
		});

		test('sign-in attempts over the limit on one process are refused on the other', async () => {
			const from = '10.6.0.1';
			const answers: number[] = [];
			// Four attempts per address per 15 minutes (an unknown e-mail: no account lock involved).
			for (let i = 0; i < 5; i++)
				answers.push(await signInStatus(i % 2 ? b : a, 'nobody@linli.test', 'wrong', from));
			expect(answers.slice(0, 4)).toEqual([400, 400, 400, 400]);
			expect(answers[4]).toBe(429);
		});

		test('an account locked through one process is locked on the other', async () => {
			// Failures from different addresses (no address limit in the way), alternating processes.
			const answers: number[] = [];
			for (let i = 0; i < 3; i++)
				answers.push(
					await signInStatus(i % 2 ? b : a, STAFF.email, 'not the password', `10.5.0.${i}`)
				);
			expect(answers).toEqual([400, 400, 429]);
			// The right password now waits, on both.
			for (const [i, url] of [a, b].entries())
				expect(await signInStatus(url, STAFF.email, STAFF.password, `10.5.1.${i}`)).toBe(429);
		});

		/** The organizer (through the CLI) and one task (through the server code's own helper). */
		async function createTask(c: Cluster): Promise<string> {
			const made = spawnSync(
				'node',
				[
					'src/cli/linli.js',
					'admin',
					'create',
					'--email',
					STAFF.email,
					'--name',
					'Organizer',
					'--password-stdin'
				],
				{ input: `${STAFF.password}\n`, env: { ...process.env, DATABASE_URL: c.databaseUrl } }
			);
			expect(made.status, made.stderr.toString()).toBe(0);
			const cookie = await signIn(b, STAFF.password, '10.8.0.2');
			const start = new Date(Date.now() + 2 * 86_400_000);
			const local = (d: Date) =>
				new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
			const form = new URLSearchParams({
				title: 'Carry shopping upstairs',
				place: 'Block 7 lobby',
				address: 'Flat 3A, Block 7',
				startsAt: local(start),
				endsAt: local(new Date(start.getTime() + 2 * 3_600_000)),
				slots: String(PLACES),
				offset: String(start.getTimezoneOffset())
			});
			const created = await fetch(`${b}/staff/tasks/new?/create`, {
				method: 'POST',
				headers: {
					cookie,
					origin: b,
					'content-type': 'application/x-www-form-urlencoded',
					'x-forwarded-for': '10.8.0.2',
					accept: 'text/html'
				},
				body: form,
				redirect: 'manual'
			});
			const location = created.headers.get('location') ?? '';
			expect(location, await created.text()).toMatch(/^\/staff\/tasks\/[0-9a-f-]{36}/);
			return location.split('/')[3]!.split('?')[0]!;
		}

		async function signInStatus(url: string, email: string, password: string, from: string) {
			const response = await fetch(`${url}/staff/sign-in`, {
				method: 'POST',
				headers: {
					origin: url,
					'content-type': 'application/x-www-form-urlencoded',
					'x-forwarded-for': from,
					accept: 'application/json',
					'x-sveltekit-action': 'true'
				},
				body: new URLSearchParams({ email, password }),
				redirect: 'manual'
			});
			const body = (await response.json()) as { type: string; status: number };
			return body.type === 'redirect' ? 303 : body.status;
		}

		async function signIn(url: string, password: string, from: string) {
			const response = await fetch(`${url}/staff/sign-in`, {
				method: 'POST',
				headers: {
					origin: url,
					'content-type': 'application/x-www-form-urlencoded',
					'x-forwarded-for': from,
					accept: 'text/html'
				},
				body: new URLSearchParams({ email: STAFF.email, password }),
				redirect: 'manual'
			});
			expect(response.status).toBe(303);
			return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
		}
	});
}

/** A phone speaking the sync protocol to one process or the other. */
class Device {
	seq = 0;
	constructor(
		public url: string,
		readonly clientId: string,
		readonly secret: string,
		readonly from: string
	) {}

	static async tryRegister(url: string, from: string) {
		const clientId = randomUUID();
		const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
		const response = await fetch(`${url}/api/sync/register`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
			body: JSON.stringify({ schemaVersion: 1, clientId, secret })
		});
		return { status: response.status, device: new Device(url, clientId, secret, from) };
	}

	static async register(url: string, from: string) {
		const { status, device } = await Device.tryRegister(url, from);
		expect(status).toBe(200);
		return device;
	}

	get #auth() {
		return {
			authorization: `Device ${this.clientId}:${this.secret}`,
			'x-forwarded-for': this.from
		};
	}

	/** Sends one mutation; returns its outcome (or the rejection code). */
	async push(type: string, payload: unknown): Promise<string> {
		const seq = ++this.seq;
		const response = await fetch(`${this.url}/api/sync/push`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...this.#auth },
			body: JSON.stringify({
				schemaVersion: 1,
				mutations: [{ seq, type, payload, createdAt: Date.now() }]
			})
		});
		const body = (await response.json()) as {
			results: { status: string; outcome?: string; code?: string }[];
		};
		expect(response.status, JSON.stringify(body)).toBe(200);
		const result = body.results[0]!;
		return result.outcome ?? result.code ?? result.status;
	}

	async pull() {
		const response = await fetch(`${this.url}/api/sync/pull?cursor=0`, {
			headers: { 'x-linli-schema': '1', ...this.#auth }
		});
		expect(response.status).toBe(200);
		return (await response.json()) as {
			changes: { collection: string; id: string; data?: unknown }[];
		};
	}
}

function volunteer() {
	return {
		id: randomUUID(),
		name: '陳小明',
		phone: '+852 9123 4567',
		email: '',
		building: 'Block 7',
		unit: '3A',
		skills: ['delivery'],
		firstAidCertified: false,
		hasCar: false,
		skillsOther: '',
		languages: ['yue'],
		availability: ['sat-morning'],
		maxHoursPerWeek: 4,
		notes: '',
		consentVersion: CONSENT_VERSION,
		consentAt: Date.now()
	};
}
