/**
 * When an organizer's roster copies for the door (issue 13) leave the phone: 12 hours after the
 * event ends (checked at every sync, in the page or the service worker, and when the door screen
 * opens) and all at once at sign-out. Admissions not yet sent are outbox entries and stay.
 */
import type { LinliDb } from './schema';

export async function purgeDoorRosters(db: LinliDb, now = Date.now()) {
	await db.transaction('rw', db.doorRosters, db.doorMarks, async () => {
		const old = await db.doorRosters.where('deleteAfter').below(now).primaryKeys();
		if (!old.length) return;
		await db.doorRosters.bulkDelete(old);
		await db.doorMarks.where('eventId').anyOf(old).delete();
	});
}

export async function deleteDoorRosters(db: LinliDb) {
	await db.transaction('rw', db.doorRosters, db.doorMarks, async () => {
		await db.doorRosters.clear();
		await db.doorMarks.clear();
	});
}
