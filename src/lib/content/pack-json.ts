/**
 * The checks of a pack's pack.json fields (schema, semantic version, SPDX licence, texts in every
 * language, changelog order) on data already parsed: from the author's pack.json (compile-pack.ts)
 * or from a compiled pack's meta.json (check-compiled.ts, with no YAML parser on the phone).
 * Relative imports only (shared with the CLI).
 */
import parseSpdx from 'spdx-expression-parse';
import semverValid from 'semver/functions/valid.js';
import semverGt from 'semver/functions/gt.js';
import type { ContentLang } from '../shared/lesson.js';
import { CONTENT_LANGUAGES } from '../shared/lesson.js';
import { PackJsonSchema, type PackJson } from '../shared/pack-schema.js';
import type { ProblemList } from './problems.js';
import { positionOf, validateStructured, type StructuredSource } from './structured.js';

export interface PackJsonRead {
	/** Set when pack.json passed its schema. */
	json?: PackJson;
	/** What was written, for the checks that can still run when another field is wrong. */
	languages: ContentLang[];
	id?: string;
	source: StructuredSource;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isRecord = (value: unknown): value is Record<string, unknown> =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The pack.json fields already parsed (from the file above, or from a compiled pack's meta.json):
 * the schema, then the checks beyond it.
 */
export function checkPackJson(
	raw: unknown,
	source: StructuredSource,
	problems: ProblemList
): PackJsonRead | undefined {
	const { file } = source;
	if (!isRecord(raw)) {
		problems.error('pack.json.notObject', file);
		return undefined;
	}
	const json = validateStructured(PackJsonSchema, raw, source, 'pack', problems);
	const where = (p: (string | number)[]) => positionOf(source, p);

	// Checks beyond the schema, on whatever fields have the right shape.
	if (isString(raw.version) && !semverValid(raw.version)) {
		problems.error('pack.version.semver', file, where(['version']), { version: raw.version });
	}
	if (isString(raw.license)) {
		try {
			parseSpdx(raw.license);
		} catch {
			problems.error('pack.license.spdx', file, where(['license']), { license: raw.license });
		}
	}
	const languages = (Array.isArray(raw.languages) ? raw.languages : []).filter(
		(lang): lang is ContentLang => (CONTENT_LANGUAGES as readonly unknown[]).includes(lang)
	);
	const seen = new Set<string>();
	languages.forEach((lang, i) => {
		if (seen.has(lang))
			problems.error('pack.languages.duplicate', file, where(['languages', i]), { lang });
		seen.add(lang);
	});
	const changelog = Array.isArray(raw.changelog) ? raw.changelog.filter(isRecord) : [];
	const needsEveryLanguage: [string, (string | number)[], unknown][] = [
		['title', ['title'], raw.title],
		['description', ['description'], raw.description],
		...changelog.map((c, i): [string, (string | number)[], unknown] => [
			`changelog[${i}].notes`,
			['changelog', i, 'notes'],
			c.notes
		]),
		...changelog.flatMap((c, i) =>
			(Array.isArray(c.revised) ? c.revised.filter(isRecord) : []).map(
				(r, j): [string, (string | number)[], unknown] => [
					`changelog[${i}].revised[${j}].notes`,
					['changelog', i, 'revised', j, 'notes'],
					r.notes
				]
			)
		)
	];
	for (const [field, path, texts] of needsEveryLanguage) {
		if (!isRecord(texts)) continue;
		for (const lang of new Set(languages)) {
			if (!isString(texts[lang]) || !texts[lang].trim()) {
				problems.error('pack.text.missing', file, where(path), { field, lang });
			}
		}
	}
	changelog.forEach((entry, i) => {
		if (isString(entry.version) && !semverValid(entry.version)) {
			problems.error('pack.version.semver', file, where(['changelog', i, 'version']), {
				version: entry.version
			});
		}
	});
	const newest = changelog[0]?.version;
	if (
		isString(raw.version) &&
		semverValid(raw.version) &&
		isString(newest) &&
		newest !== raw.version
	) {
		problems.error('pack.changelog.version', file, where(['changelog', 0, 'version']), {
			found: newest,
			expected: raw.version
		});
	}
	for (let i = 1; i < changelog.length; i++) {
		const [a, b] = [changelog[i - 1]?.version, changelog[i]?.version];
		if (isString(a) && isString(b) && semverValid(a) && semverValid(b) && !semverGt(a, b)) {
			problems.error('pack.changelog.order', file, where(['changelog', i, 'version']), {
				version: b
			});
		}
	}
	const valid = json && problems.errors.every((p) => p.file !== file);
	return {
		...(valid ? { json } : {}),
		languages: [...new Set(languages)],
		...(isString(raw.id) ? { id: raw.id } : {}),
		source
	};
}
