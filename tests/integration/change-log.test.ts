/**
 * The change log's writer: a device push writes its changes and commits in one go
 * (ChangeRecorder.flushAndCommit; on PostgreSQL the last rows and the commit share one round trip,
 * their values quoted into the statement). What must hold: every row arrives verbatim, whatever
 * characters an id holds; a batch larger than one statement is written whole, each row on its own
 * seq; the transaction is committed (another connection sees it) and its connection goes back to
 * the pool; a failed write commits nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/connect';
import { ChangeRecorder } from '../../src/lib/server/sync/changes';
import { residentAudience } from '../../src/lib/server/sync/types';
import { backends } from './support/backends';

const AWKWARD = [
	"o'brien",
	'back\\slash',
	"'); drop table changes; --",
	'$1 $$ dollar',
	'鄰里 ＆ 邻里 \u{1F600}',
	'new\nline'
];

describe.each(backends())('the change log on $name', (backend) => {
	afterAll(() => backend.cleanup());

	async function commitChanges(database: Database, ids: string[], audience: string, at = 1_000) {
		const trx = await database.db.startTransaction().execute();
		try {
			const changes = new ChangeRecorder(trx, database.dialect, at);
			for (const id of ids) await changes.changed('bench.things', id, audience as `r:${string}`);
			await changes.flushAndCommit(trx);
		} catch (error) {
			await trx.rollback().execute();
			throw error;
		}
	}

	it('writes ids with quotes, backslashes and other characters verbatim, and commits', async () => {
		const database = await backend.open();
		const reader = backend.sibling ? await backend.sibling(database) : database;
		const audience = residentAudience("r'esident\\1");
		await commitChanges(database, AWKWARD, audience);
		const rows = await reader.db
			.selectFrom('changes')
			.select(['record_id', 'audience', 'deleted', 'at', 'seq'])
			.where('collection', '=', 'bench.things')
			.orderBy('seq')
			.execute();
		expect(rows.map((r) => r.record_id)).toEqual(AWKWARD);
		expect(new Set(rows.map((r) => r.audience))).toEqual(new Set([audience]));
		expect(rows.every((r) => Number(r.deleted) === 0 && Number(r.at) === 1_000)).toBe(true);
		// The table is still there, and holds nothing else than these.
		expect(await reader.db.selectFrom('changes').select('seq').execute()).toHaveLength(
			AWKWARD.length
		);
	});

	it('writes a batch larger than one statement whole, each row on a seq of its own', async () => {
		const database = await backend.open();
		const reader = backend.sibling ? await backend.sibling(database) : database;
		const ids = Array.from({ length: 650 }, () => randomUUID());
		await commitChanges(database, ids, residentAudience('one'));
		const rows = await reader.db
			.selectFrom('changes')
			.select(['record_id', 'seq'])
			.orderBy('seq')
			.execute();
		expect(rows.map((r) => r.record_id)).toEqual(ids);
		expect(new Set(rows.map((r) => Number(r.seq))).size).toBe(650);
		// A record noted again moves to a new seq; it is not written twice.
		await commitChanges(database, [ids[0]!], residentAudience('one'), 2_000);
		const moved = await reader.db
			.selectFrom('changes')
			.select(['seq', 'at'])
			.where('record_id', '=', ids[0]!)
			.execute();
		expect(moved).toHaveLength(1);
		expect(Number(moved[0]!.seq)).toBeGreaterThan(Math.max(...rows.map((r) => Number(r.seq))));
		expect(Number(moved[0]!.at)).toBe(2_000);
	});

	it('gives each connection back: more commits than the pool has connections, one after another and at once', async () => {
		const database = await backend.open();
		for (let i = 0; i < 15; i++) await commitChanges(database, [`seq-${i}`], residentAudience('a'));
		await Promise.all(
			Array.from({ length: 25 }, (_, i) =>
				commitChanges(database, [`par-${i}`], residentAudience(`p${i}`))
			)
		);
		const count = await database.db
			.selectFrom('changes')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(count.n)).toBe(40);
	});

	it('writes a statement run in the same round trip with its values verbatim', async () => {
		const database = await backend.open();
		const reader = backend.sibling ? await backend.sibling(database) : database;
		const detail = JSON.stringify({ note: AWKWARD.join(' | '), dollar: '$1 $2' });
		await database.db.insertInto('residents').values({ id: 'res-1', created_at: 1 }).execute();
		await database.db
			.insertInto('clients')
			.values({
				id: 'client-1',
				resident_id: 'res-1',
				secret_hash: 'x',
				created_at: 1,
				last_seen_at: 1,
				last_seq: 0,
				acked_seq: 0
			})
			.execute();
		// (SQLite has one connection: the rows above go in before the transaction begins.)
		const trx = await database.db.startTransaction().execute();
		const changes = new ChangeRecorder(trx, database.dialect, 5);
		await changes.changed('bench.things', 'with-answer', residentAudience('a'));
		await changes.flushAndCommit(
			trx,
			trx
				.insertInto('mutation_results')
				.values({ client_id: 'client-1', seq: 1, status: 'rejected', code: "it's", detail, at: 7 })
				.compile()
		);
		const row = await reader.db
			.selectFrom('mutation_results')
			.selectAll()
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({ client_id: 'client-1', code: "it's", detail });
		expect(Number(row.at)).toBe(7);
		expect(await reader.db.selectFrom('changes').select('record_id').execute()).toEqual([
			{ record_id: 'with-answer' }
		]);
	});

	it('commits nothing when the write fails', async () => {
		const database = await backend.open();
		const trx = await database.db.startTransaction().execute();
		const changes = new ChangeRecorder(trx, database.dialect, Number.NaN);
		await changes.changed('bench.things', 'lost', residentAudience('a'));
		await expect(changes.flushAndCommit(trx)).rejects.toThrow();
		await trx.rollback().execute();
		const rows = await database.db.selectFrom('changes').select('seq').execute();
		expect(rows).toHaveLength(0);
	});
});
