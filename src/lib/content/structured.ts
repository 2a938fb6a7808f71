/**
 * Reading the structured parts of a pack (pack.json, front matter, quiz and checklist blocks) with
 * positions, and turning schema issues into problems that point at the offending key or value.
 */
import * as v from 'valibot';
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { LineIndex, ProblemList, type Position } from './problems.js';

export interface StructuredSource {
	file: string;
	text: string;
	doc: Document;
	lines: LineIndex;
}

/** Parses YAML (or JSON) text that starts at `base` in `file`; syntax errors become problems. */
export function parseStructured(
	text: string,
	file: string,
	base: Position,
	problems: ProblemList,
	syntaxCode: string
): { source: StructuredSource; data: unknown } | undefined {
	const lines = new LineIndex(text, base);
	const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
	if (doc.errors.length > 0) {
		for (const error of doc.errors) {
			problems.error(syntaxCode, file, lines.at(error.pos[0]), {
				detail: error.message.split('\n')[0] ?? error.code
			});
		}
		return undefined;
	}
	return { source: { file, text, doc, lines }, data: doc.toJS({ maxAliasCount: 0 }) };
}

type PathKey = string | number;

/** Where a value (or, with key=true, its key) sits in the source; the nearest parent if absent. */
export function positionOf(source: StructuredSource, path: PathKey[], key = false): Position {
	let node: unknown = source.doc.contents;
	let best = (node as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
	for (let i = 0; i < path.length; i++) {
		const step = path[i];
		if (isMap(node)) {
			const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === step);
			if (!pair) break;
			const keyRange = (pair.key as { range?: [number, number, number] }).range;
			if (i === path.length - 1 && key && keyRange) return source.lines.at(keyRange[0]);
			node = pair.value;
			best =
				(node as { range?: [number, number, number] } | null)?.range?.[0] ?? keyRange?.[0] ?? best;
		} else if (isSeq(node) && typeof step === 'number') {
			node = node.items[step];
			best = (node as { range?: [number, number, number] } | null)?.range?.[0] ?? best;
		} else {
			break;
		}
	}
	return source.lines.at(best);
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
