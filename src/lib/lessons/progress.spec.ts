import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DB_NAME, LinliDb } from '$lib/db/schema';
import { useDatabase } from '$lib/db/db';
import { pendingRevisions } from '$domain/revisions';
import type { PackLessonSummary, PackMeta } from '$shared/lesson';
import {
	dismissRevision,
	readProgress,
	recordLessonOpened,
	recordQuizAttempt,
	seenVersions,
	statusOf
} from './progress';

const lesson = (id: string): PackLessonSummary => ({
	id,
	order: 1,
	minutes: 5,
	title: { en: id },
	summary: { en: id },
	quizzes: [`${id}-quiz`],
	checklists: []
});
const fire = lesson('home-fire');
const quake = lesson('earthquake');

function pack(version: string, revised: boolean): PackMeta {
	return {
		schemaVersion: 1,
		id: 'home-preparedness',
		version,
		title: { en: 'Home' },
		description: { en: 'Home' },
		languages: ['en'],
		publisher: { name: 't' },
		license: 'CC0-1.0',
		tags: [],
		audience: [],
		sources: [],
		changelog: [
			...(revised
				? [
						{
							version: '1.1.0',
							date: '2026-11-29',
							notes: { en: 'Smoke.' },
							revised: [{ lesson: 'home-fire', notes: { en: 'Stay in; shut the door.' } }]
						}
					]
				: []),
			{ version: '1.0.0', date: '2026-11-01', notes: { en: 'First.' } }
		],
		lessons: [fire, quake],
		hash: 'h',
		gzipBytes: 0
	};
}
const before = pack('1.0.0', false);
const after = pack('1.1.0', true);

let indexedDB: IDBFactory;
let db: LinliDb;

/** Exactly what Linli 0.2 (Dexie version 2) wrote: progress with no pack versions. */
async function writeVersion2Database() {
	const v2 = new Dexie(DB_NAME, { indexedDB, IDBKeyRange });
	v2.version(1).stores({
		lessonProgress: '&[packId+lessonId], packId, lastOpenedAt',
		quizResults: '&[packId+quizId], packId, lessonId',
		checklists: '&[packId+checklistId], packId',
		kv: '&key'
	});
	v2.version(2).stores({
		syncMeta: '&key',
		outbox: '&seq, recordKey',
		records: '&[collection+id], collection, state',
		syncIssues: '++id, seq, dismissed'
	});
	for (const { id } of [fire, quake]) {
		await v2.table('lessonProgress').put({
			packId: 'home-preparedness',
			lessonId: id,
			lang: 'en',
			firstOpenedAt: 1,
			lastOpenedAt: 2,
			completedAt: 3
		});
		await v2.table('quizResults').put({
			packId: 'home-preparedness',
			quizId: `${id}-quiz`,
			lessonId: id,
			bestScore: 1,
			lastScore: 1,
			questions: 5,
			attempts: 1,
			masteredAt: 3,
			updatedAt: 3
		});
	}
	v2.close();
}

beforeEach(async () => {
	indexedDB = new IDBFactory();
	await writeVersion2Database();
	db = new LinliDb(DB_NAME, { indexedDB, IDBKeyRange });
	await db.open();
	useDatabase(db);
});

const status = async (p: PackMeta, l: PackLessonSummary) => statusOf(await readProgress(db), p, l);
const progressOf = (id: string) => db.lessonProgress.get(['home-preparedness', id]);

describe('advice changed: progress kept before pack versions were', () => {
	it('opens a database written before versions were kept and keeps every row', async () => {
		expect(await progressOf('home-fire')).toMatchObject({ completedAt: 3 });
		expect(await status(before, fire)).toBe('completed');
	});

	it('no longer counts mastery of a revised lesson, and only of that lesson', async () => {
		expect(await status(after, fire)).toBe('started');
		expect(await status(after, quake)).toBe('completed');
		expect(
			pendingRevisions(after.changelog, 'home-fire', await progressOf('home-fire'))
		).toHaveLength(1);
	});

	it('keeps the notice through later visits until the quiz is retaken', async () => {
		await recordLessonOpened(after, 'home-fire', 'en');
		await recordLessonOpened(after, 'home-fire', 'en');
		expect((await progressOf('home-fire'))?.openedVersion).toBeUndefined();
		expect(
			pendingRevisions(after.changelog, 'home-fire', await progressOf('home-fire'))
		).toHaveLength(1);

		const result = await recordQuizAttempt(after, fire, 'home-fire-quiz', 5, 5);
		expect(result).toMatchObject({ bestScore: 1, packVersion: '1.1.0', attempts: 2 });
		expect((await progressOf('home-fire'))?.openedVersion).toBe('1.1.0');
		expect(pendingRevisions(after.changelog, 'home-fire', await progressOf('home-fire'))).toEqual(
			[]
		);
		expect(await status(after, fire)).toBe('completed');
	});

	it('starts the best score again: an old 100% does not carry over a failed retake', async () => {
		const result = await recordQuizAttempt(after, fire, 'home-fire-quiz', 2, 5);
		expect(result.bestScore).toBeCloseTo(0.4);
		expect(result.masteredAt).toBeUndefined();
		expect(await status(after, fire)).toBe('started');
		// The retake, even failed, answers the notice.
		expect(pendingRevisions(after.changelog, 'home-fire', await progressOf('home-fire'))).toEqual(
			[]
		);
	});

	it('puts the notice away when dismissed, while the old mastery still does not count', async () => {
		await dismissRevision(after, 'home-fire');
		expect(pendingRevisions(after.changelog, 'home-fire', await progressOf('home-fire'))).toEqual(
			[]
		);
		expect(await status(after, fire)).toBe('started');
	});

	it('tells nobody who first opens the lesson after the revision', async () => {
		await db.lessonProgress.clear();
		await db.quizResults.clear();
		await recordLessonOpened(after, 'home-fire', 'en');
		expect((await progressOf('home-fire'))?.openedVersion).toBe('1.1.0');
		expect(pendingRevisions(after.changelog, 'home-fire', await progressOf('home-fire'))).toEqual(
			[]
		);
	});

	it('remembers every pack version the phone has seen', async () => {
		await recordLessonOpened(before, 'earthquake', 'en');
		await recordLessonOpened(after, 'earthquake', 'en');
		await recordLessonOpened(after, 'earthquake', 'en');
		expect(await seenVersions(db, 'home-preparedness')).toEqual(['1.0.0', '1.1.0']);
	});
});
