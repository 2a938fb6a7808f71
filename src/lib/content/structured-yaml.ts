/**
 * Reading YAML (or JSON) text with positions: the author's pack.json, front matter, quiz and
 * checklist blocks. The checks themselves work on parsed data (structured.ts, block-checks.ts,
 * pack-json.ts), so code that checks data already parsed never loads this module's YAML library.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { LineIndex, type ProblemList, type Position } from './problems.js';
import type { PathKey, StructuredSource } from './structured.js';

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
	return {
		source: { file, at: (path, key) => locate(doc, lines, path, key) },
		data: doc.toJS({ maxAliasCount: 0 })
	};
}

function locate(doc: Document, lines: LineIndex, path: PathKey[], key = false): Position {
	let node: unknown = doc.contents;
	let best = (node as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
	for (let i = 0; i < path.length; i++) {
		const step = path[i];
		if (isMap(node)) {
			const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === step);
			if (!pair) break;
			const keyRange = (pair.key as { range?: [number, number, number] }).range;
			if (i === path.length - 1 && key && keyRange) return lines.at(keyRange[0]);
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
	return lines.at(best);
}
