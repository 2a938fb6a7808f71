import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/lib/server/db/connect';

describe('SQLite WAL checkpoints off the request thread', () => {
	let dir = '';
	let database: Database | undefined;
	afterEach(async () => {
		await database?.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('moves committed pages into the database file without the writer checkpointing', async () => {
		dir = mkdtempSync(join(tmpdir(), 'linli-ckpt-'));
		const path = join(dir, 'linli.db');
		database = await openDatabase({ sqlitePath: path });
		const { db } = database;
		await sql`create table blobs (id integer primary key, body text not null)`.execute(db);
		const before = statSync(path).size;
		// About 2 MB in 50 commits: far below the writer's own threshold of 20,000 pages.
		for (let i = 0; i < 50; i++)
			await sql`insert into blobs (body) values (${'x'.repeat(40_000)})`.execute(db);
		expect(statSync(`${path}-wal`).size).toBeGreaterThan(1_000_000);
		await expect
			.poll(() => statSync(path).size, { timeout: 5000, interval: 100 })
			.toBeGreaterThan(before + 1_500_000);
	});

	it('stops cleanly: close removes the WAL and the data is all there', async () => {
		dir = mkdtempSync(join(tmpdir(), 'linli-ckpt-'));
		const path = join(dir, 'linli.db');
		database = await openDatabase({ sqlitePath: path });
		await sql`create table t (n integer)`.execute(database.db);
		for (let i = 0; i < 100; i++) await sql`insert into t values (${i})`.execute(database.db);
		await database.close();
		database = await openDatabase({ sqlitePath: path });
		const { rows } = await sql<{ c: number }>`select count(*) as c from t`.execute(database.db);
		expect(rows[0]?.c).toBe(100);
	});
});
