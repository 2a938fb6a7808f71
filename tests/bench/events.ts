// Event sign-ups under load (issue 12): 1,000 phones signing up at once for one role of 50 places,
// through the real push code (applyPush: savepoints, the event's row lock, the change log), split
// over two connection pools as two server processes would be. On PostgreSQL (DATABASE_URL, else
// the other benchmarks' server: BENCH_PG_URL, TEST_DATABASE_URL or the local one) with a schema of
// its own, and on SQLite. Budget: answered in ≤ 5 s on PostgreSQL, exactly 50 confirmed and 950
// waitlisted, no duplicate.
//   npx tsx tests/bench/events.ts
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/lib/server/db/connect';
import { migrate } from '../../src/lib/server/db/migrate';
import { createEvent, setEventStatus } from '../../src/lib/server/events/store';
import { defaultNeighbourhoodId } from '../../src/lib/server/neighbourhoods/store';
import { registerDevice } from '../../src/lib/server/sync/devices';
import { applyPush } from '../../src/lib/server/sync/push';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import { ms, report, save, type Row } from './lib';
import { PG_ADMIN_URL } from './setup';

// BENCH_EVENT_PEOPLE=200 for a quicker look; the budget is for 1,000.
const PEOPLE = Number(process.env.BENCH_EVENT_PEOPLE ?? 1000);
const PLACES = 50;
const registry = productionRegistry();

/** A published concert in the default neighbourhood, tomorrow, with one role of `places`. */
export async function benchEvent(database: Database, title: string, places: number) {
	const hood = (await defaultNeighbourhoodId(database.db))!;
	const now = Date.now();
	const roleId = randomUUID();
	const eventId = await createEvent(
		database,
		{ all: true },
		{
			neighbourhoodId: hood,
			kind: 'balconyConcert',
			titles: { en: title },
			descriptions: {},
			startsAt: now + 86_400_000,
			endsAt: now + 90_000_000,
			signupDeadline: now + 80_000_000,
			place: 'Courtyard',
			bring: '',
			safety: '',
			roles: [{ id: roleId, names: { en: 'Singers' }, capacity: places }],
			songs: []
		},
		'bench'
	);
	await setEventStatus(database, { all: true }, eventId, 'published');
	return { eventId, roleId };
}

async function run(name: string, open: () => Promise<Database>, sibling: () => Promise<Database>) {
	const database = await open();
	const other = await sibling();
	const { eventId, roleId } = await benchEvent(database, 'Bench concert', PLACES);
	const phones = [];
	for (let i = 0; i < PEOPLE; i++) {
		const clientId = randomUUID();
		const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
		const { residentId } = await registerDevice(database.db, {
			schemaVersion: 1,
			clientId,
			secret
		});
		phones.push({ clientId, residentId });
	}
	const started = performance.now();
	const results = await Promise.all(
		phones.map((p, i) =>
			applyPush(
				i % 2 ? other : database,
				registry,
				{ residentId: p.residentId, clientId: p.clientId, roles: [] },
				[
					{
						seq: 1,
						type: 'event.signUp',
						payload: {
							id: randomUUID(),
							eventId,
							roleId,
							name: `Person ${i}`,
							building: '',
							unit: '',
							partySize: 1
						},
						createdAt: Date.now()
					}
				]
			)
		)
	);
	const elapsed = performance.now() - started;
	const outcomes = results.map((r) => {
		const first = r.results[0]!;
		return first.status === 'applied' ? first.outcome : first.code;
	});
	const confirmed = outcomes.filter((o) => o === 'confirmed').length;
	const waitlisted = outcomes.filter((o) => o === 'waitlisted').length;
	const rows = await database.db
		.selectFrom('event_signups')
		.select('resident_id')
		.where('event_id', '=', eventId)
		.execute();
	const distinct = new Set(rows.map((r) => r.resident_id)).size;
	if (other !== database) await other.close();
	await database.close();
	return { name, elapsed, confirmed, waitlisted, distinct };
}

async function reachable(url: string): Promise<boolean> {
	const client = new pg.Client({ connectionString: url });
	try {
		await client.connect();
		return true;
	} catch {
		return false;
	} finally {
		await client.end().catch(() => {});
	}
}

export async function benchEvents(): Promise<boolean> {
	const rows: Row[] = [];
	const results = [];
	// The same server as the other benchmarks (setup.ts), unless DATABASE_URL names one.
	const url = process.env.DATABASE_URL ?? PG_ADMIN_URL;
	if (await reachable(url)) {
		const schema = `bench_events_${Date.now().toString(36)}`;
		const open = async () => {
			const db = await openDatabase({ databaseUrl: url, sqlitePath: '', pgSchema: schema });
			await migrate(db);
			return db;
		};
		const sibling = () => openDatabase({ databaseUrl: url, sqlitePath: '', pgSchema: schema });
		try {
			results.push(await run('postgres', open, sibling));
		} finally {
			const client = new pg.Client({ connectionString: url });
			await client.connect();
			await client.query(`drop schema if exists ${schema} cascade`);
			await client.end();
		}
	} else {
		console.warn(`[skipped] PostgreSQL event bench: nothing answers at ${url} (set BENCH_PG_URL)`);
	}
	const dir = mkdtempSync(join(tmpdir(), 'linli-bench-events-'));
	try {
		let first: Database | undefined;
		results.push(
			await run(
				'sqlite',
				async () => {
					first = await openDatabase({ sqlitePath: join(dir, 'b.sqlite') });
					await migrate(first);
					return first;
				},
				// One SQLite file has one server process: the same pool.
				async () => first!
			)
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	for (const r of results) {
		rows.push({
			name: `${PEOPLE} simultaneous sign-ups, one role of ${PLACES} (${r.name})`,
			value: ms(r.elapsed),
			budget: r.name === 'postgres' ? '≤ 5000 ms' : undefined,
			pass: r.name === 'postgres' ? r.elapsed <= 5000 : true
		});
		rows.push({
			name: `  confirmed / waitlisted / distinct residents (${r.name})`,
			value: `${r.confirmed}/${r.waitlisted}/${r.distinct}`,
			budget: `${PLACES}/${PEOPLE - PLACES}/${PEOPLE}`,
			pass: r.confirmed === PLACES && r.waitlisted === PEOPLE - PLACES && r.distinct === PEOPLE
		});
	}
	save('events', results);
	return report('Event sign-ups (issue 12)', rows);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	process.exit((await benchEvents()) ? 0 : 1);
}
