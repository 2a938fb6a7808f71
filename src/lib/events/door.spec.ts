import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { LinliDb } from '$lib/db/schema';
import { useDatabase } from '$lib/db/db';

vi.mock('$lib/sync/service.svelte', () => ({ sync: { afterLocalChange: vi.fn() } }));
const { admitAtDoor, markKey } = await import('./door');

describe('letting someone in at the door', () => {
	it('saves the mark with its event.admit outbox entry; a second tap for the same person adds nothing', async () => {
		const db = new LinliDb('door-actions', { indexedDB: new IDBFactory(), IDBKeyRange });
		useDatabase(db);
		const first = await admitAtDoor('e1', 's1', 'name', 1_000);
		expect(first.fresh).toBe(true);
		const [entry] = await db.outbox.toArray();
		expect(entry).toMatchObject({
			type: 'event.admit',
			recordKey: markKey(first.mark.id),
			payload: { id: first.mark.id, eventId: 'e1', signupId: 's1', method: 'name', at: 1_000 }
		});

		const again = await admitAtDoor('e1', 's1', 'scan', 2_000);
		expect(again).toEqual({ mark: first.mark, fresh: false });
		expect(await db.outbox.count()).toBe(1);
		expect(await db.doorMarks.count()).toBe(1);

		expect((await admitAtDoor('e1', 's2', 'scan', 3_000)).fresh).toBe(true);
		expect(await db.outbox.count()).toBe(2);
		db.close();
	});
});
