import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { descriptionKey } from './page-description';

const routes = import.meta.glob('/src/routes/**/+page.svelte');
const english = JSON.parse(readFileSync('src/lib/i18n/locales/en/common.json', 'utf8')) as {
	description: Record<string, string>;
};

describe('page descriptions', () => {
	it('every page route has a description of its own or a shared one that exists', () => {
		const ids = Object.keys(routes).map(
			(file) => file.replace('/src/routes', '').replace(/\/\+page\.svelte$/, '') || '/'
		);
		expect(ids.length).toBeGreaterThan(10);
		for (const id of ids) {
			const key = descriptionKey(id).replace('common:description.', '');
			expect(english.description[key], id).toEqual(expect.any(String));
		}
	});

	it('gives staff pages theirs, and an unknown route the app’s', () => {
		expect(descriptionKey('/staff/tasks/[id]')).toBe('common:description.staff');
		expect(descriptionKey('/lessons/[pack]/[lesson]')).toBe('common:description.lesson');
		expect(descriptionKey(null)).toBe('common:description.default');
		expect(descriptionKey('/somewhere/new')).toBe('common:description.default');
	});
});
