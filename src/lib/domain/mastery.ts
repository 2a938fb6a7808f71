/**
 * When a lesson is learned: every quiz in it mastered, a quiz mastered at 80% of its questions
 * right (readers may retry as often as they like; the best score counts). A pack is complete,
 * and earns its badge, when every lesson in it is.
 */
export const MASTERY_THRESHOLD = 0.8;

export function scoreOf(right: number, total: number): number {
	return total > 0 ? right / total : 0;
}

export function isMastered(score: number): boolean {
	// Scores are fractions like 4/5; compare with a little room for floating point.
	return score + 1e-9 >= MASTERY_THRESHOLD;
}

export type LessonStatus = 'new' | 'started' | 'completed';

export function lessonStatus(
	quizIds: readonly string[],
	opened: boolean,
	masteredQuizzes: ReadonlySet<string>
): LessonStatus {
	if (quizIds.length > 0 && quizIds.every((id) => masteredQuizzes.has(id))) return 'completed';
	if (quizIds.length === 0 && opened) return 'completed';
	return opened ? 'started' : 'new';
}

export interface PackProgress {
	completed: number;
	total: number;
	/** Every lesson completed: the pack's badge is earned. */
	badge: boolean;
}

export function packProgress(statuses: readonly LessonStatus[]): PackProgress {
	const completed = statuses.filter((s) => s === 'completed').length;
	return {
		completed,
		total: statuses.length,
		badge: statuses.length > 0 && completed === statuses.length
	};
}
