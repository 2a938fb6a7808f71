/**
 * Numbers at the edges of what the databases hold: both answer 400 (or reject the one change)
 * the same way, never PostgreSQL a 500 while SQLite stores them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SEQ, MAX_TIME } from '../../src/lib/shared/bounds';
import { TaskInput } from '../../src/lib/shared/volunteer';
import type { ServerContext } from '../../src/lib/server/context';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import * as v from 'valibot';
import { backends } from './support/backends';
import { serveRequest, testContext } from './support/server';
import { profile } from './support/volunteers';

const secret = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');

for (const backend of backends()) {
	describe(`numbers the databases cannot hold are refused alike (${backend.name})`, () => {
		let ctx: ServerContext;
		beforeAll(async () => {
			ctx = testContext(await backend.open(), productionRegistry());
		});
		afterAll(() => backend.cleanup());

		async function call(path: string, body: unknown, auth?: { clientId: string; secret: string }) {
			const response = await serveRequest(
				ctx,
				new Request(`http://linli.test${path}`, {
					method: 'POST',
					headers: {
						'content-type': 'application/json',
						...(auth ? { authorization: `Device ${auth.clientId}:${auth.secret}` } : {})
					},
					body: JSON.stringify(body)
				})
			);
			return { status: response.status, body: (await response.json()) as Record<string, unknown> };
		}
		const register = (nextSeq?: number) => {
			const device = { clientId: randomUUID(), secret: secret() };
			return call('/api/sync/register', {
				schemaVersion: 1,
				...device,
				...(nextSeq !== undefined ? { nextSeq } : {})
			}).then((answer) => ({ ...answer, device }));
		};
		const push = (
			device: { clientId: string; secret: string },
			mutation: { seq: number; type: string; payload: unknown; createdAt: number }
		) => call('/api/sync/push', { schemaVersion: 1, mutations: [mutation] }, device);

		it('a register nextSeq of 2^31 or more → 400; the largest seq a database holds works to the end', async () => {
			for (const nextSeq of [2 ** 31, 2 ** 53 - 1, 1e20]) {
				expect(await register(nextSeq)).toMatchObject({
					status: 400,
					body: { error: 'invalid', path: 'nextSeq' }
				});
			}
			const last = await register(MAX_SEQ);
			expect(last.status).toBe(200);
			const pushed = await push(last.device, {
				seq: MAX_SEQ,
				type: 'sync.noop',
				payload: {},
				createdAt: 0
			});
			expect(pushed).toMatchObject({ status: 200, body: { lastSeq: MAX_SEQ } });
		});

		it('a push seq of 2^31 or a createdAt past 2100 or before 1970 → 400 naming the field', async () => {
			const { device } = await register();
			const noop = { seq: 1, type: 'sync.noop', payload: {}, createdAt: 0 };
			expect(await push(device, { ...noop, seq: 2 ** 31 })).toMatchObject({
				status: 400,
				body: { path: 'mutations.0.seq' }
			});
			for (const createdAt of [MAX_TIME + 1, 2 ** 63, -1]) {
				expect(await push(device, { ...noop, createdAt })).toMatchObject({
					status: 400,
					body: { path: 'mutations.0.createdAt' }
				});
			}
			// A phone whose clock is decades ahead still gets its change through (absolute bounds).
			expect(await push(device, { ...noop, createdAt: Date.UTC(2099, 11, 31) })).toMatchObject({
				status: 200
			});
		});

		it('a consentAt or check-in time beyond the bounds rejects that change only, with its field', async () => {
			const { device } = await register();
			const tooLate = await push(device, {
				seq: 1,
				type: 'volunteer.save',
				payload: profile({ consentAt: 1e19 }),
				createdAt: 0
			});
			expect(tooLate).toMatchObject({
				status: 200,
				body: {
					results: [{ status: 'rejected', code: 'invalid', params: { path: 'consentAt' } }]
				}
			});
			const checkIn = await push(device, {
				seq: 2,
				type: 'signup.checkIn',
				payload: { id: randomUUID(), at: 2 ** 62 },
				createdAt: 0
			});
			expect(checkIn).toMatchObject({
				status: 200,
				body: { results: [{ status: 'rejected', code: 'invalid', params: { path: 'at' } }] }
			});
			// The outbox moves on.
			expect(
				await push(device, { seq: 3, type: 'volunteer.save', payload: profile(), createdAt: 0 })
			).toMatchObject({ status: 200, body: { results: [{ status: 'applied' }] } });
		});
	});
}

describe('task times from the organizers’ form', () => {
	it('must lie between 1970 and 2100', () => {
		const task = {
			title: 'Clean the stairs',
			place: 'Block 2',
			address: '',
			skills: [],
			slots: 2,
			startsAt: Date.UTC(2030, 0, 1),
			endsAt: Date.UTC(2030, 0, 1, 2)
		};
		expect(v.safeParse(TaskInput, task).success).toBe(true);
		const far = v.safeParse(TaskInput, { ...task, endsAt: Date.UTC(9999, 0, 1) });
		expect(far.success).toBe(false);
		expect(far.issues?.[0]?.message).toBe('dateRange');
	});
});
