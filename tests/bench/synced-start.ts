// The synced start (issue 13): a hundred phones whose clocks are up to five minutes off (one
// 90 s ahead, one 40 s behind among them) measure the server's clock and count down to the same
// start. Budget: the spread of the moments they reach zero ≤ 100 ms, with 50 ms ± 30 ms of
// latency each way on every round trip.
//
// A Node simulation, not a browser: each phone runs the app's own code — measureOffset (the round
// trips, with the phone's clock set off), the estimator, the server's handleTime, and the
// countdown's timer rule (nextChange) — with the latency drawn at random for each way of each
// round trip and real timers, all hundred in one process (so timer lateness under load counts
// too). The moment a phone reaches zero is read on the machine's clock, which is the server's.
// The browser test tests/e2e/synced-start.test.ts checks the same in Chromium, with two phones.
//   npx tsx tests/bench/synced-start.ts
import { countdownPhase, nextChange } from '../../src/lib/domain/countdown';
import { measureOffset } from '../../src/lib/events/measure-offset';
import { handleTime } from '../../src/lib/server/http/time';
import { ms, report, save, type Row } from './lib';

const PHONES = 100;
const TRIALS = 5;
const LATENCY_MS = 50;
const JITTER_MS = 30;
const BUDGET_MS = 100;
/** Clocks up to this far off, either way. */
const CLOCK_SPREAD_MS = 5 * 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const latency = () => LATENCY_MS + (Math.random() * 2 - 1) * JITTER_MS;

/** /api/time behind a network of 50 ms ± 30 ms each way. */
const slowFetch = (async () => {
	await sleep(latency());
	const response = await handleTime();
	await sleep(latency());
	return response;
}) as unknown as typeof fetch;

/** One phone: measures, then counts down on its own clock; resolves to the true moment of zero. */
async function phone(ahead: number, startsAt: number): Promise<{ zero: number; error: number }> {
	const clock = () => Date.now() + ahead;
	const estimate = await measureOffset(slowFetch, clock);
	if (!estimate) throw new Error('a phone could not measure');
	const serverNow = () => clock() + estimate.offset;
	const event = { startsAt, endsAt: startsAt + 3_600_000 };
	for (;;) {
		const now = serverNow();
		if (countdownPhase(event, now) === 'started') {
			const zero = Date.now();
			return { zero, error: estimate.offset + ahead };
		}
		await sleep(nextChange(event, now));
	}
}

async function trial() {
	const startsAt = Date.now() + 3_000;
	const clocks = [
		90_000,
		-40_000,
		...Array.from({ length: PHONES - 2 }, () => (Math.random() * 2 - 1) * CLOCK_SPREAD_MS)
	];
	const results = await Promise.all(clocks.map((ahead) => phone(ahead, startsAt)));
	const zeros = results.map((r) => r.zero);
	return {
		spread: Math.max(...zeros) - Math.min(...zeros),
		latest: Math.max(...zeros.map((z) => Math.abs(z - startsAt))),
		worstEstimate: Math.max(...results.map((r) => Math.abs(r.error)))
	};
}

export async function benchSyncedStart(): Promise<boolean> {
	const trials = [];
	for (let i = 0; i < TRIALS; i++) trials.push(await trial());
	const worst = Math.max(...trials.map((t) => t.spread));
	const rows: Row[] = [
		{
			name: `spread at zero, ${PHONES} phones, ${LATENCY_MS} ± ${JITTER_MS} ms each way (Node, worst of ${TRIALS})`,
			value: ms(worst),
			budget: `≤ ${BUDGET_MS} ms`,
			pass: worst <= BUDGET_MS
		},
		{
			name: '  spreads of the trials',
			value: trials.map((t) => t.spread.toFixed(0)).join(', ') + ' ms'
		},
		{
			name: '  furthest zero from the true start / worst offset estimate',
			value: `${ms(Math.max(...trials.map((t) => t.latest)))} / ${ms(Math.max(...trials.map((t) => t.worstEstimate)))}`
		}
	];
	save('synced-start', trials);
	return report('Synced start (issue 13)', rows);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	process.exit((await benchSyncedStart()) ? 0 : 1);
}
