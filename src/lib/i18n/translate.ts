/**
 * The app's message lookup: namespaces ("volunteer:form.title"), nested keys, plurals by
 * Intl.PluralRules ("_one", "_other" suffixes) and {{name}} placeholders — the subset of i18next's
 * format that the locale files use, in a few hundred bytes instead of i18next's 18 KB (the home
 * page's script budget, issue 9). `translate.spec.ts` checks every key of every language against
 * i18next itself, so the two cannot drift apart unnoticed.
 */
import type { Strings } from './resources';

export type { Strings };
/** One language's strings, by namespace. */
export type Bundles = Record<string, Strings>;
/** Values for a message's placeholders; `count` also picks the plural form. */
export type TOptions = Record<string, unknown>;
export type TFunction = (key: string, options?: TOptions) => string;

const DEFAULT_NAMESPACE = 'common';
const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** A key's text; a key may itself hold dots ("mutation" → "volunteer.save"), as in i18next. */
function lookup(node: string | Strings | undefined, parts: string[], from = 0): string | undefined {
	if (from === parts.length) return typeof node === 'string' ? node : undefined;
	if (node === undefined || typeof node === 'string') return undefined;
	for (let to = from + 1; to <= parts.length; to++) {
		const child = node[parts.slice(from, to).join('.')];
		if (child === undefined) continue;
		const found = lookup(child, parts, to);
		if (found !== undefined) return found;
	}
	return undefined;
}

function valueAt(options: TOptions, path: string): unknown {
	let value: unknown = options;
	for (const part of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}

/** Fills {{name}} placeholders; an unknown one stays as written, null or undefined-valued ones empty. */
export function interpolate(text: string, options: TOptions | undefined): string {
	if (!options || !text.includes('{{')) return text;
	return text.replace(PLACEHOLDER, (whole, path: string) => {
		if (!(path.split('.')[0]! in options)) return whole;
		const value = valueAt(options, path);
		return value === undefined ? whole : value === null ? '' : String(value);
	});
}

export interface TranslatorHooks {
	/** Told each namespace looked up (the server notes what a page's render used). */
	used?: (namespace: string) => void;
	/** Told a namespace the first language does not have yet (the browser loads it). */
	missing?: (namespace: string) => void;
}

/**
 * A t for one language, falling back to another (English) for keys it lacks. Languages are
 * tried in order; in each, the plural form for `count` first, then the plain key; then the
 * `defaultValue` option, then the key itself.
 */
export function translator(
	languages: { lang: string; bundles: Bundles }[],
	hooks: TranslatorHooks = {}
): TFunction {
	const rules = languages.map(({ lang }) => new Intl.PluralRules(lang));
	return (key, options) => {
		const colon = key.indexOf(':');
		const namespace = colon > 0 ? key.slice(0, colon) : DEFAULT_NAMESPACE;
		const path = colon > 0 ? key.slice(colon + 1) : key;
		hooks.used?.(namespace);
		if (hooks.missing && !(namespace in languages[0]!.bundles)) hooks.missing(namespace);
		const count = options?.count;
		const parts = path.split('.');
		for (const [i, { bundles }] of languages.entries()) {
			const strings = bundles[namespace];
			const text =
				(typeof count === 'number'
					? lookup(strings, withSuffix(parts, `_${rules[i]!.select(count)}`))
					: undefined) ?? lookup(strings, parts);
			if (text !== undefined) return interpolate(text, options);
		}
		const fallback = options?.defaultValue;
		return typeof fallback === 'string' ? interpolate(fallback, options) : path;
	};
}

function withSuffix(parts: string[], suffix: string): string[] {
	return [...parts.slice(0, -1), `${parts.at(-1)}${suffix}`];
}
