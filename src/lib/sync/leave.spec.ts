import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { LinliDb } from '$lib/db/schema';
import { leaveNeighbourhood } from './engine';
import { getMeta, setMeta } from './meta';
import type { NeighbourhoodTransport } from './transport';

const A = 'aaaaaaaa-0000-4000-8000-000000000000';
const B = 'bbbbbbbb-0000-4000-8000-000000000000';

const transport = {
	unfollow: async (_auth: unknown, neighbourhoodId: string) => ({ left: neighbourhoodId })
} as unknown as NeighbourhoodTransport;

async function phone() {
	const db = new LinliDb(`leave-${crypto.randomUUID()}`, {
		indexedDB: new IDBFactory(),
		IDBKeyRange
	});
	const put = (collection: string, id: string, data: object, state: 'confirmed' | 'pending') =>
		db.records.put({
			collection,
			id,
			data,
			state,
			pending: state === 'pending' ? 1 : 0,
			updatedAt: 0
		});
	await put('task', 't-a', { id: 't-a', neighbourhoodId: A }, 'confirmed');
	await put('task', 't-b', { id: 't-b', neighbourhoodId: B }, 'confirmed');
	// Whatever else a neighbourhood publishes (announcements, contacts) names it the same way.
	await put('announcement', 'n-a', { id: 'n-a', neighbourhoodId: A }, 'confirmed');
	// The resident's own records stay, and so does a record with a change still on its way.
	await put('signup', 's-a', { id: 's-a', taskId: 't-a' }, 'confirmed');
	await put('task', 't-a2', { id: 't-a2', neighbourhoodId: A }, 'pending');
	const home = { id: A, names: { en: 'A' }, description: '', region: 'hk', home: true };
	await setMeta(db, 'follows', [home, { ...home, id: B, names: { en: 'B' }, home: false }]);
	return db;
}

describe('leaving a neighbourhood', () => {
	it('removes what the phone held of it, of any collection, and forgets the follow', async () => {
		const db = await phone();
		await leaveNeighbourhood(db, transport, A);
		const left = (await db.records.toArray()).map((r) => `${r.collection}/${r.id}`).sort();
		expect(left).toEqual(['signup/s-a', 'task/t-a2', 'task/t-b']);
		expect((await getMeta(db, 'follows'))?.map((f) => f.id)).toEqual([B]);
	});

	it('removes nothing when the server refuses', async () => {
		const db = await phone();
		const refusing = {
			unfollow: async () => {
				throw new Error('offline');
			}
		} as unknown as NeighbourhoodTransport;
		await expect(leaveNeighbourhood(db, refusing, A)).rejects.toThrow('offline');
		expect(await db.records.count()).toBe(5);
	});
});
