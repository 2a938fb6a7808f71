import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { measureOffset, SAMPLES, SPACING_MS } from './measure-offset';
import { serverClock } from './server-clock.svelte';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A server whose clock is `ahead` ms ahead of the phone's (the fake timers are the phone's), with
 * `up` and `down` ms of network delay; `fail` makes a round trip throw as fetch does offline.
 */
function server(
	ahead: number,
	delays: [number, number][],
	fail: (i: number) => boolean = () => false
) {
	let i = 0;
	const calls: RequestInit[] = [];
	const fetcher = (async (_url: string, init: RequestInit) => {
		calls.push(init);
		const n = i++;
		if (fail(n)) throw new TypeError('Failed to fetch');
		const [up, down] = delays[n % delays.length]!;
		await sleep(up);
		const now = Date.now() + ahead;
		await sleep(down);
		return new Response(JSON.stringify({ now }), { status: 200 });
	}) as unknown as typeof fetch;
	return { fetcher, calls };
}

beforeEach(() => {
	vi.useFakeTimers({ now: Date.UTC(2026, 10, 30, 11, 59) });
});
afterEach(() => {
	vi.useRealTimers();
	serverClock.estimate = undefined;
	serverClock.settled = false;
});

describe('measuring the server clock', () => {
	it('takes five round trips 200 ms apart, uncached, and finds a server 90 s ahead', async () => {
		const { fetcher, calls } = server(90_000, [
			[50, 50],
			[20, 80],
			[30, 30],
			[70, 60],
			[40, 40]
		]);
		const started = Date.now();
		const measuring = measureOffset(fetcher);
		await vi.runAllTimersAsync();
		const estimate = await measuring;
		expect(calls).toHaveLength(SAMPLES);
		expect(calls.every((c) => c.cache === 'no-store')).toBe(true);
		expect(estimate).toMatchObject({ offset: 90_000, uncertainty: 30, samples: 5 });
		// Round trips plus four pauses.
		expect(Date.now() - started).toBe(100 + 100 + 60 + 130 + 80 + 4 * SPACING_MS);
	});

	it('stops after the first round trip fails (offline) and gives no estimate', async () => {
		const { fetcher, calls } = server(0, [[10, 10]], () => true);
		expect(await measureOffset(fetcher)).toBeUndefined();
		expect(calls).toHaveLength(1);
	});

	it('uses the round trips that worked when some fail', async () => {
		const { fetcher } = server(-40_000, [[25, 25]], (i) => i === 2 || i === 3);
		const measuring = measureOffset(fetcher);
		await vi.runAllTimersAsync();
		expect(await measuring).toMatchObject({ offset: -40_000, samples: 3 });
	});

	it('refuses an answer that is not a time', async () => {
		const fetcher = (async () =>
			new Response(JSON.stringify({ now: 'soon' }))) as unknown as typeof fetch;
		const measuring = measureOffset(fetcher);
		await vi.runAllTimersAsync();
		expect(await measuring).toBeUndefined();
	});
});

describe("the phone's view of the server clock", () => {
	it('uses the phone clock until measured, then the server time; a failed re-measure keeps it', async () => {
		expect(serverClock.now()).toBe(Date.now());
		const first = serverClock.measure(server(90_000, [[30, 30]]).fetcher);
		await vi.runAllTimersAsync();
		await first;
		expect(serverClock.now()).toBe(Date.now() + 90_000);
		expect(serverClock.estimate?.uncertainty).toBe(30);

		// The network drops: the countdown carries on with what it measured.
		await serverClock.measure(server(0, [[1, 1]], () => true).fetcher);
		expect(serverClock.now()).toBe(Date.now() + 90_000);
	});

	it('is settled once a measurement ends, whether or not the server answered', async () => {
		expect(serverClock.settled).toBe(false);
		const offline = serverClock.measure(server(0, [[1, 1]], () => true).fetcher);
		expect(serverClock.settled).toBe(false);
		await vi.runAllTimersAsync();
		await offline;
		expect(serverClock.settled).toBe(true);
		expect(serverClock.estimate).toBeUndefined();
	});

	it('is settled at once by an estimate kept from earlier in the visit', () => {
		// A page's globals, in Node: the kept estimate, and the fetch the next measurement makes.
		const kept = JSON.stringify({ offset: 90_000, uncertainty: 20, measuredAt: Date.now() });
		vi.stubGlobal('sessionStorage', { getItem: () => kept, setItem: () => {} });
		vi.stubGlobal('addEventListener', () => {});
		vi.stubGlobal('removeEventListener', () => {});
		vi.stubGlobal('fetch', server(90_000, [[10, 10]]).fetcher);
		const stop = serverClock.start();
		try {
			expect(serverClock.settled).toBe(true);
			expect(serverClock.now()).toBe(Date.now() + 90_000);
		} finally {
			stop();
			vi.unstubAllGlobals();
		}
	});

	it('measures once at a time', async () => {
		const { fetcher, calls } = server(5_000, [[10, 10]]);
		const a = serverClock.measure(fetcher);
		const b = serverClock.measure(fetcher);
		await vi.runAllTimersAsync();
		await Promise.all([a, b]);
		expect(calls).toHaveLength(SAMPLES);
	});
});
