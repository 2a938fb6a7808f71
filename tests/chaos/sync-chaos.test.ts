/**
 * Randomized fault injection: three devices (two of them one resident's phones) make random
 * local changes while the network loses, repeats, reorders and delays requests, the server
 * "fails", and devices crash between saving and sending. After a quiet period every device must
 * match the server's view for its resident, and no change may be lost or applied twice.
 *
 * Real client code (db, outbox, push, pull, engine, HTTP transport) and real server code
 * (handlers, validation, push, pull) on a real SQLite database, and on PostgreSQL too when
 * TEST_DATABASE_URL is set; only the network is simulated. LINLI_CHAOS_RUNS sets the number of
 * runs on SQLite (default 200; npm run test:chaos -- --runs 5000), LINLI_CHAOS_PG_RUNS on
 * PostgreSQL (default 50).
 */
import fc from 'fast-check';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { LinliDb } from '../../src/lib/db/schema';
import { commitLocalChange } from '../../src/lib/sync/local-change';
import { linkCode, linkDevice, SyncEngine, type SyncResult } from '../../src/lib/sync/engine';
import { getMeta } from '../../src/lib/sync/meta';
import { HttpTransport } from '../../src/lib/sync/transport';
import type { Database } from '../../src/lib/server/db/connect';
import { pullChanges } from '../../src/lib/server/sync/pull';
import { tidy } from '../../src/lib/server/retention';
import { createRegistry, type MutationHandler } from '../../src/lib/server/sync/types';
import {
	createNotesTable,
	noteDelete,
	notePut,
	notesCollection
} from '../integration/support/notes';
import { backends, type Backend } from '../integration/support/backends';
import { serveRequest, testContext } from '../integration/support/server';
import { ChaosNetwork, FAULTS, Rng } from './network';

const RUNS = Number(process.env.LINLI_CHAOS_RUNS || 200);
const PG_RUNS = Number(process.env.LINLI_CHAOS_PG_RUNS || 50);
const NOTE_IDS = ['a', 'b', 'c', 'd', 'e'];
let answersTidied = 0;

/** The notes handlers, each application also written to a log in the same transaction. */
function loggedRegistry() {
	const logged = (handler: MutationHandler<never>): MutationHandler<never> => ({
		...handler,
		async apply(ctx, payload) {
			const result = await handler.apply(ctx, payload);
			const { id, body } = payload as { id: string; body?: string };
			await sql`insert into test_apply_log (client_id, type, note_id, body, resident_id) values (${ctx.actor.clientId}, ${handler.type}, ${id}, ${body ?? null}, ${ctx.actor.residentId})`.execute(
				ctx.trx
			);
			return result;
		}
	});
	return createRegistry(
		[logged(notePut as MutationHandler<never>), logged(noteDelete as MutationHandler<never>)],
		[notesCollection]
	);
}

type Action =
	| { kind: 'put'; device: number; note: number }
	| { kind: 'delete'; device: number; note: number }
	| { kind: 'sync'; device: number; wait: boolean }
	| { kind: 'crash'; device: number }
	| { kind: 'deliver' };

const action: fc.Arbitrary<Action> = fc.oneof(
	{
		arbitrary: fc.record({
			kind: fc.constant('put' as const),
			device: fc.nat(2),
			note: fc.nat(NOTE_IDS.length - 1)
		}),
		weight: 5
	},
	{
		arbitrary: fc.record({
			kind: fc.constant('delete' as const),
			device: fc.nat(2),
			note: fc.nat(NOTE_IDS.length - 1)
		}),
		weight: 2
	},
	{
		arbitrary: fc.record({
			kind: fc.constant('sync' as const),
			device: fc.nat(2),
			wait: fc.boolean()
		}),
		weight: 4
	},
	{ arbitrary: fc.record({ kind: fc.constant('crash' as const), device: fc.nat(2) }), weight: 1 },
	{ arbitrary: fc.constant({ kind: 'deliver' as const }), weight: 1 }
);

