/**
 * Joining and leaving neighbourhoods under a hostile network (issue 10): three phones join and
 * leave two neighbourhoods at random while organizers post tasks there, syncs run (some left
 * running), the network loses, repeats, holds back and fails requests, and phones crash. A
 * resident whose join or leave came back with an error tries again, as the app asks them to; after
 * a quiet period every phone must hold exactly the tasks of the neighbourhoods the server says it
 * follows: none missed (the join backfill and the cursor), none left over from one it left.
 *
 * Real client code (engine, join, leave, HTTP transport) and real server code on SQLite, and on
 * PostgreSQL when TEST_DATABASE_URL is set; only the network is simulated. LINLI_CHAOS_RUNS and
 * LINLI_CHAOS_PG_RUNS set the number of runs, as in sync-chaos.test.ts (a quarter of them here).
 */
import fc from 'fast-check';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { LinliDb } from '../../src/lib/db/schema';
import {
	joinNeighbourhood,
	leaveNeighbourhood,
	SyncEngine,
	type SyncResult
} from '../../src/lib/sync/engine';
import { getMeta } from '../../src/lib/sync/meta';
import { HttpTransport } from '../../src/lib/sync/transport';
import type { Database } from '../../src/lib/server/db/connect';
import { createNeighbourhood, getNeighbourhood } from '../../src/lib/server/neighbourhoods/store';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import { withChanges } from '../../src/lib/server/sync/write';
import { createTask } from '../../src/lib/server/volunteers/tasks';
import { backends, type Backend } from '../integration/support/backends';
import { serveRequest, testContext } from '../integration/support/server';
import { ChaosNetwork, Rng } from './network';

const RUNS = Math.max(10, Math.round(Number(process.env.LINLI_CHAOS_RUNS || 200) / 4));
const PG_RUNS = Math.max(5, Math.round(Number(process.env.LINLI_CHAOS_PG_RUNS || 50) / 4));
const HOUR = 3_600_000;

type Action =
	| { kind: 'join'; device: number; hood: number }
	| { kind: 'leave'; device: number; hood: number }
	| { kind: 'post'; hood: number }
	| { kind: 'sync'; device: number; wait: boolean }
	| { kind: 'crash'; device: number }
	| { kind: 'deliver' };

const device = fc.nat(2);
const hood = fc.nat(1);
const action: fc.Arbitrary<Action> = fc.oneof(
	{ arbitrary: fc.record({ kind: fc.constant('join' as const), device, hood }), weight: 4 },
	{ arbitrary: fc.record({ kind: fc.constant('leave' as const), device, hood }), weight: 3 },
	{ arbitrary: fc.record({ kind: fc.constant('post' as const), hood }), weight: 3 },
	{
		arbitrary: fc.record({ kind: fc.constant('sync' as const), device, wait: fc.boolean() }),
		weight: 4
	},
	{ arbitrary: fc.record({ kind: fc.constant('crash' as const), device }), weight: 1 },
	{ arbitrary: fc.constant({ kind: 'deliver' as const }), weight: 1 }
);

class Phone {
	readonly factory = new IDBFactory();
	db!: LinliDb;
	engine!: SyncEngine;
	transport!: HttpTransport;
	generation = 0;
	readonly running: Promise<unknown>[] = [];
	/** What the resident last asked for, per neighbourhood: join or leave. */
	readonly wants = new Map<string, 'join' | 'leave'>();

	constructor(
		readonly index: number,
		private readonly network: ChaosNetwork
	) {
		this.open();
	}

	open() {
		const generation = ++this.generation;
		this.db = new LinliDb('linli', { indexedDB: this.factory, IDBKeyRange });
		this.transport = new HttpTransport(
			'http://linli.test',
			5_000,
			this.network.fetchFor(() => this.generation === generation)
		);
		const db = this.db;
		this.engine = new SyncEngine({
			database: async () => db,
			transport: this.transport,
			lockName: `phone-${this.index}-${generation}`
		});
	}

	crash() {
		this.db.close();
		this.open();
	}

	/** Join or leave as the app does; an error is what the resident sees, and they try again later. */
	async ask(what: 'join' | 'leave', hood: { id: string; joinCode: string }) {
		this.wants.set(hood.id, what);
		try {
			if (what === 'join')
				await joinNeighbourhood(this.engine, this.db, this.transport, hood.joinCode);
			else await leaveNeighbourhood(this.db, this.transport, hood.id);
		} catch {
			// offline, or the answer was lost: the page says so
		}
	}

	async settle() {
		await Promise.allSettled(this.running.splice(0));
	}
}

