import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerContext } from '../../src/lib/server/context';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import { backends } from './support/backends';
import { serveRequest, testContext } from './support/server';

// GET /api/time: the server's clock, for the synced start of an event (issue 13).
const [sqlite] = backends();

describe('the server clock endpoint', () => {
	let ctx: ServerContext;
	beforeAll(async () => {
		ctx = testContext(await sqlite!.open(), productionRegistry());
	});
	afterAll(() => sqlite!.cleanup());

	const get = () => serveRequest(ctx, new Request('http://linli.test/api/time'));

	it("answers the server's time in ms, to anyone, never to be cached", async () => {
		const before = Date.now();
		const response = await get();
		const after = Date.now();
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		const body = (await response.json()) as { now: number };
		expect(Object.keys(body)).toEqual(['now']);
		expect(Number.isInteger(body.now)).toBe(true);
		expect(body.now).toBeGreaterThanOrEqual(before);
		expect(body.now).toBeLessThanOrEqual(after);
	});

	it('moves on between calls (a fresh reading each time, not a remembered one)', async () => {
		const first = ((await (await get()).json()) as { now: number }).now;
		await new Promise((resolve) => setTimeout(resolve, 20));
		const second = ((await (await get()).json()) as { now: number }).now;
		expect(second - first).toBeGreaterThanOrEqual(15);
	});
});
