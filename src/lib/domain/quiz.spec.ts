import { describe, expect, it } from 'vitest';
import type { QuizQuestion } from '$shared/lesson';
import { gradeAnswer } from './quiz';

const option = (correct: boolean) => ({ text: 'x', explain: 'y', correct });

describe('grading a quiz answer', () => {
	it('single choice: only the one correct option', () => {
		const q: QuizQuestion = {
			id: 'a',
			type: 'single',
			prompt: 'p',
			options: [option(false), option(true)]
		};
		expect(gradeAnswer(q, 1)).toBe(true);
		expect(gradeAnswer(q, 0)).toBe(false);
		expect(gradeAnswer(q, [1])).toBe(false);
		expect(gradeAnswer(q, undefined)).toBe(false);
	});

	it('choose all that apply: every correct option and nothing else', () => {
		const q: QuizQuestion = {
			id: 'b',
			type: 'multiple',
			prompt: 'p',
			options: [option(true), option(false), option(true)]
		};
		expect(gradeAnswer(q, [2, 0])).toBe(true);
		expect(gradeAnswer(q, [0])).toBe(false);
		expect(gradeAnswer(q, [0, 1, 2])).toBe(false);
		expect(gradeAnswer(q, 0)).toBe(false);
	});

	it('true or false', () => {
		const q: QuizQuestion = {
			id: 'c',
			type: 'truefalse',
			prompt: 'p',
			answer: false,
			explain: 'e'
		};
		expect(gradeAnswer(q, false)).toBe(true);
		expect(gradeAnswer(q, true)).toBe(false);
	});
});
