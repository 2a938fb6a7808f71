import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../src/lib/i18n/locales/en/packcheck.json';
import zhHant from '../../src/lib/i18n/locales/zh-Hant/packcheck.json';
import zhHans from '../../src/lib/i18n/locales/zh-Hans/packcheck.json';
import { compileDirs } from '../../src/lib/content/node/check-content';
import { relaxForDraft } from '../../src/lib/content/draft';
import { formatProblem } from '../../src/lib/content/problems';
import { FIXTURES } from './pack-fixtures';

const draft = async () => {
	const [pack] = await compileDirs([join(FIXTURES, 'first-draft')], FIXTURES);
	return pack!;
};

describe("a teacher's first draft", () => {
	it('in draft mode, missing tags, audience, sources and changelog are warnings, the lessons still errors', async () => {
		const pack = await draft();
		expect(pack.problems.errors.map((p) => p.params.field)).toEqual(
			expect.arrayContaining(['tags', 'audience', 'sources', 'changelog'])
		);
		relaxForDraft(pack.problems);
		const warnings = pack.problems.items.filter((p) => p.severity === 'warning');
		expect(warnings.map((p) => p.params.field).sort()).toEqual([
			'audience',
			'changelog',
			'sources',
			'tags'
		]);
		expect(pack.problems.errors.map((p) => [p.code, p.params.field])).toEqual([
			['quiz.field.missing', 'questions[0].explain']
		]);
	});

	it('a quiz that cannot be read says so, and the lesson is not also said to have no quiz', async () => {
		const lines = (await draft()).problems.sorted().map((p) => formatProblem(p, en));
		expect(lines).toContain(
			'first-draft/01-exits.en.md:14:5  the quiz could not be read: "questions[0].explain" is missing  (add it; content/README.md shows a full quiz)'
		);
		expect(lines.join('\n')).not.toMatch(/has no quiz/);
	});

	it('no fix is written in parentheses, which the message puts it in (a Markdown example aside)', () => {
		const fixes = (catalog: unknown): string[] =>
			catalog && typeof catalog === 'object'
				? Object.entries(catalog).flatMap(([key, value]) =>
						key === 'fix' && typeof value === 'string' ? [value] : fixes(value)
					)
				: [];
		for (const [lang, catalog] of Object.entries({ en, zhHant, zhHans })) {
			const all = fixes(catalog);
			expect(all.length, lang).toBeGreaterThan(50);
			for (const fix of all)
				expect(fix.replace(/!\[[^\]]*\]\([^)]*\)/g, ''), `${lang}: ${fix}`).not.toMatch(/[()（）]/);
		}
	});
});
