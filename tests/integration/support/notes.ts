/**
 * A test-only record type for the sync suites: notes a resident writes on their devices. It is
 * not in the production registry, so no real server accepts it. Its table is created by the tests.
 */
import { sql } from 'kysely';
import * as v from 'valibot';
import type { Database } from '../../../src/lib/server/db/connect';
import {
	createRegistry,
	Rejection,
	residentAudience,
	type CollectionHandler,
	type MutationHandler,
	type SyncRegistry
} from '../../../src/lib/server/sync/types';

export const NoteId = v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/));
const NotePut = v.strictObject({ id: NoteId, body: v.pipe(v.string(), v.maxLength(500)) });
const NoteDelete = v.strictObject({ id: NoteId });

interface NoteRow {
	id: string;
	resident_id: string;
	body: string;
	updated_at: number;
}

// The notes table is not part of the typed schema: untyped access, on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const untyped = (trx: unknown) => trx as any;

export async function createNotesTable(database: Database) {
	await sql`create table test_notes (id text primary key, resident_id text not null, body text not null, updated_at ${sql.raw(database.dialect === 'postgres' ? 'bigint' : 'integer')} not null)`.execute(
		database.db
	);
}

async function owned(trx: unknown, id: string, residentId: string): Promise<NoteRow | undefined> {
	const row = (await untyped(trx)
		.selectFrom('test_notes')
		.selectAll()
		.where('id', '=', id)
		.executeTakeFirst()) as NoteRow | undefined;
	if (row && row.resident_id !== residentId) throw new Rejection('forbidden');
	return row;
}

export const notePut: MutationHandler<v.InferOutput<typeof NotePut>> = {
	type: 'note.put',
	payload: NotePut,
	allow: ['resident'],
	async apply({ trx, actor, now, changes }, { id, body }) {
		if (body === 'reject me') throw new Rejection('test_rule', { id });
		const row = await owned(trx, id, actor.residentId);
		if (row)
			await untyped(trx)
				.updateTable('test_notes')
				.set({ body, updated_at: now })
				.where('id', '=', id)
				.execute();
		else
			await untyped(trx)
				.insertInto('test_notes')
				.values({ id, resident_id: actor.residentId, body, updated_at: now })
				.execute();
		await changes.changed('notes', id, residentAudience(actor.residentId));
	}
};

export const noteDelete: MutationHandler<v.InferOutput<typeof NoteDelete>> = {
	type: 'note.delete',
	payload: NoteDelete,
	allow: ['resident'],
	async apply({ trx, actor, changes }, { id }) {
		const row = await owned(trx, id, actor.residentId);
		if (!row) throw new Rejection('not_found');
		await untyped(trx).deleteFrom('test_notes').where('id', '=', id).execute();
		await changes.removed('notes', id, residentAudience(actor.residentId));
	}
};

/** Something only organizers may send. */
export const noteAnnounce: MutationHandler<{ text: string }> = {
	type: 'note.announce',
	payload: v.strictObject({ text: v.string() }),
	allow: ['organizer'],
	async apply() {
		return 'announced';
	}
};

export const notesCollection: CollectionHandler = {
	name: 'notes',
	async read(trx, ids, audience) {
		const found = new Map<string, unknown>();
		if (!audience.startsWith('r:') || ids.length === 0) return found;
		const rows = (await untyped(trx)
			.selectFrom('test_notes')
			.selectAll()
			.where('id', 'in', ids)
			.where('resident_id', '=', audience.slice(2))
			.execute()) as NoteRow[];
		for (const row of rows) found.set(row.id, { id: row.id, body: row.body });
		return found;
	}
};

/** The test server's types and collections; `note.retired` and `retiredNotes` are retired. */
export function notesRegistry(): SyncRegistry {
	return createRegistry(
		[notePut, noteDelete, noteAnnounce] as MutationHandler<never>[],
		[notesCollection],
		{ types: ['note.retired'], collections: ['retiredNotes'] }
	);
}
