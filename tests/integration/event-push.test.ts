/**
 * Event notifications reach the phones of the sign-ups as they stand (issue 12): an update goes to
 * every standing sign-up's phones with notifications on, including one turned on after signing up,
 * and not to a cancelled one; a cancellation that moves someone up from the waitlist tells that
 * resident's phones at once, once, in their language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setServerContext, type ServerContext } from '../../src/lib/server/context';
import type { Database } from '../../src/lib/server/db/connect';
import { eventTopic } from '../../src/lib/server/events/mutations';
import { createEvent, setEventStatus } from '../../src/lib/server/events/store';
import { follow } from '../../src/lib/server/neighbourhoods/follows';
import { defaultNeighbourhoodId } from '../../src/lib/server/neighbourhoods/store';
import { PUSH_JOB, pushWorker } from '../../src/lib/server/push/notify';
import { saveSubscription, subscriptionsOf } from '../../src/lib/server/push/subscriptions';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import { startSink, subscriber, type Sink } from '../support/push-sink';
import { backends } from './support/backends';
import { concertInput, signUpInput } from './support/events';
import { testContext } from './support/server';
import { Phone } from './support/volunteers';

const registry = productionRegistry();

for (const backend of backends()) {
	describe(`event notifications (${backend.name})`, () => {
		let database: Database;
		let ctx: ServerContext;
		let sink: Sink;
		let hood: string;

		beforeAll(async () => {
			database = await backend.open();
			ctx = testContext(database, registry, { LINLI_PUSH_ALLOW_PRIVATE: '1' });
			setServerContext(ctx);
			sink = await startSink();
			hood = (await defaultNeighbourhoodId(database.db))!;
		});
		afterAll(async () => {
			setServerContext(undefined);
			await sink.close();
			await backend.cleanup();
		});

		const phoneIn = async () => {
			const phone = await Phone.register(database, registry);
			await follow(database, phone.clientId, hood);
			return phone;
		};
		it('an update reaches the standing sign-ups; a cancellation that frees a place tells who got it, once', async () => {
			const now = Date.now();
			const input = concertInput(hood, now, 1);
			const id = await createEvent(database, { all: true }, input, 'org-1', now);
			await setEventStatus(database, { all: true }, id, 'published', now);
			const singers = input.roles[0]!.id;
			const [first, second, third, gone] = await Promise.all([
				phoneIn(),
				phoneIn(),
				phoneIn(),
				phoneIn()
			]);
			const mine = signUpInput(id, singers);
			const secondOne = signUpInput(id, singers);
			const goneOne = signUpInput(id, singers);
			expect(await first!.send('event.signUp', mine)).toMatchObject({ outcome: 'confirmed' });
			expect(await second!.send('event.signUp', secondOne)).toMatchObject({
				outcome: 'waitlisted'
			});
			expect(await third!.send('event.signUp', signUpInput(id, singers))).toMatchObject({
				outcome: 'waitlisted'
			});
			expect(await gone!.send('event.signUp', goneOne)).toMatchObject({ outcome: 'waitlisted' });
			expect(await gone!.send('event.cancelSignUp', { id: goneOne.id })).toMatchObject({
				status: 'applied'
			});
			// Notifications turned on after signing up (the second and the third phone), and on the
			// phone whose sign-up was cancelled.
			const subs = {
				second: subscriber(`${sink.origin}/p/second`),
				third: subscriber(`${sink.origin}/p/third`),
				gone: subscriber(`${sink.origin}/p/gone`)
			};
			await saveSubscription(database.db, second!.clientId, {
				subscription: subs.second.subscription,
				lang: 'zh-Hant',
				topics: []
			});
			await saveSubscription(database.db, third!.clientId, {
				subscription: subs.third.subscription,
				lang: 'en',
				topics: []
			});
			await saveSubscription(database.db, gone!.clientId, {
				subscription: subs.gone.subscription,
				lang: 'en',
				topics: []
			});
			const updateGoesTo = (await subscriptionsOf(database.db, eventTopic(id))).map(
				(s) => s.clientId
			);
			expect(updateGoesTo.toSorted()).toEqual([second!.clientId, third!.clientId].toSorted());

			// The first cancels: the second gets the place, and hears it on their phone.
			expect(await first!.send('event.cancelSignUp', { id: mine.id })).toMatchObject({
				status: 'applied'
			});
			const promotedRow = await database.db
				.selectFrom('event_signups')
				.select('status')
				.where('id', '=', secondOne.id)
				.executeTakeFirstOrThrow();
			expect(promotedRow.status).toBe('confirmed');
			const jobs = await database.db
				.selectFrom('jobs')
				.select('dedupe_key as key')
				.where('kind', '=', PUSH_JOB)
				.execute();
			expect(jobs.map((j) => j.key)).toEqual([`event-promoted:${secondOne.id}`]);
			const worker = pushWorker(ctx.database, ctx.config, {
				ca: sink.certificate.cert,
				backoff: () => 0
			});
			expect(await worker.drain(PUSH_JOB)).toBe(1);
			const toSecond = sink.received.filter((r) => r.path === '/p/second');
			expect(toSecond).toHaveLength(1);
			expect(sink.received.filter((r) => r.path !== '/p/second')).toHaveLength(0);
			const payload = JSON.parse(subs.second.decrypt(toSecond[0]!.body)) as Record<string, unknown>;
			expect(payload).toMatchObject({
				title: '你有位置了：陽台音樂會',
				url: `/events/${id}`,
				sync: true
			});
			expect(String(payload.body)).toContain('報名已經確認');
			// Nothing about who cancelled, or anyone's name, travels in it.
			expect(JSON.stringify(payload)).not.toContain('陳大文');
			// The same promotion noted again (a retried push, another process) sends nothing more.
			const { notifyPromoted } = await import('../../src/lib/server/events/notify');
			await notifyPromoted(database, id, [secondOne.id]);
			expect(await worker.drain(PUSH_JOB)).toBe(0);
			expect(sink.received.filter((r) => r.path === '/p/second')).toHaveLength(1);
		});
	});
}
