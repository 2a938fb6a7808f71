/**
 * Disaster recovery: the server's database is restored from a backup that predates a device.
 * The device's credentials are unknown there, and changes are still waiting on the phone from
 * seq N on. The device registers again, its waiting changes go through (no "seq gap" forever),
 * and it reads the restored server's change log from the start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { getMeta } from '../../src/lib/sync/meta';
import { openDatabase, type Database } from '../../src/lib/server/db/connect';
import { migrate } from '../../src/lib/server/db/migrate';
import { createNotesTable, notesRegistry } from '../integration/support/notes';
import { testPhone } from '../integration/support/phone';
import { testContext } from '../integration/support/server';

const dirs: string[] = [];
const open: Database[] = [];
afterEach(async () => {
	for (const database of open.splice(0)) await database.close();
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function freshServer() {
	const dir = mkdtempSync(join(tmpdir(), 'linli-restore-'));
	dirs.push(dir);
	const database = await openDatabase({ sqlitePath: join(dir, 'server.sqlite') });
	open.push(database);
	await migrate(database);
	await createNotesTable(database);
	return { database, ctx: testContext(database, notesRegistry()) };
}

it('a device the server lost registers again, and its waiting changes go through', async () => {
	let server = await freshServer();
	const { db, engine, note } = testPhone(() => server.ctx);

	for (const id of ['a', 'b', 'c']) await note(id, `first ${id}`);
	expect(await engine.sync()).toMatchObject({ ok: true, pushed: 3 });
	expect(await getMeta(db, 'cursor')).toBeGreaterThan(0);

	// The server comes back from a backup taken before this device ever registered.
	server = await freshServer();
	await note('d', 'written after the backup');
	await note('a', 'edited after the backup');

	const result = await engine.sync();
	expect(result).toMatchObject({ ok: true, pushed: 2 });
	const { rows } = await sql<{ id: string; body: string }>`
		select id, body from test_notes order by id`.execute(server.database.db);
	expect(rows).toEqual([
		{ id: 'a', body: 'edited after the backup' },
		{ id: 'd', body: 'written after the backup' }
	]);
	expect(await db.outbox.count()).toBe(0);
	const state = await db.records.get(['notes', 'd']);
	expect(state?.state).toBe('confirmed');

	// Lost again, with nothing waiting this time: the pull's 401 brings the device back too.
	server = await freshServer();
	expect(await engine.sync()).toMatchObject({ ok: true, pushed: 0 });
	await note('e', 'after the second restore');
	expect(await engine.sync()).toMatchObject({ ok: true, pushed: 1 });
	const { rows: after } = await sql<{ id: string }>`select id from test_notes`.execute(
		server.database.db
	);
	expect(after).toEqual([{ id: 'e' }]);
});
