import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { interpolate, translator, type Bundles, type Strings } from './translate';

const LOCALES = join(import.meta.dirname, 'locales');
const LANGS = readdirSync(LOCALES);

function bundlesOf(lang: string): Bundles {
	return Object.fromEntries(
		readdirSync(join(LOCALES, lang)).map((file) => [
			file.replace(/\.json$/, ''),
			JSON.parse(readFileSync(join(LOCALES, lang, file), 'utf8')) as Strings
		])
	);
}

function leaves(strings: Strings, prefix = ''): [string, string][] {
	return Object.entries(strings).flatMap(([key, value]) =>
		typeof value === 'string'
			? [[`${prefix}${key}`, value] as [string, string]]
			: leaves(value, `${prefix}${key}.`)
	);
}

const all = Object.fromEntries(LANGS.map((lang) => [lang, bundlesOf(lang)]));

/** The reference: i18next configured as the app configured it until issue 9. */
async function reference() {
	const instance = i18next.createInstance();
	await instance.init({
		lng: 'en',
		fallbackLng: 'en',
		ns: Object.keys(all.en!),
		defaultNS: 'common',
		resources: all,
		initAsync: false,
		returnNull: false,
		interpolation: { escapeValue: false }
	});
	return instance;
}

describe('translator', () => {
	it('gives what i18next gives for every key of every language, with plurals and placeholders', async () => {
		const instance = await reference();
		let compared = 0;
		for (const lang of LANGS) {
			const ours = translator(
				lang === 'en'
					? [{ lang, bundles: all[lang]! }]
					: [
							{ lang, bundles: all[lang]! },
							{ lang: 'en', bundles: all.en! }
						]
			);
			const theirs = instance.getFixedT(lang);
			for (const [namespace, strings] of Object.entries(all[lang]!)) {
				for (const [path, text] of leaves(strings)) {
					const key = `${namespace}:${path.replace(/_(one|other|zero|two|few|many)$/, '')}`;
					const options: Record<string, unknown> = {};
					for (const [, name] of text.matchAll(/\{\{\s*([^{}]+?)\s*\}\}/g))
						options[name!.split('.')[0]!] = `<${name}>`;
					for (const count of [0, 1, 2, 21]) {
						const withCount = { ...options, count };
						expect(ours(key, withCount), `${lang} ${key} count=${count}`).toBe(
							theirs(key, withCount)
						);
					}
					expect(ours(key, options), `${lang} ${key}`).toBe(theirs(key, options));
					expect(ours(key), `${lang} ${key} without values`).toBe(theirs(key));
					const fallback = { defaultValue: 'fallback {{x}}', x: 1 };
					expect(ours(`${key}.absent`, fallback)).toBe(theirs(`${key}.absent`, fallback));
					compared++;
				}
			}
		}
		expect(compared).toBeGreaterThan(2000);
	});

	it('falls back to English for a key a language lacks, and to the key when none has it', () => {
		const t = translator([
			{ lang: 'zh-Hant', bundles: { common: { a: '甲' } } },
			{ lang: 'en', bundles: { common: { a: 'A', b: 'B' }, x: { y: { z: 'Z' } } } }
		]);
		expect(t('a')).toBe('甲');
		expect(t('b')).toBe('B');
		expect(t('x:y.z')).toBe('Z');
		expect(t('x:y')).toBe('y');
		expect(t('nope.key')).toBe('nope.key');
		expect(t('nope', { defaultValue: 'd {{n}}', n: 1 })).toBe('d 1');
		expect(t('a', { defaultValue: 'unused' })).toBe('甲');
	});

	it('picks plural forms by the language’s rules', () => {
		const t = translator([
			{ lang: 'en', bundles: { common: { n_one: '{{count}} item', n_other: '{{count}} items' } } }
		]);
		expect(t('n', { count: 1 })).toBe('1 item');
		expect(t('n', { count: 3 })).toBe('3 items');
		expect(t('n')).toBe('n');
	});

	it('fills nested, null and missing placeholders as i18next does', () => {
		expect(interpolate('{{a.b}} / {{c}} / {{d}}', { a: { b: 5 }, c: null })).toBe('5 /  / {{d}}');
		expect(interpolate('{{ name }}', { name: 0 })).toBe('0');
		expect(interpolate('no placeholders', { name: 'x' })).toBe('no placeholders');
	});
});
