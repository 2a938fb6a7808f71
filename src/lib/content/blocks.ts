/**
 * The quiz and checklist blocks of a lesson: fenced YAML, read with positions, then checked by
 * block-checks.ts.
 * Relative imports only (shared with the CLI).
 */
import type { Block } from '../shared/lesson.js';
import { checkChecklist, checkQuiz } from './block-checks.js';
import type { ProblemList, Position } from './problems.js';
import { parseStructured } from './structured-yaml.js';

export function readQuiz(
	yaml: string,
	file: string,
	start: Position,
	problems: ProblemList
): Block | undefined {
	const parsed = parseStructured(yaml, file, start, problems, 'quiz.yaml');
	return parsed && checkQuiz(parsed.data, parsed.source, problems);
}

export function readChecklist(
	yaml: string,
	file: string,
	start: Position,
	problems: ProblemList
): Block | undefined {
	const parsed = parseStructured(yaml, file, start, problems, 'checklist.yaml');
	return parsed && checkChecklist(parsed.data, parsed.source, problems);
}
