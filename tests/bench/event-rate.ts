// Event sign-ups at a fixed rate (issue 12): pushes of one `event.signUp` each, at 500 req/s for
// 20 s (open loop, paced.ts) to the built app over loopback, spread over 60 events of 200 places
// each (12,000 places for 10,000 sign-ups: most confirmed, the rest waitlisted as events fill).
// Budget: p99 ≤ 100 ms and no errors, on SQLite and on PostgreSQL.
//   npx tsx tests/bench/event-rate.ts       (after npm run build)
import { randomUUID } from 'node:crypto';
import { benchEvent } from './events';
import { ms, report, save, startApp, type Row } from './lib';
import { paced } from './paced';
import { LIMITS, registerDevices } from './server';
import { onEachDatabase, type BenchDatabase } from './setup';

const RATE = Number(process.env.BENCH_EVENT_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_EVENT_SECONDS ?? 20);
const EVENTS = 60;
const PLACES = 200;

interface Target {
	eventId: string;
	roleId: string;
}

async function makeEvents(target: BenchDatabase): Promise<Target[]> {
	const database = await target.open();
	try {
		const events: Target[] = [];
		for (let i = 0; i < EVENTS; i++)
			events.push(await benchEvent(database, `Bench concert ${i}`, PLACES));
		return events;
	} finally {
		await database.close();
	}
}

async function one(target: BenchDatabase, port: number, rows: Row[]) {
	// The app migrates the database as it starts; the events go in after.
	const stop = await startApp(port, { ...target.env, ...LIMITS });
	try {
		const events = await makeEvents(target);
		const devices = (await registerDevices(`http://127.0.0.1:${port}`)).map((d) => ({
			...d,
			joined: new Set<number>()
		}));
		let turn = 0;
		const idle = [...devices];
		const outcomes = new Map<string, number>();
		const run = (seconds: number) =>
			paced({
				port,
				rate: RATE,
				seconds,
				next: () => {
					const device = idle.shift();
					// Every phone still waiting for an answer: counted as an error by paced().
					if (!device) return undefined;
					// The events in turn, so load spreads over all of them; one sign-up per phone per event.
					let index = turn++ % EVENTS;
					for (let k = 0; device.joined.has(index) && k < EVENTS; k++) index = (index + 1) % EVENTS;
					device.joined.add(index);
					const event = events[index]!;
					return {
						path: '/api/sync/push',
						headers: { 'content-type': 'application/json', authorization: device.auth },
						body: JSON.stringify({
							schemaVersion: 1,
							mutations: [
								{
									seq: ++device.seq,
									type: 'event.signUp',
									createdAt: Date.now(),
									payload: {
										id: randomUUID(),
										eventId: event.eventId,
										roleId: event.roleId,
										name: `Bench ${device.seq}`,
										building: '',
										unit: '',
										partySize: 1
									}
								}
							]
						}),
						done: () => idle.push(device)
					};
				}
			});
		const warm = await run(3);
		const fixed = await run(SECONDS);
		const database = await target.open();
		try {
			const counts = await database.db
				.selectFrom('event_signups')
				.select(['status', database.db.fn.countAll<number>().as('n')])
				.groupBy('status')
				.execute();
			for (const c of counts) outcomes.set(c.status, Number(c.n));
			const duplicates = await database.db
				.selectFrom('event_signups')
				.select(['event_id', 'resident_id', database.db.fn.countAll<number>().as('n')])
				.groupBy(['event_id', 'resident_id'])
				.having(database.db.fn.countAll(), '>', 1)
				.execute();
			const errors = fixed.errors + fixed.non2xx;
			rows.push({
				name: `${target.name}: sign-ups at ${RATE} req/s for ${SECONDS} s over ${EVENTS} events, p99 (${fixed.sent} requests)`,
				value: ms(fixed.p99),
				budget: '100 ms',
				pass: fixed.p99 <= 100 && errors === 0
			});
			rows.push({
				name: `${target.name}:   p50 / p90 / max; warm-up p99`,
				value: `${ms(fixed.p50)} / ${ms(fixed.p90)} / ${ms(fixed.max)}; ${ms(warm.p99)}`
			});
			rows.push({
				name: `${target.name}:   errors; confirmed / waitlisted; duplicates`,
				value: `${errors}; ${outcomes.get('confirmed') ?? 0} / ${outcomes.get('waitlisted') ?? 0}; ${duplicates.length}`,
				budget: '0; —; 0',
				pass: errors === 0 && duplicates.length === 0
			});
			return { warm, fixed, outcomes: Object.fromEntries(outcomes), duplicates: duplicates.length };
		} finally {
			await database.close();
		}
	} finally {
		await stop();
	}
}

export async function benchEventRate(): Promise<boolean> {
	const rows: Row[] = [];
	save('event-rate', await onEachDatabase(4330, (target, port) => one(target, port, rows)));
	return report('Event sign-ups at a fixed rate, loopback (issue 12)', rows);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	process.exit((await benchEventRate()) ? 0 : 1);
}
