/**
 * What a resident does about events, on the phone first: the sign-up is saved with its outbox
 * entry in one transaction ("waiting to send"), then the server answers confirmed or waitlisted.
 */
import { database } from '$lib/db/db';
import { commitLocalChange, queueMutation } from '$lib/sync/local-change';
import { sync } from '$lib/sync/service.svelte';
import type { EventSignUp, EventSignupRecord } from '$shared/events';
import { EVENT_SIGNUP } from './data.svelte';

export async function signUpForEvent(input: Omit<EventSignUp, 'id'>): Promise<string> {
	const db = await database();
	const id = crypto.randomUUID();
	const payload: EventSignUp = { id, ...input };
	// Waiting, with no place yet, until the server answers.
	const record: EventSignupRecord = { ...payload, status: 'waitlisted' };
	await commitLocalChange(db, {
		collection: EVENT_SIGNUP,
		id,
		data: record,
		mutation: { type: 'event.signUp', payload }
	});
	sync.afterLocalChange();
	return id;
}

export async function cancelEventSignUp(id: string) {
	const db = await database();
	const row = await db.records.get([EVENT_SIGNUP, id]);
	if (!row) return;
	await commitLocalChange(db, {
		collection: EVENT_SIGNUP,
		id,
		data: { ...(row.data as EventSignupRecord), status: 'cancelled' },
		mutation: { type: 'event.cancelSignUp', payload: { id } }
	});
	sync.afterLocalChange();
}

/**
 * "Delete my data" for events: the sign-ups (name, building, unit) leave this phone now, and the
 * server's copies when the request arrives.
 */
export async function forgetEventSignUps() {
	const db = await database();
	await db.transaction('rw', db.records, db.outbox, db.syncMeta, async () => {
		await queueMutation(db, { type: 'event.forget', payload: {} });
		await db.records.where('collection').equals(EVENT_SIGNUP).delete();
	});
	sync.afterLocalChange();
}
