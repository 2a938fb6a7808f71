/**
 * A lesson file: front matter between --- lines, then Markdown.
 * Relative imports only (shared with the CLI).
 */
import { FrontMatterSchema, ID_PATTERN, type FrontMatter } from '../shared/pack-schema.js';
import { ProblemList } from './problems.js';
import { validateStructured } from './structured.js';
import { parseStructured } from './structured-yaml.js';

export interface LessonSource {
	frontMatter?: FrontMatter;
	/** False when the front matter had problems (already reported); its values are best guesses. */
	valid: boolean;
	body: string;
	/** The file line on which the body starts. */
	bodyLine: number;
}

export function splitLessonFile(text: string, file: string, problems: ProblemList): LessonSource {
	const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
	const lines = normalized.split('\n');
	if (lines[0]?.trim() !== '---') {
		problems.error('lesson.frontMatter.missing', file);
		return { body: normalized, bodyLine: 1, valid: false };
	}
	const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
	if (end === -1) {
		problems.error('lesson.frontMatter.unclosed', file);
		return { body: '', bodyLine: lines.length, valid: false };
	}
	const yaml = lines.slice(1, end).join('\n');
	const body = lines.slice(end + 1).join('\n');
	const bodyLine = end + 2;
	const parsed = parseStructured(
		yaml,
		file,
		{ line: 2, column: 1 },
		problems,
		'lesson.frontMatter.syntax'
	);
	if (!parsed) return { body, bodyLine, valid: false };
	const data = parsed.data;
	if (data === null || typeof data !== 'object' || Array.isArray(data)) {
		problems.error('lesson.frontMatter.notMap', file, { line: 2, column: 1 });
		return { body, bodyLine, valid: false };
	}
	const frontMatter = validateStructured(
		FrontMatterSchema,
		data,
		parsed.source,
		'frontMatter',
		problems
	);
	if (frontMatter) return { frontMatter, body, bodyLine, valid: true };
	// Keep checking the rest of the pack against this lesson (its translations, its links) when at
	// least its id is readable: "no English version" would be a misleading second error.
	const raw = data as Record<string, unknown>;
	if (typeof raw.id !== 'string' || !ID_PATTERN.test(raw.id))
		return { body, bodyLine, valid: false };
	const str = (value: unknown) => (typeof value === 'string' ? value : '');
	const whole = (value: unknown, fallback: number) =>
		typeof value === 'number' && Number.isInteger(value) ? value : fallback;
	return {
		frontMatter: {
			id: raw.id,
			title: str(raw.title),
			summary: str(raw.summary),
			minutes: whole(raw.minutes, 1),
			order: whole(raw.order, 0)
		},
		body,
		bodyLine,
		valid: false
	};
}