class Device {
	readonly factory = new IDBFactory();
	db!: LinliDb;
	engine!: SyncEngine;
	transport!: HttpTransport;
	generation = 0;
	readonly running: Promise<SyncResult>[] = [];
	counter = 0;

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
			lockName: `device-${this.index}-${generation}`
		});
	}

	/** The app dies: nothing in memory survives, what was committed to IndexedDB does. */
	crash() {
		this.db.close();
		this.open();
	}

	async put(note: string) {
		const body = `${this.index}:${++this.counter}`;
		await commitLocalChange(this.db, {
			collection: 'notes',
			id: note,
			data: { id: note, body },
			mutation: { type: 'note.put', payload: { id: note, body } }
		});
	}

	async delete(note: string) {
		const row = await this.db.records.get(['notes', note]);
		if (!row || row.data === null) return; // nothing on screen to delete
		await commitLocalChange(this.db, {
			collection: 'notes',
			id: note,
			data: null,
			mutation: { type: 'note.delete', payload: { id: note } }
		});
	}

	async settle() {
		await Promise.allSettled(this.running.splice(0));
	}
}

async function serverView(
	database: Database,
	registry: ReturnType<typeof loggedRegistry>,
	residentId: string
) {
	const view = new Map<string, unknown>();
	let cursor = 0;
	for (;;) {
		const page = await pullChanges(database, registry, residentId, cursor, 500);
		for (const change of page.changes) {
			if (change.deleted) view.delete(change.id);
			else view.set(change.id, change.data);
		}
		cursor = page.cursor;
		if (!page.more) return view;
	}
}

async function run(backend: Backend, seed: number, actions: Action[]) {
	const database = await backend.open();
	try {
		await createNotesTable(database);
		const serial =
			database.dialect === 'postgres'
				? 'bigint generated always as identity primary key'
				: 'integer primary key autoincrement';
		await sql`create table test_apply_log (id ${sql.raw(serial)}, client_id text not null, type text not null, note_id text not null, body text, resident_id text not null)`.execute(
			database.db
		);
		await sql`create table test_results_archive (client_id text not null, seq integer not null, status text not null, primary key (client_id, seq))`.execute(
			database.db
		);
		const registry = loggedRegistry();
		const ctx = testContext(database, registry);
		// Housekeeping may run at any moment: the answers it drops must never be missed. (The test
		// keeps a copy of every answer, for its own count at the end.)
		const housekeeping = async () => {
			await sql`insert into test_results_archive select client_id, seq, status from mutation_results where true on conflict do nothing`.execute(
				database.db
			);
			answersTidied += (await tidy(ctx)).answers;
		};
		const network = new ChaosNetwork(new Rng(seed), (request) => serveRequest(ctx, request));
		const devices = [0, 1, 2].map((i) => new Device(i, network));

		// Devices 0 and 1 are one resident's two phones (linked while the network is calm).
		network.calm = true;
		const { code } = await linkCode(devices[0]!.engine, devices[0]!.db, devices[0]!.transport);
		await linkDevice(devices[1]!.engine, devices[1]!.db, devices[1]!.transport, code);
		network.calm = false;

		for (const step of actions) {
			if (step.kind === 'deliver') {
				await network.deliverHeld();
				await housekeeping();
				continue;
			}
			const device = devices[step.device]!;
			const note = 'note' in step ? NOTE_IDS[step.note]! : '';
			if (step.kind === 'put') await device.put(note);
			else if (step.kind === 'delete') await device.delete(note);
			else if (step.kind === 'crash') device.crash();
			else {
				const syncing = device.engine.sync();
				device.running.push(syncing);
				if (step.wait) await syncing;
			}
		}

		// Quiet period: the network heals, held-back requests arrive, every device syncs.
		network.calm = true;
		await network.deliverHeld(true);
		for (const device of devices) await device.settle();
		for (let round = 0; round < 3; round++) {
			for (const device of devices) {
				const result = await device.engine.sync();
				expect(result, `device ${device.index} final sync`).toMatchObject({ ok: true });
			}
			if (round === 1) await housekeeping();
		}

		for (const device of devices) {
			const { db } = device;
			expect(await db.outbox.count(), `device ${device.index}: outbox empty`).toBe(0);
			const residentId = (await getMeta(db, 'residentId'))!;
			const { clientId } = (await getMeta(db, 'credentials'))!;
			const local = new Map(
				(await db.records.where('collection').equals('notes').toArray())
					.filter((r) => r.data !== null)
					.map((r) => [r.id, r.data])
			);
			expect(Object.fromEntries(local), `device ${device.index} matches the server`).toEqual(
				Object.fromEntries(await serverView(database, registry, residentId))
			);
			expect(await db.records.where('state').equals('pending').count()).toBe(0);

			// Nothing lost: the server took every change this device saved, in order (it refuses
			// gaps), and still holds the answer to each one the device may not have received yet
			// (housekeeping drops only answers the device has certainly received).
			const made = ((await getMeta(db, 'nextSeq')) ?? 1) - 1;
			const client = await database.db
				.selectFrom('clients')
				.select(['last_seq', 'acked_seq'])
				.where('id', '=', clientId)
				.executeTakeFirstOrThrow();
			expect(client.last_seq, `device ${device.index}: every change reached the server`).toBe(made);
			const results = await database.db
				.selectFrom('mutation_results')
				.select('seq')
				.where('client_id', '=', clientId)
				.orderBy('seq')
				.execute();
			const kept = results.map((r) => r.seq);
			const from = kept[0] ?? made + 1;
			expect(from, `device ${device.index}: answers kept`).toBeLessThanOrEqual(
				client.acked_seq + 1
			);
			expect(kept, `device ${device.index}: a result per unanswered change`).toEqual(
				Array.from({ length: made - from + 1 }, (_, i) => from + i)
			);
		}

		// Nothing applied twice, and the notes are exactly the log's applied changes replayed.
		const log = (
			await sql<{
				client_id: string;
				type: string;
				note_id: string;
				body: string | null;
				resident_id: string;
			}>`select client_id, type, note_id, body, resident_id from test_apply_log order by id`.execute(
				database.db
			)
		).rows;
		const applied = (
			await sql<{
				n: number;
			}>`select count(*) as n from (select client_id, seq, status from mutation_results union select client_id, seq, status from test_results_archive) as answers where status = 'applied'`.execute(
				database.db
			)
		).rows[0]!.n;
		expect(log.length).toBe(applied);
		const replay = new Map<string, string>();
		for (const entry of log) {
			if (entry.type === 'note.put') replay.set(entry.note_id, entry.body!);
			else replay.delete(entry.note_id);
		}
		const notes = (
			await sql<{ id: string; body: string }>`select id, body from test_notes`.execute(database.db)
		).rows;
		expect(Object.fromEntries(notes.map((n) => [n.id, n.body]))).toEqual(
			Object.fromEntries(replay)
		);
		return network.counts;
	} finally {
		await backend.cleanup();
	}
}

