/**
 * Lesson progress on the device: opened lessons, quiz scores, ticked checklist items. Each change
 * is one Dexie transaction, so a crash never leaves half of it.
 */
import { database } from '$lib/db/db';
import type { ChecklistState, LessonProgress, LinliDb, QuizResult } from '$lib/db/schema';
import { isMastered, lessonStatus, scoreOf, type LessonStatus } from '$domain/mastery';
import type { PackLessonSummary } from '$shared/lesson';

export async function recordLessonOpened(packId: string, lessonId: string, lang: string) {
	const db = await database();
	const now = Date.now();
	await db.transaction('rw', db.lessonProgress, async () => {
		const existing = await db.lessonProgress.get([packId, lessonId]);
		await db.lessonProgress.put({
			packId,
			lessonId,
			lang,
			firstOpenedAt: existing?.firstOpenedAt ?? now,
			lastOpenedAt: now,
			...(existing?.completedAt ? { completedAt: existing.completedAt } : {})
		});
	});
}

/**
 * Saves an attempt at a quiz (the best score is kept) and marks the lesson completed once every
 * quiz in it is mastered. Returns the saved result.
 */
export async function recordQuizAttempt(
	packId: string,
	lesson: Pick<PackLessonSummary, 'id' | 'quizzes'>,
	quizId: string,
	right: number,
	total: number
): Promise<QuizResult> {
	const db = await database();
	const now = Date.now();
	const score = scoreOf(right, total);
	const { quizResults, lessonProgress } = db;
	return db.transaction('rw', quizResults, lessonProgress, async () => {
		const previous = await quizResults.get([packId, quizId]);
		const bestScore = Math.max(previous?.bestScore ?? 0, score);
		const masteredAt = previous?.masteredAt ?? (isMastered(score) ? now : undefined);
		const result: QuizResult = {
			packId,
			quizId,
			lessonId: lesson.id,
			bestScore,
			lastScore: score,
			questions: total,
			attempts: (previous?.attempts ?? 0) + 1,
			...(masteredAt ? { masteredAt } : {}),
			updatedAt: now
		};
		await quizResults.put(result);
		const mastered = await masteredQuizzes(db, packId);
		const progress = await lessonProgress.get([packId, lesson.id]);
		if (progress && !progress.completedAt && lesson.quizzes.every((id) => mastered.has(id))) {
			await lessonProgress.put({ ...progress, completedAt: now });
		}
		return result;
	});
}

async function masteredQuizzes(db: LinliDb, packId: string): Promise<Set<string>> {
	const results = await db.quizResults.where('packId').equals(packId).toArray();
	return new Set(results.filter((r) => r.masteredAt).map((r) => r.quizId));
}

export interface PackProgressData {
	lessons: Map<string, LessonProgress>;
	quizzes: Map<string, QuizResult>;
}

/** Everything the pack and lesson lists need about one pack (or every pack). */
export async function readProgress(db: LinliDb, packId?: string): Promise<PackProgressData> {
	const [lessons, quizzes] = await Promise.all([
		packId
			? db.lessonProgress.where('packId').equals(packId).toArray()
			: db.lessonProgress.toArray(),
		packId ? db.quizResults.where('packId').equals(packId).toArray() : db.quizResults.toArray()
	]);
	return {
		lessons: new Map(lessons.map((l) => [`${l.packId}/${l.lessonId}`, l])),
		quizzes: new Map(quizzes.map((q) => [`${q.packId}/${q.quizId}`, q]))
	};
}

export function statusOf(
	data: PackProgressData,
	packId: string,
	lesson: PackLessonSummary
): LessonStatus {
	const mastered = new Set(
		lesson.quizzes.filter((id) => data.quizzes.get(`${packId}/${id}`)?.masteredAt)
	);
	return lessonStatus(lesson.quizzes, data.lessons.has(`${packId}/${lesson.id}`), mastered);
}

export async function setChecklistItem(
	packId: string,
	checklistId: string,
	itemId: string,
	checked: boolean
) {
	const db = await database();
	const { checklists } = db;
	await db.transaction('rw', checklists, async () => {
		const state = await checklists.get([packId, checklistId]);
		const ticked = new Set(state?.checked ?? []);
		if (checked) ticked.add(itemId);
		else ticked.delete(itemId);
		await checklists.put({ packId, checklistId, checked: [...ticked], updatedAt: Date.now() });
	});
}

/** Unticks every item; returns the ticks it removed, so that the reader can undo. */
export async function clearChecklist(packId: string, checklistId: string): Promise<string[]> {
	const db = await database();
	return db.transaction('rw', db.checklists, async () => {
		const before = (await db.checklists.get([packId, checklistId]))?.checked ?? [];
		await db.checklists.put({ packId, checklistId, checked: [], updatedAt: Date.now() });
		return before;
	});
}

/** Puts ticks back (undoing a clear), keeping any ticked since. */
export async function restoreChecklist(packId: string, checklistId: string, ticks: string[]) {
	const db = await database();
	await db.transaction('rw', db.checklists, async () => {
		const now = (await db.checklists.get([packId, checklistId]))?.checked ?? [];
		const checked = [...new Set([...now, ...ticks])];
		await db.checklists.put({ packId, checklistId, checked, updatedAt: Date.now() });
	});
}

export function readChecklist(
	db: LinliDb,
	packId: string,
	checklistId: string
): Promise<ChecklistState | undefined> {
	return db.checklists.get([packId, checklistId]);
}

export interface Household {
	people: number;
	days: number;
}

export const DEFAULT_HOUSEHOLD: Household = { people: 2, days: 3 };

export async function readHousehold(db: LinliDb): Promise<Household> {
	const row = await db.kv.get('household');
	const value = row?.value as Partial<Household> | undefined;
	return {
		people: clampInt(value?.people, 1, 20, DEFAULT_HOUSEHOLD.people),
		days: clampInt(value?.days, 1, 30, DEFAULT_HOUSEHOLD.days)
	};
}

export async function saveHousehold(household: Household) {
	const db = await database();
	await db.kv.put({
		key: 'household',
		value: {
			people: clampInt(household.people, 1, 20, DEFAULT_HOUSEHOLD.people),
			days: clampInt(household.days, 1, 30, DEFAULT_HOUSEHOLD.days)
		}
	});
}

function clampInt(value: unknown, min: number, max: number, fallback: number) {
	const n = Math.round(Number(value));
	return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

/** The lesson to offer on the home page: the last one opened that is not done yet. */
export async function lastUnfinishedLesson(db: LinliDb): Promise<LessonProgress | undefined> {
	const recent = await db.lessonProgress.orderBy('lastOpenedAt').reverse().limit(20).toArray();
	return recent.find((p) => !p.completedAt);
}
