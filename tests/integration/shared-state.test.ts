/**
 * What several server processes share through the database: rate limits, the key store and the
 * job queue. On PostgreSQL a second connection pool on the same database stands for a second
 * process; SQLite (one process) is checked for the same behaviour where it applies.
 */
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/connect';
import { addressKey } from '../../src/lib/server/http/address';
import {
	claimJobs,
	completeJob,
	enqueue,
	failJob,
	JobWorker,
	tidyJobs,
	type ClaimedJob
} from '../../src/lib/server/jobs';
import { ed25519KeyPair, serverKey } from '../../src/lib/server/keys';
import {
	dropFullBuckets,
	MemoryLimiter,
	PostgresLimiter,
	takeAll,
	type Limiter
} from '../../src/lib/server/rate-limit';
import { RETENTION_JOB, scheduleRetention, TIDY_JOB } from '../../src/lib/server/retention';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import { backends } from './support/backends';
import { serveRequest, testContext } from './support/server';
import type { ServerContext } from '../../src/lib/server/context';

/** A JSON POST to a server context, as from `ip` (with a device's authorization). */
function post(ctx: ServerContext, path: string, body: unknown, ip: string, auth?: string) {
	return serveRequest(
		ctx,
		new Request(`http://linli.test${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
			body: JSON.stringify(body)
		}),
		null,
		ip
	);
}

/** A new phone's registration: a random id and secret. */
function newDevice() {
	return {
		clientId: randomUUID(),
		secret: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')
	};
}

/** An event sign-up for an event that does not exist (refused, but a write all the same). */
function signUpMutation(seq: number) {
	return {
		seq,
		type: 'event.signUp',
		createdAt: 0,
		payload: {
			id: randomUUID(),
			eventId: randomUUID(),
			roleId: randomUUID(),
			name: 'Wong',
			building: '',
			unit: '',
			partySize: 1
		}
	};
}

describe('addresses counted by the rate limits', () => {
	it('counts an IPv6 address by its /64, and IPv4 (also written as IPv6) as itself', () => {
		expect(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('ip:2001:db8:1:2::/64');
		expect(addressKey('2001:db8:1:2::9')).toBe(addressKey('2001:db8:1:2:ffff::1'));
		expect(addressKey('2001:db8:1:3::9')).not.toBe(addressKey('2001:db8:1:2::9'));
		expect(addressKey('fe80::1%eth0')).toBe('ip:fe80::/64');
		expect(addressKey('203.0.113.7')).toBe('ip:203.0.113.7');
		expect(addressKey('::ffff:203.0.113.7')).toBe('ip:203.0.113.7');
		expect(addressKey('not an address')).toBe('ip:not an address');
	});
});

for (const backend of backends()) {
	describe(`shared state (${backend.name})`, () => {
		let database: Database;
		/** The same database as another server process would see it. */
		let other: Database;
		afterAll(() => backend.cleanup());
		beforeEach(async () => {
			database = await backend.open();
			other = backend.sibling ? await backend.sibling(database) : database;
		});
		const limiter = (db: Database, limit: number, windowMs = 60_000): Limiter =>
			db.dialect === 'postgres'
				? new PostgresLimiter(db.db, 'test', limit, windowMs)
				: new MemoryLimiter(limit, windowMs);

		describe('rate limits', () => {
			it('a bucket gives `limit` tokens, then says when the next one is back, then refills', async () => {
				const now = 1_800_000_000_000;
				const bucket = limiter(database, 3);
				for (let i = 0; i < 3; i++) expect(await bucket.take('k', now)).toEqual({ ok: true });
				expect(await bucket.take('k', now)).toEqual({ ok: false, retryAfter: 20 });
				expect(await bucket.take('k', now + 10_000)).toEqual({ ok: false, retryAfter: 10 });
				expect(await bucket.take('k', now + 20_000)).toEqual({ ok: true });
				expect(await bucket.take('other', now)).toEqual({ ok: true });
				// A process whose clock is behind does not refill the bucket backwards.
				expect(await bucket.take('k', now - 60_000)).toMatchObject({ ok: false });
			});

			it('takes from several buckets at once, and several tokens from one', async () => {
				const now = 1_800_000_000_000;
				const phones = limiter(database, 3);
				const addresses = limiter(database, 3);
				const both = (count: number) =>
					takeAll(
						[
							{ limiter: phones, key: 'phone' },
							{ limiter: addresses, key: 'address', count }
						],
						now
					);
				expect(await both(2)).toEqual({ ok: true });
				// The address has one token left and is asked for two: refused, with the wait for the
				// second; the phone's bucket still gave its token, as when asked one by one.
				expect(await both(2)).toEqual({ ok: false, retryAfter: 20 });
				expect(await phones.take('phone', now)).toEqual({ ok: true });
				expect(await phones.take('phone', now)).toMatchObject({ ok: false });
				expect(await addresses.take('address', now)).toEqual({ ok: true });
				expect(await addresses.take('address', now)).toMatchObject({ ok: false });
				// Nothing asked of a bucket (a push without sign-ups) takes nothing from it.
				expect(
					await takeAll([{ limiter: addresses, key: 'address', count: 0 }], now + 20_000)
				).toEqual({ ok: true });
				expect(await addresses.take('address', now + 20_000)).toEqual({ ok: true });
				// More than a bucket ever holds is refused and leaves it full.
				expect(await addresses.take('new', now, 4)).toMatchObject({ ok: false });
				expect(await addresses.take('new', now, 3)).toEqual({ ok: true });
				if (backend.name === 'postgres')
					expect(await limiter(other, 3).take('phone', now)).toMatchObject({ ok: false });
			});

			// One process holds a SQLite database: sharing is a PostgreSQL matter.
			if (backend.name === 'postgres') {
				it('every process takes from the same bucket, and 40 takes at once give exactly the limit', async () => {
					const now = Date.now();
					const mine = limiter(database, 10);
					const theirs = limiter(other, 10);
					const results = await Promise.all(
						Array.from({ length: 40 }, (_, i) => (i % 2 ? mine : theirs).take('ip:1', now))
					);
					expect(results.filter((r) => r.ok)).toHaveLength(10);
					expect(await mine.take('ip:1', now)).toMatchObject({ ok: false });
					expect(await theirs.take('ip:1', now)).toMatchObject({ ok: false });
					// Refilled buckets are dropped by housekeeping; one still in use is kept.
					await mine.take('ip:2', now);
					expect(await dropFullBuckets(database.db, now + 61_000)).toBe(2);
				});

				it('a busy key takes tokens ahead on each process, and together they never pass the limit', async () => {
					const now = Date.now();
					// 2% of 1,000: each process may lease up to 20 tokens of a busy key.
					const mine = limiter(database, 1000) as PostgresLimiter;
					const theirs = limiter(other, 1000) as PostgresLimiter;
					const counted = async (db: Database) =>
						Number(
							(
								await sql<{
									tokens: number;
								}>`select tokens from rate_limits where key = 'test|busy'`.execute(db.db)
							).rows[0]?.tokens ?? 1000
						);
					const waves: boolean[] = [];
					// 1,300 takes in waves of 100 at once, half on each process, all at one moment.
					for (let wave = 0; wave < 13; wave++) {
						const results = await Promise.all(
							Array.from({ length: 100 }, (_, i) => (i % 2 ? mine : theirs).take('busy', now))
						);
						waves.push(...results.map((r) => r.ok));
					}
					const given = waves.filter(Boolean).length;
					expect(given).toBeLessThanOrEqual(1000);
					// Refused early by at most what the two processes still hold leased.
					expect(given).toBeGreaterThanOrEqual(1000 - 2 * 20);
					expect(await counted(database)).toBeLessThan(1);
					// Most takes were served from a lease, without a round trip.
					expect(mine.leased + theirs.leased).toBeGreaterThan(500);
					// A lease lasts a second: later, every token is asked of the shared row again.
					const later = now + 30_000;
					const before = mine.leased;
					expect(await mine.take('busy', later)).toEqual({ ok: true });
					expect(mine.leased).toBe(before);
				});

				it('a key taken now and then never leases: each take is exact', async () => {
					const now = Date.now();
					const mine = limiter(database, 1000) as PostgresLimiter;
					for (let i = 0; i < 3; i++) await mine.take('calm', now);
					const { rows } = await sql<{
						tokens: number;
					}>`select tokens from rate_limits where key = 'test|calm'`.execute(database.db);
					expect(rows[0]!.tokens).toBe(997);
					expect(mine.leased).toBe(0);
				});

				it('registrations, link guesses and pushes over the limit on one process are refused on the other', async () => {
					const env = {
						LINLI_RATE_REGISTER_PER_HOUR: '3',
						LINLI_RATE_IP_PER_MINUTE: '1000',
						LINLI_RATE_CLIENT_PER_MINUTE: '2'
					};
					const one = testContext(database, productionRegistry(), env);
					const two = testContext(other, productionRegistry(), env);
					const secret = () =>
						Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
					const register = (ctx: typeof one, ip: string) => {
						const device = { clientId: randomUUID(), secret: secret() };
						return post(ctx, '/api/sync/register', { schemaVersion: 1, ...device }, ip).then(
							(r) => ({ status: r.status, auth: `Device ${device.clientId}:${device.secret}` })
						);
					};
					// Two addresses of one phone's /64, on two processes: one budget of 3.
					const answers = [
						await register(one, '2001:db8:5:6::1'),
						await register(two, '2001:db8:5:6::2'),
						await register(one, '2001:db8:5:6:abcd::3')
					];
					expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
					expect((await register(two, '2001:db8:5:6::4')).status).toBe(429);
					expect((await register(one, '2001:db8:5:7::1')).status).toBe(200);

					// Link-code guesses: 10 per 10 minutes per address, wherever they land.
					const guesser = answers[0]!.auth;
					const guesses: number[] = [];
					for (let i = 0; i < 11; i++) {
						const r = await post(
							i % 2 ? one : two,
							'/api/sync/link',
							{ code: 'ABCDEFGH' },
							'198.51.100.9',
							guesser
						);
						guesses.push(r.status);
					}
					expect(guesses.slice(0, 10)).toEqual(Array(10).fill(400));
					expect(guesses[10]).toBe(429);

					// Pushes: 2 per minute per device, counted across both.
					const push = (ctx: typeof one, seq: number) =>
						post(
							ctx,
							'/api/sync/push',
							{
								schemaVersion: 1,
								mutations: [{ seq, type: 'sync.noop', payload: {}, createdAt: 0 }]
							},
							'198.51.100.10',
							answers[1]!.auth
						).then((r) => r.status);
					expect([await push(one, 1), await push(two, 2), await push(one, 3)]).toEqual([
						200, 200, 429
					]);
				});

				it("an address's write budget is taken by every push, with a wrong, unknown or missing device secret too, across processes", async () => {
					const env = { LINLI_RATE_IP_PER_MINUTE: '4', LINLI_RATE_CLIENT_PER_MINUTE: '100' };
					const one = testContext(database, productionRegistry(), env);
					const two = testContext(other, productionRegistry(), env);
					const address = '203.0.113.91';
					const device = newDevice();
					expect(
						(await post(one, '/api/sync/register', { schemaVersion: 1, ...device }, address)).status
					).toBe(200);
					const push = (ctx: typeof one, auth?: string, seq = 1) =>
						post(
							ctx,
							'/api/sync/push',
							{
								schemaVersion: 1,
								mutations: [signUpMutation(seq)]
							},
							address,
							auth
						);
					const statuses = [
						(await push(one, `Device ${device.clientId}:${'x'.repeat(43)}`)).status,
						(await push(two, `Device ${randomUUID()}:${device.secret}`)).status,
						(await push(one)).status,
						(await push(two, `Device ${device.clientId}:${device.secret}`)).status
					];
					expect(statuses).toEqual([401, 401, 401, 200]);
					// The fifth, right as it is, finds the address's four taken.
					const fifth = await push(one, `Device ${device.clientId}:${device.secret}`, 2);
					expect(fifth.status).toBe(429);
					expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(0);
					const stored = await database.db
						.selectFrom('clients')
						.select('last_seq')
						.where('id', '=', device.clientId)
						.executeTakeFirstOrThrow();
					expect(stored.last_seq).toBe(1);
				});

				it("a phone's own budget is spent only by that phone: its id with a wrong secret spends none of it", async () => {
					const env = { LINLI_RATE_IP_PER_MINUTE: '1000', LINLI_RATE_CLIENT_PER_MINUTE: '2' };
					const one = testContext(database, productionRegistry(), env);
					const two = testContext(other, productionRegistry(), env);
					const device = newDevice();
					expect(
						(await post(one, '/api/sync/register', { schemaVersion: 1, ...device }, '203.0.113.5'))
							.status
					).toBe(200);
					const push = (ctx: typeof one, auth: string, seq: number, ip: string) =>
						post(
							ctx,
							'/api/sync/push',
							{ schemaVersion: 1, mutations: [signUpMutation(seq)] },
							ip,
							auth
						);
					// Someone who learnt the phone's id tries it with wrong secrets, from elsewhere.
					for (let i = 0; i < 5; i++)
						expect(
							(
								await push(
									i % 2 ? one : two,
									`Device ${device.clientId}:${'y'.repeat(43)}`,
									1,
									'198.51.100.7'
								)
							).status
						).toBe(401);
					const auth = `Device ${device.clientId}:${device.secret}`;
					// The phone still has its two pushes a minute, on either process; the third waits.
					expect((await push(one, auth, 1, '203.0.113.5')).status).toBe(200);
					expect((await push(two, auth, 2, '203.0.113.5')).status).toBe(200);
					const third = await push(one, auth, 3, '203.0.113.5');
					expect(third.status).toBe(429);
					expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
				});

				it("an address's sign-up budget counts each sign-up of a push, across processes", async () => {
					const env = { LINLI_RATE_IP_PER_MINUTE: '3', LINLI_RATE_CLIENT_PER_MINUTE: '100' };
					const one = testContext(database, productionRegistry(), env);
					const two = testContext(other, productionRegistry(), env);
					const address = '203.0.113.77';
					const device = newDevice();
					const auth = `Device ${device.clientId}:${device.secret}`;
					// Registering is not a write of the address's budget (registrations have their own).
					expect(
						(await post(one, '/api/sync/register', { schemaVersion: 1, ...device }, address)).status
					).toBe(200);
					const signUps = (from: number) => [from, from + 1].map(signUpMutation);
					// Two sign-ups in one push take two of the address's three; the next push's two
					// find one left, on the other process: refused whole, nothing applied.
					const first = await post(
						one,
						'/api/sync/push',
						{ schemaVersion: 1, mutations: signUps(1) },
						address,
						auth
					);
					expect(first.status).toBe(200);
					const second = await post(
						two,
						'/api/sync/push',
						{ schemaVersion: 1, mutations: signUps(3) },
						address,
						auth
					);
					expect(second.status).toBe(429);
					expect(second.headers.get('retry-after')).toBe('20');
					const device2 = await database.db
						.selectFrom('clients')
						.select('last_seq')
						.where('id', '=', device.clientId)
						.executeTakeFirstOrThrow();
					expect(device2.last_seq).toBe(2);
				});
			}
		});

		describe('the key store', () => {
			it('makes a key once, however many processes ask at the same moment', async () => {
				let made = 0;
				const make = () => ({ secret: `key-${++made}` });
				const handles = [database, other, database, other];
				// Separate handles do not share a cache: each one reads or offers on its own.
				const keys = await Promise.all(handles.map((db) => serverKey(db.db, 'vapid', make)));
				expect(new Set(keys.map((k) => k.secret)).size).toBe(1);
				const rows = await database.db.selectFrom('server_keys').selectAll().execute();
				expect(rows).toHaveLength(1);
				expect(JSON.parse(rows[0]!.value)).toEqual(keys[0]);
				// Later asks read it; the generator is not called again.
				const before = made;
				expect(await serverKey(other.db, 'vapid', make)).toEqual(keys[0]);
				expect(made).toBe(before);
			});

			it('keeps an Ed25519 key pair that signs and verifies after the trip through the database', async () => {
				const pair = await serverKey(database.db, 'ticket-signing', ed25519KeyPair);
				const again = await serverKey(other.db, 'ticket-signing', ed25519KeyPair);
				const message = Buffer.from('event 7, sign-up 12, party of 2');
				const signature = sign(
					null,
					message,
					createPrivateKey({ key: pair.privateKey as never, format: 'jwk' })
				);
				expect(
					verify(
						null,
						message,
						createPublicKey({ key: again.publicKey as never, format: 'jwk' }),
						signature
					)
				).toBe(true);
			});
		});

		describe('the job queue', () => {
			const job = (key?: string, extra = {}) => ({
				kind: 'test.send',
				payload: { to: key ?? 'anyone' },
				...(key ? { key } : {}),
				...extra
			});

			it('a job enqueued twice with the same key exists once ("sent once")', async () => {
				expect(await enqueue(database, job('notice-1'))).toBe(true);
				expect(await enqueue(other, job('notice-1'))).toBe(false);
				expect(await enqueue(database, job())).toBe(true);
				expect(await enqueue(database, job())).toBe(true); // no key: distinct jobs
				const rows = await database.db.selectFrom('jobs').select('id').execute();
				expect(rows).toHaveLength(3);
			});

			it('workers claiming at the same moment never take the same job', async () => {
				for (let i = 0; i < 60; i++) await enqueue(database, job(`j${i}`));
				const taken: number[] = [];
				const claimer = async (db: Database, worker: string) => {
					for (;;) {
						const jobs = await claimJobs(db, 'test.send', { worker, limit: 7 });
						if (jobs.length === 0) return;
						taken.push(...jobs.map((j) => j.id));
						for (const j of jobs) expect(await completeJob(db, j)).toBe(true);
					}
				};
				await Promise.all([
					claimer(database, 'a'),
					claimer(other, 'b'),
					claimer(database, 'c'),
					claimer(other, 'd')
				]);
				expect(taken).toHaveLength(60);
				expect(new Set(taken).size).toBe(60);
			});

			it('a failure waits with backoff and is tried again; with no attempts left the job stays failed', async () => {
				const now = 1_800_000_000_000;
				await enqueue(database, job('flaky', { maxAttempts: 2 }), now);
				const [first] = await claimJobs(database, 'test.send', { worker: 'w', limit: 5, now });
				expect(first).toMatchObject({ attempts: 1, payload: { to: 'flaky' } });
				expect(await failJob(database, first!, new Error('push service 500'), now)).toBe(true);
				// Not before its backoff (30 s after the first failure).
				expect(await claimJobs(database, 'test.send', { worker: 'w', limit: 5, now })).toEqual([]);
				const [second] = await claimJobs(database, 'test.send', {
					worker: 'w',
					limit: 5,
					now: now + 30_000
				});
				expect(second).toMatchObject({ id: first!.id, attempts: 2 });
				await failJob(database, second!, new Error('still 500'), now + 30_000);
				const row = await database.db
					.selectFrom('jobs')
					.selectAll()
					.where('id', '=', first!.id)
					.executeTakeFirstOrThrow();
				expect(row).toMatchObject({ state: 'failed', attempts: 2, last_error: 'still 500' });
				expect(
					await claimJobs(database, 'test.send', { worker: 'w', limit: 5, now: now + 1e9 })
				).toEqual([]);
			});

			it('a job whose worker died is taken again when its lease runs out, and the dead worker can no longer settle it', async () => {
				const now = 1_800_000_000_000;
				await enqueue(database, job('orphan'), now);
				const [held] = await claimJobs(database, 'test.send', {
					worker: 'dead',
					limit: 1,
					leaseMs: 60_000,
					now
				});
				expect(
					await claimJobs(other, 'test.send', { worker: 'alive', limit: 1, now: now + 59_000 })
				).toEqual([]);
				const [again] = await claimJobs(other, 'test.send', {
					worker: 'alive',
					limit: 1,
					now: now + 61_000
				});
				expect(again).toMatchObject({ id: held!.id, attempts: 2, worker: 'alive' });
				expect(await completeJob(database, held!)).toBe(false);
				expect(await completeJob(other, again!)).toBe(true);
				// Finished jobs are kept 30 days, then housekeeping drops them.
				expect(await tidyJobs(database, now + 31 * 86_400_000)).toBe(1);
			});

			it('a worker runs at most `concurrency` jobs at once and finishes them all', async () => {
				for (let i = 0; i < 12; i++) await enqueue(database, job(`c${i}`));
				let running = 0;
				let most = 0;
				const seen: string[] = [];
				const worker = new JobWorker(
					database,
					{
						'test.send': async (j: ClaimedJob) => {
							running++;
							most = Math.max(most, running);
							await new Promise((resolve) => setTimeout(resolve, 20));
							seen.push((j.payload as { to: string }).to);
							running--;
						}
					},
					{ concurrency: 3 }
				);
				expect(await worker.drain('test.send')).toBe(12);
				expect(most).toBe(3);
				expect(new Set(seen).size).toBe(12);
				const left = await database.db
					.selectFrom('jobs')
					.select(sql<number>`count(*)`.as('n'))
					.where('state', '!=', 'done')
					.executeTakeFirstOrThrow();
				expect(Number(left.n)).toBe(0);
			});

			it('retention and housekeeping scheduled by every process run once per slot', async () => {
				const now = Date.now();
				const one = testContext(database, productionRegistry());
				const two = testContext(other, productionRegistry());
				await Promise.all([
					scheduleRetention(one, now),
					scheduleRetention(two, now),
					scheduleRetention(one, now + 1000)
				]);
				// Whichever of the three inserted the slot's job set its time (now, or a second
				// later): once that second has passed, it is due either way.
				await new Promise((resolve) => setTimeout(resolve, Math.max(0, now + 1001 - Date.now())));
				const ran: string[] = [];
				const worker = (db: Database) =>
					new JobWorker(db, {
						[RETENTION_JOB]: async () => void ran.push('purge'),
						[TIDY_JOB]: async () => void ran.push('tidy')
					});
				const [a, b] = [worker(database), worker(other)];
				await Promise.all([
					a.drain(RETENTION_JOB),
					b.drain(RETENTION_JOB),
					a.drain(TIDY_JOB),
					b.drain(TIDY_JOB)
				]);
				expect(ran.sort()).toEqual(['purge', 'tidy']);
				// The next slot is a new run, due when that slot begins.
				await scheduleRetention(two, now + 6 * 3_600_000);
				const next = await claimJobs(database, RETENTION_JOB, {
					worker: 'a',
					limit: 5,
					now: now + 6 * 3_600_000
				});
				expect(next).toHaveLength(1);
			});
		});
	});
}
