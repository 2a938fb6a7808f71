/**
 * A lesson's translations must teach the same thing: the same order in the pack, the same quizzes
 * with the same right answers, the same checklists with the same items. A translation that marks a
 * different answer correct is a safety bug, so it is an error.
 * Relative imports only (shared with the CLI).
 */
import type { Block, QuizQuestion } from '../shared/lesson.js';
import type { ParsedLesson } from './compile-pack.js';
import { ProblemList } from './problems.js';

function answerKey(question: QuizQuestion): string {
	if (question.type === 'truefalse') return `truefalse:${question.answer}`;
	return `${question.type}:${question.options.map((o) => (o.correct ? 1 : 0)).join('')}`;
}

function byId<T extends Block>(blocks: Block[], type: T['t']): Map<string, T> {
	return new Map(
		blocks.filter((b): b is T => b.t === type).map((b) => [(b as T & { id: string }).id, b])
	);
}

export function compareLanguages(ref: ParsedLesson, other: ParsedLesson, problems: ProblemList) {
	const lesson = ref.frontMatter.id;
	const params = { lesson, lang: other.lang, reference: ref.lang };
	if (ref.frontMatter.order !== other.frontMatter.order) {
		problems.error('lesson.order.mismatch', other.file, other.at, {
			...params,
			expected: ref.frontMatter.order,
			found: other.frontMatter.order
		});
	}

	type Quiz = Extract<Block, { t: 'quiz' }>;
	type Checklist = Extract<Block, { t: 'checklist' }>;
	const refQuizzes = byId<Quiz>(ref.blocks, 'quiz');
	const otherQuizzes = byId<Quiz>(other.blocks, 'quiz');
	const ids = (m: Map<string, unknown>) => [...m.keys()].join(', ') || '—';
	if (ids(refQuizzes) !== ids(otherQuizzes)) {
		problems.error('consistency.quizzes', other.file, other.at, {
			...params,
			expected: ids(refQuizzes),
			found: ids(otherQuizzes)
		});
	}
	for (const [id, quiz] of refQuizzes) {
		const translated = otherQuizzes.get(id);
		if (!translated) continue;
		const refQuestions = quiz.questions.map((q) => q.id).join(', ');
		const otherQuestions = translated.questions.map((q) => q.id).join(', ');
		if (refQuestions !== otherQuestions) {
			problems.error('consistency.questions', other.file, other.at, {
				...params,
				quiz: id,
				expected: refQuestions,
				found: otherQuestions
			});
			continue;
		}
		quiz.questions.forEach((question, i) => {
			const theirs = translated.questions[i];
			if (theirs && answerKey(question) !== answerKey(theirs)) {
				problems.error('consistency.answers', other.file, other.at, {
					...params,
					quiz: id,
					question: question.id
				});
			}
		});
	}

	const refLists = byId<Checklist>(ref.blocks, 'checklist');
	const otherLists = byId<Checklist>(other.blocks, 'checklist');
	if (ids(refLists) !== ids(otherLists)) {
		problems.error('consistency.checklists', other.file, other.at, {
			...params,
			expected: ids(refLists),
			found: ids(otherLists)
		});
	}
	for (const [id, list] of refLists) {
		const translated = otherLists.get(id);
		if (!translated) continue;
		const key = (l: Checklist) =>
			l.items
				.map((item) => `${item.id}:${item.quantity ?? ''}${item.scale ? `/${item.scale}` : ''}`)
				.join(', ');
		if (key(list) !== key(translated)) {
			problems.error('consistency.items', other.file, other.at, {
				...params,
				checklist: id,
				expected: key(list),
				found: key(translated)
			});
		}
	}
}
