import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { LinliDb } from '$lib/db/schema';
import { commitLocalChange } from './local-change';
import { storeResults } from './push';
import { dismissRefusal } from './refusals';

const SIGNUP = { id: 's1', taskId: 't1', status: 'confirmed' };
const WINDOW = { opensAt: 1_000, closesAt: 9_000 };

/** A phone holding a confirmed sign-up, as the server sent it. */
async function phoneWithSignup() {
	const db = new LinliDb(`refusals-${crypto.randomUUID()}`, {
		indexedDB: new IDBFactory(),
		IDBKeyRange
	});
	await db.records.put({
		collection: 'signup',
		id: 's1',
		data: SIGNUP,
		serverData: SIGNUP,
		state: 'confirmed',
		pending: 0,
		updatedAt: 0
	});
	return db;
}

const tap = (db: LinliDb, type: string, change: object) =>
	commitLocalChange(db, {
		collection: 'signup',
		id: 's1',
		data: { ...SIGNUP, ...change },
		mutation: { type, payload: { id: 's1', at: 500 } }
	});

describe('a refused change on the phone', () => {
	it('puts the server copy back, keeps the record usable and the refusal as a note', async () => {
		const db = await phoneWithSignup();
		const seq = await tap(db, 'signup.checkIn', { checkInAt: 500 });
		const batch = await db.outbox.toArray();
		await storeResults(db, batch, {
			results: [{ status: 'rejected', seq, code: 'time_outside_task', params: WINDOW }],
			lastSeq: seq,
			serverTime: 600
		});
		const row = await db.records.get(['signup', 's1']);
		expect(row).toMatchObject({
			data: SIGNUP,
			state: 'confirmed',
			pending: 0,
			rejection: { seq, type: 'signup.checkIn', code: 'time_outside_task', params: WINDOW }
		});
		expect(await db.syncIssues.count()).toBe(1);
	});

	it('keeps the first refusal of a chain: it explains the ones after it', async () => {
		const db = await phoneWithSignup();
		const first = await tap(db, 'signup.checkIn', { checkInAt: 500 });
		const second = await tap(db, 'signup.checkOut', { checkInAt: 500, checkOutAt: 700 });
		const batch = await db.outbox.toArray();
		await storeResults(db, batch, {
			results: [
				{ status: 'rejected', seq: first, code: 'time_outside_task', params: WINDOW },
				{ status: 'rejected', seq: second, code: 'not_checked_in' }
			],
			lastSeq: second,
			serverTime: 800
		});
		expect(await db.records.get(['signup', 's1'])).toMatchObject({
			data: SIGNUP,
			state: 'confirmed',
			rejection: { seq: first, code: 'time_outside_task' }
		});
	});

	it('is cleared by a later change that goes through', async () => {
		const db = await phoneWithSignup();
		const refused = await tap(db, 'signup.checkIn', { checkInAt: 500 });
		await storeResults(db, await db.outbox.toArray(), {
			results: [{ status: 'rejected', seq: refused, code: 'time_outside_task', params: WINDOW }],
			lastSeq: refused,
			serverTime: 600
		});
		const accepted = await tap(db, 'signup.checkIn', { checkInAt: 2_000 });
		await storeResults(db, await db.outbox.toArray(), {
			results: [{ status: 'applied', seq: accepted }],
			lastSeq: accepted,
			serverTime: 2_100
		});
		const row = await db.records.get(['signup', 's1']);
		expect(row?.state).toBe('confirmed');
		expect(row?.rejection).toBeUndefined();
		expect(row?.data).toMatchObject({ checkInAt: 2_000 });
	});

	it('once dismissed, leaves both the record and the list of refused changes', async () => {
		const db = await phoneWithSignup();
		const seq = await tap(db, 'signup.checkIn', { checkInAt: 500 });
		await storeResults(db, await db.outbox.toArray(), {
			results: [{ status: 'rejected', seq, code: 'time_outside_task', params: WINDOW }],
			lastSeq: seq,
			serverTime: 600
		});
		await dismissRefusal(db, seq);
		expect((await db.records.get(['signup', 's1']))?.rejection).toBeUndefined();
		expect(await db.syncIssues.where('dismissed').equals(0).count()).toBe(0);
	});
});
