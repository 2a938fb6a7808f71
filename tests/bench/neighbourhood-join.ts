// A new phone joining one neighbourhood of many (issue 10): 100 neighbourhoods, 1,000 residents in
// each (each with their own volunteer record in the change log, as a push leaves it), 20 tasks and
// 20 announcements in each. The built app serves it on loopback; a phone (the real client sync
// engine and HTTP transport, on fake-indexeddb) registers, joins one neighbourhood with its code and
// syncs. Budgets: fully synced in ≤ 1 s after the join, and it pulls ≤ 1% of the server's records
// (every row of the change log: what any device could pull). SQLite, and PostgreSQL when reachable.
//   npx tsx tests/bench/neighbourhood-join.ts   (after npm run build)
import { randomUUID } from 'node:crypto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { Insertable } from 'kysely';
import type { Database } from '../../src/lib/server/db/connect';
import type { ChangesTable, ResidentsTable } from '../../src/lib/server/db/schema';
import { migrate } from '../../src/lib/server/db/migrate';
import { createAnnouncement } from '../../src/lib/server/announcements/store';
import { createNeighbourhood, getNeighbourhood } from '../../src/lib/server/neighbourhoods/store';
import { withChanges } from '../../src/lib/server/sync/write';
import { createTask } from '../../src/lib/server/volunteers/tasks';
import { LinliDb } from '../../src/lib/db/schema';
import { joinNeighbourhood, SyncEngine } from '../../src/lib/sync/engine';
import { HttpTransport } from '../../src/lib/sync/transport';
import { ms, report, save, startApp, type Row } from './lib';
import { onEachDatabase } from './setup';

const HOODS = 100;
const RESIDENTS_PER_HOOD = 1000;
const TASKS_PER_HOOD = 20;
const ANNOUNCEMENTS_PER_HOOD = 20;
const HOUR = 3_600_000;

/** The neighbourhoods and their shared records, through the app's own writers (the change log). */
async function seedHoods(database: Database, now: number): Promise<string[]> {
	const ids: string[] = [];
	for (let h = 0; h < HOODS; h++) {
		const id = await createNeighbourhood(
			database.db,
			{
				names: { en: `Estate ${h}`, 'zh-Hant': `第 ${h} 邨`, 'zh-Hans': `第 ${h} 村` },
				description: '',
				region: 'hk',
				timeZone: 'Asia/Hong_Kong'
			},
			now
		);
		ids.push(id);
		await withChanges(database, async (trx, changes) => {
			for (let t = 0; t < TASKS_PER_HOOD; t++) {
				const startsAt = now + (t + 1) * 24 * HOUR;
				await createTask(
					trx,
					changes,
					{
						title: `Task ${t} of estate ${h}`,
						place: `Block ${t}`,
						address: '',
						startsAt,
						endsAt: startsAt + 2 * HOUR,
						skills: [],
						slots: 5
					},
					'bench',
					now,
					id
				);
			}
			for (let a = 0; a < ANNOUNCEMENTS_PER_HOOD; a++)
				await createAnnouncement(
					trx,
					changes,
					{
						neighbourhoodId: id,
						kind: a === 0 ? 'urgent' : 'notice',
						texts: { en: { title: `Notice ${a}`, body: `Lift maintenance on floor ${a}.` } },
						pinned: false
					},
					'bench',
					now
				);
		});
	}
	return ids;
}

/**
 * The residents and their own records, as their pushes leave them: a resident row and one change
 * row each, for that resident's devices only (inserted in bulk: 100,000 pushes would take long).
 */
async function seedResidents(database: Database, now: number) {
	const total = HOODS * RESIDENTS_PER_HOOD;
	for (let start = 0; start < total; start += 1000) {
		const residents: Insertable<ResidentsTable>[] = [];
		const changes: Insertable<ChangesTable>[] = [];
		for (let i = start; i < Math.min(total, start + 1000); i++) {
			const id = randomUUID();
			residents.push({ id, created_at: now });
			changes.push({
				collection: 'volunteer',
				record_id: randomUUID(),
				audience: `r:${id}`,
				deleted: 0,
				at: now
			});
		}
		await database.db.transaction().execute(async (trx) => {
			await trx.insertInto('residents').values(residents).execute();
			await trx.insertInto('changes').values(changes).execute();
		});
	}
}

async function count(database: Database, table: 'changes' | 'residents') {
	const row = await database.db
		.selectFrom(table)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function benchNeighbourhoodJoin(): Promise<boolean> {
	const rows: Row[] = [];
	const results = await onEachDatabase(4360, async (target, port) => {
		const now = Date.now();
		const database = await target.open();
		let joinCode: string;
		let serverRecords: number;
		const seedStart = performance.now();
		try {
			await migrate(database);
			const hoods = await seedHoods(database, now);
			await seedResidents(database, now);
			joinCode = (await getNeighbourhood(database.db, hoods[HOODS / 2]!))!.joinCode;
			serverRecords = await count(database, 'changes');
		} finally {
			await database.close();
		}
		const seeded = performance.now() - seedStart;
		const stop = await startApp(port, { ...target.env, LINLI_RATE_IP_PER_MINUTE: '1000000' });
		try {
			const db = new LinliDb(`bench-join-${port}`, { indexedDB: new IDBFactory(), IDBKeyRange });
			const transport = new HttpTransport(`http://127.0.0.1:${port}`, 30_000);
			const engine = new SyncEngine({ database: async () => db, transport });
			const first = await engine.sync(); // registers the phone: nothing to pull yet
			if (!first.ok) throw new Error(`first sync failed: ${first.problem}`);
			const before = await db.records.count();
			const started = performance.now();
			await joinNeighbourhood(engine, db, transport, joinCode);
			const synced = await engine.sync();
			const elapsed = performance.now() - started;
			if (!synced.ok) throw new Error(`sync after the join failed: ${synced.problem}`);
			const held = await db.records.toArray();
			const byCollection: Record<string, number> = {};
			for (const record of held)
				byCollection[record.collection] = (byCollection[record.collection] ?? 0) + 1;
			db.close();
			return { seeded, elapsed, before, pulled: held.length, byCollection, serverRecords };
		} finally {
			await stop();
		}
	});
	for (const [name, r] of Object.entries(results)) {
		const share = r.pulled / r.serverRecords;
		const complete =
			r.byCollection.task === TASKS_PER_HOOD &&
			r.byCollection.announcement === ANNOUNCEMENTS_PER_HOOD;
		rows.push(
			{
				name: `${name}: join one of ${HOODS} neighbourhoods, then fully synced`,
				value: ms(r.elapsed),
				budget: '≤ 1000 ms',
				pass: r.elapsed <= 1000
			},
			{
				name: `${name}: records pulled / on the server (its own ${TASKS_PER_HOOD} tasks and ${ANNOUNCEMENTS_PER_HOOD} announcements)`,
				value: `${r.pulled} / ${r.serverRecords}`,
				budget: '≤ 1%, all of its own',
				pass: share <= 0.01 && complete
			}
		);
		console.log(
			`  ${name}: seeded in ${(r.seeded / 1000).toFixed(1)} s; the phone holds ${JSON.stringify(r.byCollection)} (${(share * 100).toFixed(3)}%)`
		);
	}
	save('neighbourhood-join', results);
	return report('Joining one neighbourhood of many (issue 10)', rows);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	process.exit((await benchNeighbourhoodJoin()) ? 0 : 1);
}
