/**
 * Lesson progress on the device: opened lessons, quiz scores, ticked checklist items. Each change
 * is one Dexie transaction, so a crash never leaves half of it.
 */
import { database } from '$lib/db/db';
import { noteFlag } from '$lib/device-flags';
import type { ChecklistState, LessonProgress, LinliDb, QuizResult } from '$lib/db/schema';
import { isMastered, lessonStatus, scoreOf, type LessonStatus } from '$domain/mastery';
import {
	openedVersionAfterVisit,
	pendingRevisions,
	resultCounts,
	withSeenVersion
} from '$domain/revisions';
import type { PackLessonSummary, PackMeta } from '$shared/lesson';

/** The pack a lesson belongs to, as far as progress needs it: its version and changelog. */
export type PackVersionInfo = Pick<PackMeta, 'id' | 'version' | 'changelog'>;

/**
 * Notes that the reader opened a lesson at the pack's current version, and that the phone has seen
 * that version. While an "advice changed" notice is pending, the version it was opened at stays.
 */
export async function recordLessonOpened(pack: PackVersionInfo, lessonId: string, lang: string) {
	const db = await database();
	const now = Date.now();
	await db.transaction('rw', db.lessonProgress, db.kv, async () => {
		const existing = await db.lessonProgress.get([pack.id, lessonId]);
		const openedVersion = openedVersionAfterVisit(pack.changelog, lessonId, existing, pack.version);
		await db.lessonProgress.put({
			packId: pack.id,
			lessonId,
			lang,
			firstOpenedAt: existing?.firstOpenedAt ?? now,
			lastOpenedAt: now,
			...(existing?.completedAt ? { completedAt: existing.completedAt } : {}),
			...(openedVersion ? { openedVersion } : {})
		});
		await noteSeenVersion(db, pack.id, pack.version);
	});
	// Only once it is stored: the home page trusts the flag to find a lesson to continue.
	noteFlag('learning');
}

/** The reader read an "advice changed" notice and put it away: it does not come back. */
export async function dismissRevision(pack: PackVersionInfo, lessonId: string) {
	const db = await database();
	await db.transaction('rw', db.lessonProgress, async () => {
		const existing = await db.lessonProgress.get([pack.id, lessonId]);
		if (existing) await db.lessonProgress.put({ ...existing, openedVersion: pack.version });
	});
}

/** The versions of each pack this phone has seen (kv "packVersions"), oldest first. */
export async function seenVersions(db: LinliDb, packId: string): Promise<string[]> {
	const row = await db.kv.get('packVersions');
	const all = (row?.value ?? {}) as Record<string, unknown>;
	const list = all[packId];
	return Array.isArray(list) ? list.filter((v): v is string => typeof v === 'string') : [];
}

async function noteSeenVersion(db: LinliDb, packId: string, version: string) {
	const row = await db.kv.get('packVersions');
	const all = { ...((row?.value ?? {}) as Record<string, unknown>) };
	const before = await seenVersions(db, packId);
	const after = withSeenVersion(before, version);
	if (after.length === before.length) return;
	await db.kv.put({ key: 'packVersions', value: { ...all, [packId]: after } });
}

/**
 * Saves an attempt at a quiz (the best score is kept) and marks the lesson completed once every
 * quiz in it is mastered. A result from before the lesson's advice changed no longer counts: the
 * attempt starts a new record, and taking the quiz clears the "advice changed" notice.
 */
export async function recordQuizAttempt(
	pack: PackVersionInfo,
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
		const previous = await quizResults.get([pack.id, quizId]);
		const counted =
			previous && resultCounts(pack.changelog, lesson.id, previous) ? previous : undefined;
		const bestScore = Math.max(counted?.bestScore ?? 0, score);
		const masteredAt = counted?.masteredAt ?? (isMastered(score) ? now : undefined);
		const result: QuizResult = {
			packId: pack.id,
			quizId,
			lessonId: lesson.id,
			bestScore,
			lastScore: score,
			questions: total,
			attempts: (previous?.attempts ?? 0) + 1,
			...(masteredAt ? { masteredAt } : {}),
			updatedAt: now,
			packVersion: pack.version
		};
		await quizResults.put(result);
		const mastered = await masteredQuizzes(db, pack);
		const progress = await lessonProgress.get([pack.id, lesson.id]);
		if (progress) {
			const done = lesson.quizzes.every((id) => mastered.has(id));
			await lessonProgress.put({
				...progress,
				openedVersion: pack.version,
				...(done && !progress.completedAt ? { completedAt: now } : {})
			});
		}
		return result;
	});
}

/** Quizzes mastered in a pack, leaving out results from before their lesson's advice changed. */
async function masteredQuizzes(db: LinliDb, pack: PackVersionInfo): Promise<Set<string>> {
	const results = await db.quizResults.where('packId').equals(pack.id).toArray();
	return new Set(
		results
			.filter((r) => r.masteredAt && resultCounts(pack.changelog, r.lessonId, r))
			.map((r) => r.quizId)
	);
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

/**
 * A lesson's status from the progress on the phone. Mastery from before the lesson's advice changed
 * does not count, and a lesson with an "advice changed" notice pending is not completed.
 */
export function statusOf(
	data: PackProgressData,
	pack: Pick<PackMeta, 'id' | 'changelog'>,
	lesson: PackLessonSummary
): LessonStatus {
	const mastered = new Set(
		lesson.quizzes.filter((id) => {
			const result = data.quizzes.get(`${pack.id}/${id}`);
			return result?.masteredAt && resultCounts(pack.changelog, lesson.id, result);
		})
	);
	const progress = data.lessons.get(`${pack.id}/${lesson.id}`);
	const status = lessonStatus(lesson.quizzes, progress !== undefined, mastered);
	if (status === 'completed' && pendingRevisions(pack.changelog, lesson.id, progress).length) {
		return 'started';
	}
	return status;
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

/** The lessons opened last, newest first: the home page offers the first one not done. */
export function recentLessons(db: LinliDb): Promise<LessonProgress[]> {
	return db.lessonProgress.orderBy('lastOpenedAt').reverse().limit(20).toArray();
}
