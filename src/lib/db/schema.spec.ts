import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DB_NAME, LinliDb } from './schema';

describe('device database upgrades', () => {
	it('opens a database written by version 1 and keeps every row', async () => {
		const indexedDB = new IDBFactory();
		// Exactly what Linli 0.1 created.
		const v1 = new Dexie(DB_NAME, { indexedDB, IDBKeyRange });
		v1.version(1).stores({
			lessonProgress: '&[packId+lessonId], packId, lastOpenedAt',
			quizResults: '&[packId+quizId], packId, lessonId',
			checklists: '&[packId+checklistId], packId',
			kv: '&key'
		});
		await v1.table('lessonProgress').put({
			packId: 'hygiene',
			lessonId: 'masks',
			lang: 'zh-Hant',
			firstOpenedAt: 1,
			lastOpenedAt: 2
		});
		await v1.table('quizResults').put({
			packId: 'hygiene',
			quizId: 'masks-quiz',
			lessonId: 'masks',
			bestScore: 1,
			lastScore: 1,
			questions: 4,
			attempts: 1,
			masteredAt: 3,
			updatedAt: 3
		});
		await v1.table('checklists').put({
			packId: 'home-preparedness',
			checklistId: 'grab-bag',
			checked: ['water'],
			updatedAt: 4
		});
		await v1.table('kv').put({ key: 'household', value: { people: 4, days: 7 } });
		v1.close();

		const latest = new LinliDb(DB_NAME, { indexedDB, IDBKeyRange });
		await latest.open();
		expect(latest.verno).toBeGreaterThanOrEqual(2);
		expect(await latest.lessonProgress.get(['hygiene', 'masks'])).toMatchObject({
			lang: 'zh-Hant',
			lastOpenedAt: 2
		});
		expect(await latest.quizResults.get(['hygiene', 'masks-quiz'])).toMatchObject({
			masteredAt: 3
		});
		expect(await latest.checklists.get(['home-preparedness', 'grab-bag'])).toMatchObject({
			checked: ['water']
		});
		expect((await latest.kv.get('household'))?.value).toEqual({ people: 4, days: 7 });
		// The sync tables of version 2 exist and work.
		await latest.outbox.add({ seq: 1, type: 'note.put', payload: {}, createdAt: 0 });
		expect(await latest.outbox.count()).toBe(1);
		// The household tables of version 3 exist and start empty.
		expect(latest.verno).toBeGreaterThanOrEqual(3);
		expect(await latest.household.count()).toBe(0);
		await latest.kit.put({ id: 'k1', text: 'Torch', have: 1, addedAt: 1 });
		expect(await latest.kit.get('k1')).toMatchObject({ text: 'Torch' });
		// Version 4: the reader's marks on announcements.
		expect(latest.verno).toBeGreaterThanOrEqual(4);
		await latest.newsState.put({ id: 'a1', readAt: 5 });
		expect(await latest.newsState.get('a1')).toEqual({ id: 'a1', readAt: 5 });
		// Version 5: an organizer's roster copies and admissions for the door, found by end time.
		expect(latest.verno).toBeGreaterThanOrEqual(5);
		expect(await latest.doorRosters.where('deleteAfter').below(Infinity).count()).toBe(0);
		await latest.doorMarks.put({
			id: 'm1',
			eventId: 'e1',
			signupId: 's1',
			method: 'scan',
			door: '',
			at: 6
		});
		expect(await latest.doorMarks.where('signupId').equals('s1').count()).toBe(1);
		latest.close();
	});

	it('declares every version it ever had, in order, with no gaps', () => {
		const db = new LinliDb('check', { indexedDB: new IDBFactory(), IDBKeyRange });
		const versions = (
			db as unknown as { _versions: { _cfg: { version: number } }[] }
		)._versions.map((v) => v._cfg.version);
		expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
	});
});
