/**
 * The quiz and checklist checks beyond their schema (one correct answer for single choice, unique
 * ids, text rules), on data already parsed: from a lesson's YAML (blocks.ts) or from a compiled pack
 * (check-compiled.ts, which must not load a YAML parser on the phone).
 * Relative imports only (shared with the CLI).
 */
import type { Block, QuizQuestion } from '../shared/lesson.js';
import { ChecklistSchema, QuizSchema } from '../shared/pack-schema.js';
import { checkTextString } from './inline-text.js';
import type { ProblemList } from './problems.js';
import { positionOf, validateStructured, type StructuredSource } from './structured.js';

export const MIN_QUIZ_QUESTIONS = 3;

/** A quiz already parsed (from YAML above, or from a compiled pack): the schema, then the rest. */
export function checkQuiz(
	data: unknown,
	source: StructuredSource,
	problems: ProblemList
): Block | undefined {
	const { file } = source;
	const quiz = validateStructured(QuizSchema, data, source, 'quiz', problems);
	if (!quiz) return undefined;
	const where = (path: (string | number)[], key = false) => positionOf(source, path, key);

	const ids = new Set<string>();
	const questions: QuizQuestion[] = quiz.questions.map((question, q) => {
		if (ids.has(question.id)) {
			problems.error('quiz.question.duplicate', file, where(['questions', q, 'id']), {
				id: question.id
			});
		}
		ids.add(question.id);
		checkTextString(question.prompt, file, where(['questions', q, 'prompt']), problems);
		if (question.type === 'truefalse') {
			checkTextString(question.explain, file, where(['questions', q, 'explain']), problems);
			return question;
		}
		const correct = question.options.filter((o) => o.correct).length;
		if (correct === 0) {
			problems.error('quiz.question.noCorrect', file, where(['questions', q, 'options']), {
				question: question.id
			});
		} else if (question.type === 'single' && correct > 1) {
			problems.error('quiz.question.manyCorrect', file, where(['questions', q, 'options']), {
				question: question.id,
				count: correct
			});
		}
		question.options.forEach((option, o) => {
			checkTextString(option.text, file, where(['questions', q, 'options', o, 'text']), problems);
			checkTextString(
				option.explain,
				file,
				where(['questions', q, 'options', o, 'explain']),
				problems
			);
		});
		return {
			...question,
			options: question.options.map((o) => ({
				text: o.text,
				correct: o.correct === true,
				explain: o.explain
			}))
		};
	});
	if (questions.length < MIN_QUIZ_QUESTIONS) {
		problems.warn('quiz.questions.few', file, where(['questions'], true), {
			id: quiz.id,
			count: questions.length,
			min: MIN_QUIZ_QUESTIONS
		});
	}
	return { t: 'quiz', id: quiz.id, questions };
}

/** A checklist already parsed (from YAML above, or from a compiled pack). */
export function checkChecklist(
	data: unknown,
	source: StructuredSource,
	problems: ProblemList
): Block | undefined {
	const { file } = source;
	const list = validateStructured(ChecklistSchema, data, source, 'checklist', problems);
	if (!list) return undefined;
	const where = (path: (string | number)[]) => positionOf(source, path);
	const ids = new Set<string>();
	list.items.forEach((item, i) => {
		if (ids.has(item.id))
			problems.error('checklist.item.duplicate', file, where(['items', i, 'id']), { id: item.id });
		ids.add(item.id);
		if (item.quantity !== undefined && !item.unit) {
			problems.error('checklist.item.unit', file, where(['items', i, 'quantity']), { id: item.id });
		}
		if (item.scale !== undefined && item.quantity === undefined) {
			problems.error('checklist.item.scale', file, where(['items', i, 'scale']), { id: item.id });
		}
		checkTextString(item.text, file, where(['items', i, 'text']), problems);
	});
	return {
		t: 'checklist',
		id: list.id,
		...(list.title ? { title: list.title } : {}),
		items: list.items
	};
}
