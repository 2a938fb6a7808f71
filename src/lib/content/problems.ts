/**
 * Problems found in a lesson pack. Each names its file, line and column, a code (its message and
 * how to fix it live in the packcheck namespace of every language) and the values to fill in.
 */
export type Severity = 'error' | 'warning';

export interface Position {
	line: number;
	column: number;
}

export interface Problem extends Position {
	severity: Severity;
	code: string;
	file: string;
	params: Record<string, string | number>;
}

export const START: Position = { line: 1, column: 1 };

export class ProblemList {
	readonly items: Problem[] = [];

	error(code: string, file: string, at: Position = START, params: Problem['params'] = {}) {
		this.items.push({ severity: 'error', code, file, line: at.line, column: at.column, params });
	}

	warn(code: string, file: string, at: Position = START, params: Problem['params'] = {}) {
		this.items.push({ severity: 'warning', code, file, line: at.line, column: at.column, params });
	}

	get errors() {
		return this.items.filter((p) => p.severity === 'error');
	}

	sorted(): Problem[] {
		return [...this.items].sort(
			(a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column
		);
	}
}

/** Maps character offsets in a text to 1-based lines and columns, shifted by where it starts. */
export class LineIndex {
	#starts: number[] = [0];

	constructor(
		text: string,
		private readonly base: Position = START
	) {
		for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.#starts.push(i + 1);
	}

	at(offset: number): Position {
		let low = 0;
		let high = this.#starts.length - 1;
		while (low < high) {
			const mid = (low + high + 1) >> 1;
			if ((this.#starts[mid] ?? 0) <= offset) low = mid;
			else high = mid - 1;
		}
		const line = low + 1;
		const column = offset - (this.#starts[low] ?? 0) + 1;
		return line === 1
			? { line: this.base.line, column: this.base.column + column - 1 }
			: { line: this.base.line + line - 1, column };
	}
}

export type Catalog = Record<string, unknown>;

function lookup(catalog: Catalog, key: string): string | undefined {
	let node: unknown = catalog;
	for (const part of key.split('.')) {
		if (!node || typeof node !== 'object') return undefined;
		node = (node as Record<string, unknown>)[part];
	}
	return typeof node === 'string' ? node : undefined;
}

function fill(template: string, params: Problem['params']) {
	return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** The problem's message and fix in one language (the packcheck namespace). */
export function describeProblem(problem: Problem, catalog: Catalog) {
	const message = lookup(catalog, `${problem.code}.message`) ?? problem.code;
	const fix = lookup(catalog, `${problem.code}.fix`);
	return {
		message: fill(message, problem.params),
		fix: fix ? fill(fix, problem.params) : undefined
	};
}

/** `file:line:column  message  (how to fix)`, prefixed with "warning:" for warnings. */
export function formatProblem(problem: Problem, catalog: Catalog): string {
	const { message, fix } = describeProblem(problem, catalog);
	const where = `${problem.file}:${problem.line}:${problem.column}`;
	const level = problem.severity === 'warning' ? 'warning: ' : '';
	return `${where}  ${level}${message}${fix ? `  (${fix})` : ''}`;
}
