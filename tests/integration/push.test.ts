/**
 * Web Push (issue 10): subscriptions through the API, notifications through the job queue to a
 * push service on loopback (HTTPS, self-signed), payloads decrypted as the phone would, 404/410
 * dropping subscriptions, soft failures retried for those only, and on PostgreSQL two processes'
 * workers sending each notification once. SQLite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_SCHEMA_VERSION } from '../../src/lib/shared/sync';
import type { ServerContext } from '../../src/lib/server/context';
import {
	PUSH_JOB,
	notifyTopic,
	pushWorker,
	type PushMessage
} from '../../src/lib/server/push/notify';
import { backends } from './support/backends';
import { createNotesTable, notesRegistry } from './support/notes';
import { serveRequest, testContext } from './support/server';
import {
	checkVapid,
	startSink,
	subscriber,
	type Sink,
	type Subscriber
} from '../support/push-sink';
import { seedSubscriptions } from '../support/push-subscriptions';

const secret = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');

const MESSAGE: PushMessage = {
	title: { en: 'Water off tomorrow', 'zh-Hant': '明天停水', 'zh-Hans': '明天停水了' },
	body: { en: 'From 9 to 12.', 'zh-Hant': '上午九點到十二點。' },
	url: '/announcements/a1',
	urgency: 'high'
};

for (const backend of backends()) {
	describe(`Web Push (${backend.name})`, () => {
		let ctx: ServerContext;
		let sink: Sink;

		beforeAll(async () => {
			const database = await backend.open();
			await createNotesTable(database);
			ctx = testContext(database, notesRegistry(), { LINLI_PUSH_ALLOW_PRIVATE: '1' });
			sink = await startSink();
		});
		afterAll(async () => {
			await sink.close();
			await backend.cleanup();
		});

		async function call(
			method: string,
			path: string,
			body?: unknown,
			headers: Record<string, string> = {},
			context = ctx
		) {
			const init: RequestInit = {
				method,
				headers: { 'content-type': 'application/json', ...headers }
			};
			if (body !== undefined) init.body = JSON.stringify(body);
			const response = await serveRequest(context, new Request(`http://linli.test${path}`, init));
			return { status: response.status, body: (await response.json()) as Record<string, unknown> };
		}

		interface Phone {
			clientId: string;
			auth: string;
			sub: Subscriber;
		}

		/** A registered device subscribed at the sink under /p/<name>. */
		async function phone(name: string, lang: string, topics: string[]): Promise<Phone> {
			const device = { clientId: randomUUID(), secret: secret() };
			expect(
				(
					await call('POST', '/api/sync/register', {
						schemaVersion: SYNC_SCHEMA_VERSION,
						...device
					})
				).status
			).toBe(200);
			const auth = `Device ${device.clientId}:${device.secret}`;
			const sub = subscriber(`${sink.origin}/p/${name}`);
			const saved = await call(
				'POST',
				'/api/push/subscription',
				{ subscription: sub.subscription, lang, topics },
				{ authorization: auth }
			);
			expect(saved).toMatchObject({ status: 200, body: { topics: [...topics].sort() } });
			return { clientId: device.clientId, auth, sub };
		}

		const receivedBy = (name: string) => sink.received.filter((r) => r.path === `/p/${name}`);
		const worker = () =>
			pushWorker(ctx.database, ctx.config, { ca: sink.certificate.cert, backoff: () => 0 });

		it('gives the same VAPID public key every time (65-byte P-256 point)', async () => {
			const first = await call('GET', '/api/push/key');
			const second = await call('GET', '/api/push/key');
			expect(first.status).toBe(200);
			const key = Buffer.from(String(first.body.publicKey), 'base64url');
			expect(key.length).toBe(65);
			expect(key[0]).toBe(4);
			expect(second.body.publicKey).toBe(first.body.publicKey);
		});

		it('refuses unauthenticated, malformed and private-address subscriptions', async () => {
			const sub = subscriber(`${sink.origin}/p/refused`).subscription;
			expect(
				(
					await call('POST', '/api/push/subscription', {
						subscription: sub,
						lang: 'en',
						topics: ['all']
					})
				).status
			).toBe(401);
			const p = await phone('valid', 'en', []);
			const headers = { authorization: p.auth };
			const bad = async (body: unknown) => call('POST', '/api/push/subscription', body, headers);
			expect(await bad({ subscription: sub, lang: 'en', topics: ['everyone'] })).toMatchObject({
				status: 400,
				body: { error: 'invalid', path: 'topics.0' }
			});
			expect(
				await bad({
					subscription: { ...sub, endpoint: 'http://push.example/x' },
					lang: 'en',
					topics: []
				})
			).toMatchObject({ status: 400, body: { path: 'subscription.endpoint' } });
			expect(
				await bad({
					subscription: { ...sub, keys: { ...sub.keys, auth: 'short' } },
					lang: 'en',
					topics: []
				})
			).toMatchObject({ status: 400, body: { path: 'subscription.keys.auth' } });
			expect(await bad({ subscription: sub, lang: 'fr', topics: [] })).toMatchObject({
				status: 400
			});
			expect(
				await bad({
					subscription: sub,
					lang: 'en',
					topics: Array.from({ length: 51 }, (_, i) => `n:${i}`)
				})
			).toMatchObject({ status: 400, body: { path: 'topics' } });
			expect(await bad({ subscription: sub, lang: 'en', topics: ['all', 'all'] })).toMatchObject({
				status: 400
			});
			// Without the test setting, the server posts only to push services on the internet.
			const strict = testContext(ctx.database, ctx.registry);
			expect(
				await call(
					'POST',
					'/api/push/subscription',
					{ subscription: sub, lang: 'en', topics: [] },
					headers,
					strict
				)
			).toMatchObject({ status: 400, body: { path: 'subscription.endpoint' } });
			// Unsubscribing leaves nothing.
			expect(await call('DELETE', '/api/push/subscription', undefined, headers)).toMatchObject({
				status: 200,
				body: { topics: [] }
			});
		});

		it('sends once per dedupe key, outside the request, in each phone’s language, encrypted', async () => {
			const hant = await phone('hant', 'zh-Hant', ['all']);
			const hans = await phone('hans', 'zh-Hans', ['all', 'n:other']);
			const en = await phone('en', 'en', ['all']);
			await phone('elsewhere', 'en', ['n:other']);
			const removed = await phone('removed', 'en', ['all']);
			await ctx.database.db
				.updateTable('clients')
				.set({ removed_at: Date.now() })
				.where('id', '=', removed.clientId)
				.execute();

			expect(await notifyTopic(ctx.database, 'all', MESSAGE, { dedupeKey: 'ann:a1' })).toBe(true);
			expect(await notifyTopic(ctx.database, 'all', MESSAGE, { dedupeKey: 'ann:a1' })).toBe(false);
			const jobs = await ctx.database.db
				.selectFrom('jobs')
				.selectAll()
				.where('kind', '=', PUSH_JOB)
				.execute();
			expect(jobs).toHaveLength(1);
			expect(sink.received).toHaveLength(0); // nothing is sent until a worker runs the job

			expect(await worker().drain(PUSH_JOB)).toBe(1);
			expect(receivedBy('elsewhere')).toHaveLength(0);
			expect(receivedBy('removed')).toHaveLength(0);
			const { publicKey } = (await call('GET', '/api/push/key')).body;
			for (const [name, p, title, body] of [
				['hant', hant, '明天停水', '上午九點到十二點。'],
				['hans', hans, '明天停水了', 'From 9 to 12.'], // no zh-Hans body: English
				['en', en, 'Water off tomorrow', 'From 9 to 12.']
			] as const) {
				const got = receivedBy(name);
				expect(got).toHaveLength(1);
				const one = got[0]!;
				expect(one.headers['content-encoding']).toBe('aes128gcm');
				expect(one.headers.urgency).toBe('high');
				expect(checkVapid(one, sink.origin)).toBe(publicKey);
				const payload = JSON.parse(p.sub.decrypt(one.body)) as Record<string, unknown>;
				expect(payload).toEqual({ v: 1, title, body, url: '/announcements/a1', sync: true });
				// Another subscription's keys cannot read it.
				expect(() => subscriber(one.path).decrypt(one.body)).toThrow();
			}
			const job = await ctx.database.db
				.selectFrom('jobs')
				.selectAll()
				.where('kind', '=', PUSH_JOB)
				.executeTakeFirstOrThrow();
			expect(job.state).toBe('done');
			// Draining again sends nothing more.
			expect(await worker().drain(PUSH_JOB)).toBe(0);
			expect(receivedBy('hant')).toHaveLength(1);
		});

		it('drops subscriptions answered 404 or 410, retries 5xx for those only', async () => {
			for (const name of ['gone404', 'gone410', 'flaky', 'fine']) await phone(name, 'en', ['n:t1']);
			let flakyCalls = 0;
			sink.answer = (path) => {
				if (path === '/p/gone404') return 404;
				if (path === '/p/gone410') return 410;
				if (path === '/p/flaky') return ++flakyCalls === 1 ? 503 : 201;
				return 201;
			};
			try {
				await notifyTopic(ctx.database, 'n:t1', MESSAGE, { dedupeKey: 'ann:t1' });
				// The first round, then the retry round (backoff 0 here) in the same drain.
				expect(await worker().drain(PUSH_JOB)).toBe(2);
			} finally {
				sink.answer = () => 201;
			}
			expect(receivedBy('gone404')).toHaveLength(1);
			expect(receivedBy('gone410')).toHaveLength(1);
			expect(receivedBy('flaky')).toHaveLength(2); // 503, then delivered
			expect(receivedBy('fine')).toHaveLength(1); // not sent twice by the retry
			const left = await ctx.database.db
				.selectFrom('push_subscriptions')
				.select('endpoint')
				.where('endpoint', 'like', `${sink.origin}/p/%`)
				.execute();
			const paths = left.map((r) => new URL(r.endpoint).pathname);
			expect(paths).not.toContain('/p/gone404');
			expect(paths).not.toContain('/p/gone410');
			expect(paths).toContain('/p/flaky');
			expect(paths).toContain('/p/fine');
			// A later notification no longer tries the dropped ones.
			await notifyTopic(ctx.database, 'n:t1', MESSAGE, { dedupeKey: 'ann:t1b' });
			await worker().drain(PUSH_JOB);
			expect(receivedBy('gone404')).toHaveLength(1);
			expect(receivedBy('fine')).toHaveLength(2);
		});

		it('a topic of 1,100 phones is read a page at a time and sent once to each, at most perSecond a second', async () => {
			await seedSubscriptions(ctx.database, sink.origin, 'n:many', 1_100);
			await notifyTopic(ctx.database, 'n:many', MESSAGE, { dedupeKey: 'ann:many' });
			await pushWorker(ctx.database, ctx.config, { ca: sink.certificate.cert }).drain(PUSH_JOB);
			const many = sink.received.filter((r) => r.path.startsWith('/s/'));
			expect(many).toHaveLength(1_100);
			expect(new Set(many.map((r) => r.path)).size).toBe(1_100);

			// Paced: 40 messages at 100 a second go out over at least 390 ms (slots 10 ms apart).
			await seedSubscriptions(ctx.database, `${sink.origin}/paced`, 'n:paced', 40);
			await notifyTopic(ctx.database, 'n:paced', MESSAGE, { dedupeKey: 'ann:paced' });
			const started = Date.now();
			await pushWorker(ctx.database, ctx.config, {
				ca: sink.certificate.cert,
				perSecond: 100
			}).drain(PUSH_JOB);
			const paced = sink.received.filter((r) => r.path.startsWith('/paced/'));
			expect(paced).toHaveLength(40);
			expect(Math.max(...paced.map((r) => r.at)) - started).toBeGreaterThanOrEqual(380);
		});

		if (backend.name === 'postgres')
			it('two processes on one database send each notification once', async () => {
				const names = Array.from({ length: 20 }, (_, i) => `pair${i}`);
				for (const name of names) await phone(name, 'en', ['n:pair']);
				const sibling = await backend.sibling!(ctx.database);
				const keys = Array.from({ length: 10 }, (_, i) => `pair:${i}`);
				// Both processes enqueue every notification (as two request handlers might) …
				for (const key of keys) {
					await Promise.all([
						notifyTopic(ctx.database, 'n:pair', MESSAGE, { dedupeKey: key }),
						notifyTopic(sibling, 'n:pair', MESSAGE, { dedupeKey: key })
					]);
				}
				// … and both workers drain at the same time.
				const a = pushWorker(ctx.database, ctx.config, { ca: sink.certificate.cert });
				const b = pushWorker(sibling, ctx.config, { ca: sink.certificate.cert });
				const [ranA, ranB] = await Promise.all([a.drain(PUSH_JOB), b.drain(PUSH_JOB)]);
				expect(ranA + ranB).toBe(keys.length);
				for (const name of names) expect(receivedBy(name)).toHaveLength(keys.length);
			});
	});
}
