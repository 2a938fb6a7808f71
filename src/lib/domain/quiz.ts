import type { QuizQuestion } from '$shared/lesson';

/** A reader's answer: option index (single), indices (multiple), or true/false. */
export type Answer = number | number[] | boolean;

/** True when the answer is exactly right: for "choose all", every right option and no other. */
export function gradeAnswer(question: QuizQuestion, answer: Answer | undefined): boolean {
	if (answer === undefined) return false;
	if (question.type === 'truefalse') return answer === question.answer;
	const correct = question.options.flatMap((o, i) => (o.correct ? [i] : []));
	if (question.type === 'single')
		return typeof answer === 'number' && correct.length === 1 && correct[0] === answer;
	if (!Array.isArray(answer)) return false;
	const picked = [...new Set(answer)].sort((a, b) => a - b);
	return picked.length === correct.length && picked.every((value, i) => value === correct[i]);
}
