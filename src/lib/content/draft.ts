/**
 * Draft mode of the pack checker (`linli pack check --draft`): a first draft may leave what only a
 * published pack needs (tags, audience, sources, changelog) for later. Their problems become
 * warnings; everything about the lessons themselves stays an error.
 * Relative imports only (shared with the CLI).
 */
import type { ProblemList, Problem } from './problems.js';

export const DRAFT_FIELDS = ['tags', 'audience', 'sources', 'changelog'] as const;

const FIELD = new RegExp(`^(${DRAFT_FIELDS.join('|')})(\\[|\\.|$)`);
const CODES = new Set(['sources.none', 'changelog.empty', 'audience.unknown', 'tag.invalid']);

/** A problem about a field only a published pack needs. */
export function waitsForPublishing(problem: Problem): boolean {
	if (!problem.file.endsWith('/pack.json') && problem.file !== 'pack.json') return false;
	if (CODES.has(problem.code) || problem.code.startsWith('pack.changelog.')) return true;
	return FIELD.test(String(problem.params.field ?? ''));
}

/** Turns those problems into warnings, in place. */
export function relaxForDraft(problems: ProblemList): void {
	for (const problem of problems.items)
		if (problem.severity === 'error' && waitsForPublishing(problem)) problem.severity = 'warning';
}
