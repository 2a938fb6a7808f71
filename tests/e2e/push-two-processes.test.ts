/**
 * Web Push with two server processes on one PostgreSQL database (issue 10), over real sockets:
 * devices subscribe through either process, notifications are enqueued from both sides, and
 * both processes' push workers poll the same queue. Each notification reaches each phone once.
 * Needs TEST_DATABASE_URL; without it the file says so and runs nothing (CI: an error).
 */
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { openDatabase } from '../../src/lib/server/db/connect';
import { notifyTopic } from '../../src/lib/server/push/notify';
import { SYNC_SCHEMA_VERSION } from '../../src/lib/shared/sync';
import { startSink, subscriber, type Sink } from '../support/push-sink';
import { Cluster, TEST_DATABASE_URL } from './cluster';
import { E2E_PORT } from './constants';

const PHONES = 12;
const NOTICES = 20;

if (!TEST_DATABASE_URL) {
	const reason = 'TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)';
	if (process.env.CI === 'true' || process.env.CI === '1')
		throw new Error(`The two-process push test cannot run: ${reason}.`);
	console.warn(`\n[skipped] push with two server processes on PostgreSQL: ${reason}.\n`);
} else {
	test.describe('push from two server processes on one PostgreSQL database', () => {
		test.describe.configure({ mode: 'serial', timeout: 180_000 });
		let cluster: Cluster;
		let sink: Sink;

		test.beforeAll(async () => {
			test.setTimeout(180_000);
			sink = await startSink();
			cluster = await Cluster.start({
				processes: 2,
				basePort: E2E_PORT + 47,
				env: {
					NODE_EXTRA_CA_CERTS: sink.certificate.certPath,
					LINLI_PUSH_ALLOW_PRIVATE: '1',
					LINLI_RATE_IP_PER_MINUTE: '100000'
				}
			});
		});
		test.afterAll(async () => {
			await cluster?.stop();
			await sink?.close();
		});

		test('each notification reaches each phone once', async () => {
			const urls = cluster.urls;
			for (let i = 0; i < PHONES; i++) {
				const server = urls[i % 2]!;
				const device = {
					clientId: randomUUID(),
					secret: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')
				};
				const registered = await fetch(`${server}/api/sync/register`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ schemaVersion: SYNC_SCHEMA_VERSION, ...device })
				});
				expect(registered.status).toBe(200);
				const saved = await fetch(`${server}/api/push/subscription`, {
					method: 'POST',
					headers: {
						'content-type': 'application/json',
						authorization: `Device ${device.clientId}:${device.secret}`
					},
					body: JSON.stringify({
						subscription: subscriber(`${sink.origin}/phone/${i}`).subscription,
						lang: 'zh-Hant',
						topics: ['all']
					})
				});
				expect(saved.status).toBe(200);
			}
			// Both processes' keys agree (one pair in the key store).
			const keys = await Promise.all(
				urls.map(
					async (u) =>
						((await (await fetch(`${u}/api/push/key`)).json()) as { publicKey: string }).publicKey
				)
			);
			expect(keys[0]).toBe(keys[1]);

			// Every notice enqueued twice, as by two request handlers at once: one job each.
			const one = await openDatabase({ databaseUrl: cluster.databaseUrl, sqlitePath: '' });
			const two = await openDatabase({ databaseUrl: cluster.databaseUrl, sqlitePath: '' });
			try {
				for (let n = 0; n < NOTICES; n++) {
					const message = { title: { en: `Notice ${n}` }, body: { en: '' }, url: '/' };
					await Promise.all([
						notifyTopic(one, 'all', message, { dedupeKey: `two:${n}` }),
						notifyTopic(two, 'all', message, { dedupeKey: `two:${n}` })
					]);
				}
			} finally {
				await one.close();
				await two.close();
			}
			await expect
				.poll(() => sink.received.length, { timeout: 60_000 })
				.toBeGreaterThanOrEqual(PHONES * NOTICES);
			// Both workers poll every 5 s: give a second sending of anything the time to arrive.
			await new Promise((resolve) => setTimeout(resolve, 7_000));
			expect(sink.received.length).toBe(PHONES * NOTICES);
			for (let i = 0; i < PHONES; i++) {
				expect(sink.received.filter((r) => r.path === `/phone/${i}`)).toHaveLength(NOTICES);
			}
			const { rows } = await cluster.sql<{ state: string; n: string }>(
				"select state, count(*) as n from jobs where kind = 'push.topic' group by state"
			);
			expect(rows.map((r) => [r.state, Number(r.n)])).toEqual([['done', NOTICES]]);
			const workers = await cluster.sql<{ locked_by: string }>(
				"select distinct locked_by from jobs where kind = 'push.topic'"
			);
			console.log(`notices sent by ${workers.rows.length} worker(s)`);
		});
	});
}
