import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/lib/i18n/languages';
import { NAMESPACES } from '../../src/lib/i18n/resources';

const ROOT = 'src/lib/i18n/locales';
type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
	const out = new Map<string, string>();
	for (const [key, value] of Object.entries(tree)) {
		const path = prefix ? `${prefix}.${key}` : key;
		if (typeof value === 'string') out.set(path, value);
		else for (const [k, v] of flatten(value, path)) out.set(k, v);
	}
	return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const load = (lang: string, ns: string) =>
	flatten(JSON.parse(readFileSync(join(ROOT, lang, `${ns}.json`), 'utf8')) as Tree);
const placeholders = (text: string) =>
	[...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
	it('every language has exactly the namespaces the app loads', () => {
		for (const lang of LANGUAGES) {
			const files = readdirSync(join(ROOT, lang))
				.map((f) => f.replace(/\.json$/, ''))
				.sort();
			expect(files, lang).toEqual([...NAMESPACES].sort());
		}
	});

	it('every key exists, non-empty, in every language, with the plural forms each language needs', () => {
		for (const ns of NAMESPACES) {
			const base = (lang: string) =>
				new Set([...load(lang, ns).keys()].map((k) => k.replace(PLURAL, '')));
			const reference = base('en');
			for (const lang of LANGUAGES) {
				expect([...base(lang)].sort(), `${lang}/${ns}.json keys`).toEqual([...reference].sort());
				const strings = load(lang, ns);
				for (const [key, value] of strings)
					expect(value.trim(), `${lang}/${ns}:${key} is empty`).not.toBe('');
				const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
				const plurals = new Set(
					[...load('en', ns).keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, ''))
				);
				for (const key of plurals) {
					for (const category of categories) {
						expect(strings.has(`${key}_${category}`), `${lang}/${ns}:${key}_${category}`).toBe(
							true
						);
					}
				}
			}
		}
	});

	it('every translation keeps the placeholders of the English text', () => {
		for (const ns of NAMESPACES) {
			const en = load('en', ns);
			for (const lang of LANGUAGES) {
				for (const [key, value] of load(lang, ns)) {
					const reference = en.get(key) ?? en.get(key.replace(PLURAL, '_other'));
					expect(placeholders(value), `${lang}/${ns}:${key}`).toEqual(
						placeholders(reference ?? '')
					);
				}
			}
		}
	});

	it('Chinese files are really translated, not English left behind', () => {
		// Strings that are the same in every language (names, numbers) may stay as they are.
		const untranslatable = /^[\d\s{}%()./:·—-]*(\{\{\s*\w+\s*\}\}[\s/·:()]*)*$|^(English|Linli)$/;
		for (const lang of ['zh-Hant', 'zh-Hans']) {
			for (const ns of NAMESPACES) {
				for (const [key, value] of load(lang, ns)) {
					if (untranslatable.test(value)) continue;
					expect(value, `${lang}/${ns}:${key}`).toMatch(/\p{Script=Han}/u);
				}
			}
		}
	});

	it('every translation key used in the code exists in English', () => {
		const files: string[] = [];
		const walk = (dir: string) => {
			for (const entry of readdirSync(dir, { withFileTypes: true })) {
				const path = join(dir, entry.name);
				if (entry.isDirectory()) walk(path);
				else if (/\.(svelte|ts)$/.test(entry.name) && !entry.name.endsWith('.spec.ts'))
					files.push(path);
			}
		};
		walk('src');
		const used = new Set<string>();
		for (const file of files) {
			for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-z]+):([\w.]+)'/g)) {
				used.add(`${match[1]}:${match[2]}`);
			}
		}
		expect(used.size).toBeGreaterThan(50);
		for (const key of used) {
			const [ns, path] = key.split(':') as [string, string];
			const en = load('en', ns);
			expect(en.has(path) || en.has(`${path}_other`), key).toBe(true);
		}
	});
});
