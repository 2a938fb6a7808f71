/**
 * Two versions of the server on one database, as during an upgrade: the older one knows the test
 * notes; the newer one also knows a `note.pin` type and a `pins` collection. A phone of the newer
 * build talks to both (its requests land on either process). The older one never answers it with
 * something final it cannot judge: such a push or pull page gets `503 retry` as a whole.
 */
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerContext } from '../../src/lib/server/context';
import {
	createRegistry,
	residentAudience,
	type CollectionHandler,
	type MutationHandler
} from '../../src/lib/server/sync/types';
import { classify } from '../../src/lib/sync/engine';
import { TransportError } from '../../src/lib/sync/transport';
import { queueMutation } from '../../src/lib/sync/local-change';
import { getMeta } from '../../src/lib/sync/meta';
import { withChanges } from '../../src/lib/server/sync/write';
import { backends } from './support/backends';
import {
	createNotesTable,
	noteAnnounce,
	noteDelete,
	notePut,
	notesCollection,
	notesRegistry
} from './support/notes';
import { testPhone } from './support/phone';
import { serveRequest, testContext } from './support/server';

/** The newer build's extra type: pins a note (stored in memory: the test needs no table). */
const pinned = new Map<string, string>();
const notePin: MutationHandler<{ id: string }> = {
	type: 'note.pin',
	payload: v.strictObject({ id: v.string() }),
	allow: ['resident'],
	async apply({ actor, changes }, { id }) {
		pinned.set(id, actor.residentId);
		await changes.changed('pins', id, residentAudience(actor.residentId));
		return 'pinned';
	}
};
const pins: CollectionHandler = {
	name: 'pins',
	async read(_trx, ids) {
		return new Map(ids.filter((id) => pinned.has(id)).map((id) => [id, { id, pinned: true }]));
	}
};
const newerRegistry = () =>
	createRegistry(
		[notePut, noteDelete, noteAnnounce, notePin] as MutationHandler<never>[],
		[notesCollection, pins],
		{ types: ['note.retired'], collections: ['retiredNotes'] }
	);

for (const backend of backends()) {
	describe(`an older and a newer server on one database (${backend.name})`, () => {
		let older: ServerContext;
		let newer: ServerContext;
		let server: ServerContext;
		const phone = testPhone(() => server);

		beforeAll(async () => {
			const database = await backend.open();
			await createNotesTable(database);
			older = testContext(database, notesRegistry());
			newer = testContext(database, newerRegistry());
		});
		afterAll(() => backend.cleanup());

		it('a push holding a type the older server does not know is answered 503 retry, and nothing of it is applied', async () => {
			server = older;
			await phone.note('n1', 'first');
			await queueMutation(phone.db, { type: 'note.pin', payload: { id: 'n1' } });
			const result = await phone.engine.sync();
			expect(result).toMatchObject({ ok: false, problem: 'server', retryAfter: 5 });
			// The whole batch waits on the phone, the note before the pin included.
			expect(await phone.db.outbox.count()).toBe(2);
			const notes = await older.database.db
				.selectFrom('test_notes' as never)
				.selectAll()
				.execute();
			expect(notes).toEqual([]);

			server = newer;
			expect(await phone.engine.sync()).toMatchObject({ ok: true, pushed: 2 });
			expect(await phone.db.outbox.count()).toBe(0);
			expect(await phone.db.syncIssues.count()).toBe(0);
		});

		it('a pull page holding a collection the older server does not know is answered 503 retry, never a tombstone', async () => {
			// The newer server wrote a `pins` record for this phone's resident (previous test);
			// the phone's cursor is back at the start, as a phone that was offline meanwhile.
			await phone.db.syncMeta.put({ key: 'cursor', value: 0 });
			await phone.db.records.clear();
			server = older;
			const refused = await phone.engine.sync();
			expect(refused).toMatchObject({ ok: false, problem: 'server', retryAfter: 5 });
			expect(await phone.db.records.count()).toBe(0);
			expect(await phone.db.syncMeta.get('cursor')).toEqual({ key: 'cursor', value: 0 });

			server = newer;
			expect(await phone.engine.sync()).toMatchObject({ ok: true });
			const pin = await phone.db.records.get(['pins', 'n1']);
			expect(pin?.data).toEqual({ id: 'n1', pinned: true });
		});

		it('says so in the answer: status 503, error retry, Retry-After', async () => {
			const credentials = (await phone.db.syncMeta.get('credentials'))!.value as {
				clientId: string;
				secret: string;
			};
			const response = await serveRequest(
				older,
				new Request('http://linli.test/api/sync/pull?cursor=0', {
					headers: {
						authorization: `Device ${credentials.clientId}:${credentials.secret}`,
						'x-linli-schema': '1'
					}
				})
			);
			expect(response.status).toBe(503);
			expect(response.headers.get('retry-after')).toBe('5');
			expect(await response.json()).toMatchObject({ error: 'retry', params: { retryAfter: 5 } });
			expect(classify(new TransportError('http', 'retry', 503, 'retry', 5))).toEqual({
				problem: 'server',
				retryAfter: 5
			});
		});

		it('a retired type is still refused for good, and a retired collection still comes as a tombstone', async () => {
			server = older;
			const resident = (await getMeta(phone.db, 'residentId'))!;
			await phone.db.records.put({
				collection: 'retiredNotes',
				id: 'old-1',
				data: { id: 'old-1' },
				serverData: { id: 'old-1' },
				state: 'confirmed',
				pending: 0,
				updatedAt: Date.now()
			});
			await withChanges(older.database, (_trx, changes) =>
				changes.changed('retiredNotes', 'old-1', residentAudience(resident))
			);
			await queueMutation(phone.db, { type: 'note.retired', payload: {} });
			expect(await phone.engine.sync()).toMatchObject({ ok: true, pushed: 1 });
			const issues = await phone.db.syncIssues.toArray();
			expect(issues.map((i) => i.code)).toEqual(['unknown_type']);
			// The older server serves the retired collection's row as a tombstone: the phone drops it.
			expect(await phone.db.records.get(['retiredNotes', 'old-1'])).toBeUndefined();
		});
	});
}
