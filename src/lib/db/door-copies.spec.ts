import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { LinliDb, type DoorRoster } from './schema';
import { deleteDoorRosters, purgeDoorRosters } from './door-copies';

const roster = (eventId: string, deleteAfter: number): DoorRoster => ({
	eventId,
	event: {
		id: eventId,
		titles: { en: 'Concert' },
		startsAt: 0,
		endsAt: 0,
		timeZone: 'UTC',
		roles: []
	},
	keys: [],
	lines: [
		{
			id: `s-${eventId}`,
			name: 'Chan',
			roleId: 'r',
			partySize: 1,
			status: 'confirmed',
			present: false,
			admissions: 0,
			doors: []
		}
	],
	fetchedAt: 0,
	deleteAfter,
	door: ''
});
const mark = (eventId: string) => ({
	id: `m-${eventId}`,
	eventId,
	signupId: `s-${eventId}`,
	method: 'scan' as const,
	door: '',
	at: 1
});

describe("an organizer's roster copies for the door", () => {
	it('leave the phone 12 hours after the event ends, with their marks; the outbox keeps what was not sent', async () => {
		const db = new LinliDb('door', { indexedDB: new IDBFactory(), IDBKeyRange });
		await db.doorRosters.bulkPut([roster('past', 1_000), roster('tonight', 5_000)]);
		await db.doorMarks.bulkPut([mark('past'), mark('tonight')]);
		await db.outbox.add({ seq: 1, type: 'event.admit', payload: {}, createdAt: 1 });

		await purgeDoorRosters(db, 1_000); // not yet: exactly at the limit
		expect(await db.doorRosters.count()).toBe(2);
		await purgeDoorRosters(db, 1_001);
		expect(await db.doorRosters.toCollection().primaryKeys()).toEqual(['tonight']);
		expect((await db.doorMarks.toArray()).map((m) => m.eventId)).toEqual(['tonight']);

		await deleteDoorRosters(db); // sign-out
		expect(await db.doorRosters.count()).toBe(0);
		expect(await db.doorMarks.count()).toBe(0);
		expect(await db.outbox.count()).toBe(1);
		db.close();
	});
});