for (const backend of backends()) {
	// A run on PostgreSQL makes a schema and migrates it: fewer runs there (LINLI_CHAOS_PG_RUNS).
	const runs = backend.name === 'postgres' ? PG_RUNS : RUNS;
	describe(`sync under a hostile network, server on ${backend.name}`, () => {
		it(`converges, loses nothing and applies nothing twice (${runs} random runs)`, async () => {
			const totals: Record<string, number> = {};
			answersTidied = 0;
			await fc.assert(
				fc.asyncProperty(
					fc.integer(),
					fc.array(action, { minLength: 5, maxLength: 40 }),
					async (seed, actions) => {
						const counts = await run(backend, seed, actions);
						for (const [fault, n] of Object.entries(counts))
							totals[fault] = (totals[fault] ?? 0) + n;
					}
				),
				{
					numRuns: runs,
					...(process.env.LINLI_CHAOS_SEED ? { seed: Number(process.env.LINLI_CHAOS_SEED) } : {}),
					// Replays one failing run exactly: the seed and path fast-check printed.
					...(process.env.LINLI_CHAOS_PATH
						? { path: process.env.LINLI_CHAOS_PATH, endOnFailure: true }
						: {})
				}
			);
			// The faults really happened (a test whose network never failed would prove nothing).
			for (const fault of FAULTS) expect(totals[fault], fault).toBeGreaterThan(0);
			expect(answersTidied, 'housekeeping dropped answers during the runs').toBeGreaterThan(0);
			console.log(
				`chaos on ${backend.name}: ${runs} runs, requests by fate: ${JSON.stringify(totals)}, answers tidied: ${answersTidied}`
			);
		}, 1_200_000);
	});
}
