import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PUSH_BYTES, SYNC_SCHEMA_VERSION } from '../../src/lib/shared/sync';
import type { ServerContext } from '../../src/lib/server/context';
import { backends } from './support/backends';
import { createNotesTable, notesRegistry } from './support/notes';
import { serveRequest, testContext } from './support/server';

const secret = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');

for (const backend of backends()) {
	describe(`sync API answers bad input clearly, never with a 500 (${backend.name})`, () => {
		let ctx: ServerContext;
		const device = { clientId: randomUUID(), secret: secret() };
		const auth = () => `Device ${device.clientId}:${device.secret}`;

		beforeAll(async () => {
			const database = await backend.open();
			await createNotesTable(database);
			ctx = testContext(database, notesRegistry());
			const registered = await call('POST', '/api/sync/register', {
				schemaVersion: SYNC_SCHEMA_VERSION,
				...device
			});
			expect(registered.status).toBe(200);
		});
		afterAll(() => backend.cleanup());

		async function call(
			method: string,
			path: string,
			body?: unknown,
			headers: Record<string, string> = {}
		) {
			const init: RequestInit = {
				method,
				headers: { 'content-type': 'application/json', ...headers }
			};
			if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
			const response = await serveRequest(ctx, new Request(`http://linli.test${path}`, init));
			return {
				status: response.status,
				headers: response.headers,
				body: (await response.json()) as Record<string, unknown>
			};
		}
		const push = (body: unknown, headers: Record<string, string> = { authorization: auth() }) =>
			call('POST', '/api/sync/push', body, headers);

		it('malformed JSON → 400', async () => {
			expect(await push('{"schemaVersion": 1, "mutations": [')).toMatchObject({
				status: 400,
				body: { error: 'malformed_json' }
			});
		});

		it('a wrong or unknown field → 400 naming the field', async () => {
			const wrong = await push({
				schemaVersion: 1,
				mutations: [{ seq: -1, type: 'note.put', payload: {}, createdAt: 0 }]
			});
			expect(wrong).toMatchObject({
				status: 400,
				body: { error: 'invalid', path: 'mutations.0.seq' }
			});
			const extra = await push({
				schemaVersion: 1,
				mutations: [{ seq: 1, type: 'note.put', payload: {}, createdAt: 0 }],
				admin: true
			});
			expect(extra).toMatchObject({ status: 400, body: { path: 'admin' } });
			const register = await call('POST', '/api/sync/register', {
				schemaVersion: 1,
				clientId: 'not-a-uuid',
				secret: secret()
			});
			expect(register).toMatchObject({ status: 400, body: { path: 'clientId' } });
		});

		it('not JSON at all → 415', async () => {
			const response = await serveRequest(
				ctx,
				new Request('http://linli.test/api/sync/push', {
					method: 'POST',
					headers: { authorization: auth(), 'content-type': 'text/plain' },
					body: 'hello'
				})
			);
			expect(response.status).toBe(415);
		});

		it('a body over the limit → 413, whether or not it says its length', async () => {
			const big = JSON.stringify({
				schemaVersion: 1,
				mutations: [
					{
						seq: 1,
						type: 'note.put',
						payload: { id: 'a', body: 'x'.repeat(MAX_PUSH_BYTES) },
						createdAt: 0
					}
				]
			});
			expect((await push(big)).status).toBe(413);
			const stream = new ReadableStream({
				start(controller) {
					controller.enqueue(new TextEncoder().encode(big));
					controller.close();
				}
			});
			const response = await serveRequest(
				ctx,
				new Request('http://linli.test/api/sync/push', {
					method: 'POST',
					headers: { authorization: auth(), 'content-type': 'application/json' },
					body: stream,
					duplex: 'half'
				} as RequestInit)
			);
			expect(response.status).toBe(413);
		});

		it('no device, an unknown device or a wrong secret → 401', async () => {
			const body = {
				schemaVersion: 1,
				mutations: [{ seq: 1, type: 'note.put', payload: { id: 'a', body: 'b' }, createdAt: 0 }]
			};
			expect((await push(body, {})).status).toBe(401);
			expect(
				(await push(body, { authorization: `Device ${device.clientId}:${secret()}` })).status
			).toBe(401);
			expect(
				(await push(body, { authorization: `Device ${randomUUID()}:${secret()}` })).status
			).toBe(401);
			expect(
				(await call('GET', '/api/sync/pull?cursor=0', undefined, { 'x-linli-schema': '1' })).status
			).toBe(401);
		});

		it('an app on an incompatible schema version → 409 asking to update', async () => {
			const old = await push({
				schemaVersion: 0,
				mutations: [{ seq: 1, type: 'note.put', payload: { id: 'a', body: 'b' }, createdAt: 0 }]
			});
			expect(old).toMatchObject({ status: 409, body: { error: 'upgrade_required' } });
			expect(String(old.body.message)).toMatch(/update the app/);
			// A newer app whose body has another shape still hears "update", not "wrong field".
			const newer = await push({ schemaVersion: 2, changes: [{ op: 'something new' }] });
			expect(newer).toMatchObject({ status: 409, body: { error: 'upgrade_required' } });
			const pull = await call('GET', '/api/sync/pull?cursor=0', undefined, {
				authorization: auth(),
				'x-linli-schema': '999'
			});
			expect(pull.status).toBe(409);
		});

		it('a gap in the sequence → 409 with the seq expected', async () => {
			const gap = await push({
				schemaVersion: 1,
				mutations: [{ seq: 7, type: 'note.put', payload: { id: 'a', body: 'b' }, createdAt: 0 }]
			});
			expect(gap).toMatchObject({
				status: 409,
				body: { error: 'seq_gap', params: { expected: 1 } }
			});
		});

		it('a bad cursor → 400', async () => {
			expect(
				(
					await call('GET', '/api/sync/pull?cursor=-5', undefined, {
						authorization: auth(),
						'x-linli-schema': '1'
					})
				).status
			).toBe(400);
			expect(
				(
					await call('GET', '/api/sync/pull?cursor=abc', undefined, {
						authorization: auth(),
						'x-linli-schema': '1'
					})
				).status
			).toBe(400);
		});

		it('too many writes → 429 with Retry-After, per device and per address', async () => {
			const limited = testContext(ctx.database, ctx.registry, {
				LINLI_RATE_CLIENT_PER_MINUTE: '3'
			});
			const statuses: number[] = [];
			let retryAfter: string | null = null;
			for (let i = 0; i < 5; i++) {
				const response = await serveRequest(
					limited,
					new Request('http://linli.test/api/sync/push', {
						method: 'POST',
						headers: { authorization: auth(), 'content-type': 'application/json' },
						body: JSON.stringify({
							schemaVersion: 1,
							mutations: [
								{ seq: 1, type: 'note.put', payload: { id: 'rl', body: 'x' }, createdAt: 0 }
							]
						})
					})
				);
				statuses.push(response.status);
				retryAfter ??= response.headers.get('retry-after');
			}
			expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
			expect(statuses.slice(3)).toEqual([429, 429]);
			expect(Number(retryAfter)).toBeGreaterThan(0);
			const registrations = testContext(ctx.database, ctx.registry, {
				LINLI_RATE_REGISTER_PER_HOUR: '1'
			});
			const register = () =>
				serveRequest(
					registrations,
					new Request('http://linli.test/api/sync/register', {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ schemaVersion: 1, clientId: randomUUID(), secret: secret() })
					})
				);
			expect((await register()).status).toBe(200);
			expect((await register()).status).toBe(429);
		});
	});
}
