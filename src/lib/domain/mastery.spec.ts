import { describe, expect, it } from 'vitest';
import { isMastered, lessonStatus, packProgress, scoreOf } from './mastery';

describe('mastery', () => {
	it('masters a quiz at 80% of questions right, not below', () => {
		expect(isMastered(scoreOf(4, 5))).toBe(true);
		expect(isMastered(scoreOf(3, 3))).toBe(true);
		expect(isMastered(scoreOf(2, 3))).toBe(false);
		expect(isMastered(scoreOf(3, 4))).toBe(false);
		expect(isMastered(scoreOf(0, 0))).toBe(false);
	});

	it('completes a lesson when all of its quizzes are mastered', () => {
		expect(lessonStatus(['a', 'b'], true, new Set(['a']))).toBe('started');
		expect(lessonStatus(['a', 'b'], true, new Set(['a', 'b']))).toBe('completed');
		expect(lessonStatus(['a'], false, new Set())).toBe('new');
		expect(lessonStatus([], true, new Set())).toBe('completed');
	});

	it('awards the pack badge only when every lesson is completed', () => {
		expect(packProgress(['completed', 'started'])).toEqual({
			completed: 1,
			total: 2,
			badge: false
		});
		expect(packProgress(['completed', 'completed'])).toEqual({
			completed: 2,
			total: 2,
			badge: true
		});
		expect(packProgress([]).badge).toBe(false);
	});
});