async function run(backend: Backend, seed: number, actions: Action[]) {
	const database: Database = await backend.open();
	try {
		const now = Date.now();
		// Two neighbourhoods besides the default one: a new phone follows none of them.
		const hoods = [];
		for (const name of ['A', 'B']) {
			const id = await createNeighbourhood(database.db, {
				names: { en: `Estate ${name}`, 'zh-Hant': '', 'zh-Hans': '' },
				description: '',
				region: 'hk',
				timeZone: 'Asia/Hong_Kong'
			});
			hoods.push((await getNeighbourhood(database.db, id))!);
		}
		const tasksOf = new Map<string, string[]>(hoods.map((h) => [h.id, []]));
		let posted = 0;
		const post = async (neighbourhoodId: string) => {
			const startsAt = now + (++posted + 24) * HOUR;
			const id = await withChanges(database, (trx, changes, at) =>
				createTask(
					trx,
					changes,
					{
						title: `Task ${posted}`,
						place: 'Lobby',
						address: '',
						startsAt,
						endsAt: startsAt + HOUR,
						skills: [],
						slots: 3
					},
					'organizer',
					at,
					neighbourhoodId
				)
			);
			tasksOf.get(neighbourhoodId)!.push(id);
		};
		for (const h of hoods) await post(h.id);

		const ctx = testContext(database, productionRegistry());
		const network = new ChaosNetwork(new Rng(seed), (request) => serveRequest(ctx, request));
		const phones = [0, 1, 2].map((i) => new Phone(i, network));

		for (const step of actions) {
			if (step.kind === 'deliver') await network.deliverHeld();
			else if (step.kind === 'post') await post(hoods[step.hood]!.id);
			else if (step.kind === 'crash') phones[step.device]!.crash();
			else if (step.kind === 'sync') {
				const syncing: Promise<SyncResult> = phones[step.device]!.engine.sync();
				phones[step.device]!.running.push(syncing);
				if (step.wait) await syncing;
			} else {
				// Some are left running while other things happen, like a tap while a sync runs.
				const phone = phones[step.device]!;
				const asking = phone.ask(step.kind, hoods[step.hood]!);
				phone.running.push(asking);
				if (seed % 2 === 0) await asking;
			}
		}

		// Quiet period: the network heals, held-back requests arrive, running work ends; a resident
		// whose last join or leave failed tries again; every phone syncs.
		network.calm = true;
		await network.deliverHeld(true);
		for (const phone of phones) await phone.settle();
		for (const phone of phones)
			for (const h of hoods) {
				const want = phone.wants.get(h.id);
				if (want) await phone.ask(want, h);
			}
		for (let round = 0; round < 2; round++)
			for (const phone of phones) {
				const result = await phone.engine.sync();
				expect(result, `phone ${phone.index} final sync`).toMatchObject({ ok: true });
			}

		for (const phone of phones) {
			const credentials = await getMeta(phone.db, 'credentials');
			const followed = credentials
				? (
						await database.db
							.selectFrom('device_follows')
							.select('neighbourhood_id')
							.where('client_id', '=', credentials.clientId)
							.execute()
					).map((r) => r.neighbourhood_id)
				: [];
			// The server did what the resident last asked.
			for (const h of hoods)
				expect(
					followed.includes(h.id),
					`phone ${phone.index} follows ${h.names.en} on the server`
				).toBe(phone.wants.get(h.id) === 'join');
			// The phone holds exactly those neighbourhoods' tasks.
			const held = (await phone.db.records.where('collection').equals('task').toArray())
				.filter((r) => r.data !== null)
				.map((r) => r.id)
				.sort();
			const expected = followed.flatMap((id) => tasksOf.get(id) ?? []).sort();
			expect(held, `phone ${phone.index} holds the tasks of what it follows`).toEqual(expected);
		}
		return network.counts;
	} finally {
		await backend.cleanup();
	}
}

for (const backend of backends()) {
	const runs = backend.name === 'postgres' ? PG_RUNS : RUNS;
	describe(`joining and leaving under a hostile network, server on ${backend.name}`, () => {
		it(`each phone ends with exactly its neighbourhoods' tasks (${runs} random runs)`, async () => {
			const totals: Record<string, number> = {};
			await fc.assert(
				fc.asyncProperty(
					fc.integer(),
					fc.array(action, { minLength: 5, maxLength: 30 }),
					async (seed, actions) => {
						const counts = await run(backend, seed, actions);
						for (const [fault, n] of Object.entries(counts))
							totals[fault] = (totals[fault] ?? 0) + n;
					}
				),
				{
					numRuns: runs,
					...(process.env.LINLI_CHAOS_SEED ? { seed: Number(process.env.LINLI_CHAOS_SEED) } : {}),
					...(process.env.LINLI_CHAOS_PATH
						? { path: process.env.LINLI_CHAOS_PATH, endOnFailure: true }
						: {})
				}
			);
			// The network really failed during the runs.
			expect((totals.dropResponse ?? 0) + (totals.dropRequest ?? 0)).toBeGreaterThan(0);
			console.log(`follow chaos on ${backend.name}: ${runs} runs, ${JSON.stringify(totals)}`);
		}, 1_200_000);
	});
}
