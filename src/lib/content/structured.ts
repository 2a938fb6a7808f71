/**
 * Checking the structured parts of a pack (pack.json, front matter, quiz and checklist blocks):
 * schema issues become problems that point at the offending key or value. Reading YAML text with
 * positions is structured-yaml.ts.
 */
import * as v from 'valibot';
import type { ProblemList, Position } from './problems.js';

export type PathKey = string | number;

/**
 * Where the checks report a problem: a file and a way to find a value (or, with key=true, its key)
 * in it. A YAML or JSON text read here knows every position; data that was already parsed (the
 * compiled pack a phone checks) points at one place. Only structured-yaml.ts needs the YAML library,
 * and nothing the phone's pack-file check imports reaches it.
 */
export interface StructuredSource {
	file: string;
	at(path: PathKey[], key?: boolean): Position;
}

/** A source for data already parsed: every problem is reported at `position`. */
export function fixedSource(file: string, position: Position): StructuredSource {
	return { file, at: () => position };
}

/** Where a value (or, with key=true, its key) sits in the source; the nearest parent if absent. */
export function positionOf(source: StructuredSource, path: PathKey[], key = false): Position {
	return source.at(path, key);
}

function fieldName(path: PathKey[]) {
	return path.reduce<string>(
		(name, key) => (typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${key}` : key),
		''
	);
}

const GENERIC_CODE = /^[a-z]+(\.[a-zA-Z]+)+$/;

/**
 * Validates data against a schema and reports every issue at its key or value. `prefix` names the
 * kind of document for messages ("pack", "frontMatter", "quiz", "checklist").
 */
export function validateStructured<S extends v.GenericSchema>(
	schema: S,
	data: unknown,
	source: StructuredSource,
	prefix: string,
	problems: ProblemList
): v.InferOutput<S> | undefined {
	const result = v.safeParse(schema, data, { abortEarly: false });
	if (result.success) return result.output;
	const seen = new Set<string>();
	for (const issue of result.issues) {
		const path = (issue.path ?? []).map((item) => item.key as PathKey);
		const field = fieldName(path);
		const unknownKey = issue.type === 'strict_object' && issue.expected === 'never';
		const missing = !unknownKey && issue.received === 'undefined';
		let code: string;
		let params: Record<string, string | number> = { field };
		if (unknownKey) code = `${prefix}.field.unknown`;
		else if (missing) code = `${prefix}.field.missing`;
		else if (GENERIC_CODE.test(issue.message)) {
			code = issue.message;
			params = { field, value: String(issue.input ?? '') };
		} else {
			code = `${prefix}.field.type`;
			params = { field, expected: expectedName(issue.expected) };
		}
		const key = `${code}@${field}`;
		if (seen.has(key)) continue;
		seen.add(key);
		const at = positionOf(source, missing ? path.slice(0, -1) : path, unknownKey);
		problems.error(code, source.file, at, params);
	}
	return undefined;
}

function expectedName(expected: string | null): string {
	if (!expected) return 'value';
	return expected.replace(/"/g, '');
}
