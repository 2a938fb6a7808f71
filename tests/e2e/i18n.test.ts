import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { waitForApp, waitForServiceWorker } from './helpers';

/** A string of a locale file, as the page must show it. */
function text(lang: string, namespace: string, key: string): string {
	const strings = JSON.parse(
		readFileSync(
			new URL(`../../src/lib/i18n/locales/${lang}/${namespace}.json`, import.meta.url),
			'utf8'
		)
	) as Record<string, unknown>;
	const found = key
		.split('.')
		.reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], strings);
	if (typeof found !== 'string') throw new Error(`no ${lang} ${namespace}:${key}`);
	return found;
}

/** The namespaces the server put into the page (route-strings.ts). */
async function inlined(page: import('@playwright/test').Page): Promise<string[]> {
	return page.evaluate(() =>
		Object.keys(JSON.parse(document.getElementById('linli-strings')!.textContent!) as object)
	);
}

test.describe('languages', () => {
	test('Accept-Language zh-TW renders Traditional Chinese with <html lang="zh-Hant">', async ({
		browser
	}) => {
		const context = await browser.newContext({ locale: 'zh-TW' });
		const page = await context.newPage();
		const response = await page.goto('/');
		const html = await response!.text();
		expect(html).toMatch(/<html lang="zh-Hant"/);
		expect(html).toContain('課程');
		await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant');
		await expect(
			page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '課程' })
		).toBeVisible();
		await context.close();
	});

	for (const [header, lang, word] of [
		['zh-Hant-HK', 'zh-Hant', '課程'],
		['zh-HK,en;q=0.5', 'zh-Hant', '課程'],
		['zh-CN', 'zh-Hans', '课程'],
		['zh-SG', 'zh-Hans', '课程'],
		['zh', 'zh-Hans', '课程'],
		['fr-FR,de;q=0.8', 'en', 'Lessons']
	] as const) {
		test(`Accept-Language "${header}" renders ${lang}`, async ({ request }) => {
			const html = await (
				await request.get('/', { headers: { 'accept-language': header } })
			).text();
			expect(html).toContain(`<html lang="${lang}"`);
			expect(html).toContain(word);
		});
	}

	test('the switcher changes the text without a reload, and the choice survives a reload', async ({
		page
	}) => {
		await page.goto('/');
		await waitForApp(page);
		await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
		await page.getByRole('combobox', { name: 'Language', exact: true }).selectOption('zh-Hans');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('邻里守望，一起做好准备');
		await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
		expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

		await page.reload();
		await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('邻里守望，一起做好准备');
		expect(
			await page.evaluate(() => (window as unknown as { marker?: number }).marker)
		).toBeUndefined();
	});

	test('concurrent server renders in different languages never mix', async ({ request }) => {
		const langs = [
			['zh-TW', 'zh-Hant', '街坊鄰居，一起準備好'],
			['zh-CN', 'zh-Hans', '邻里守望，一起做好准备'],
			['en', 'en', 'Neighbours ready together']
		] as const;
		const jobs = Array.from({ length: 30 }, (_, i) => langs[i % langs.length]!);
		const pages = await Promise.all(
			jobs.map(async ([header, lang, heading]) => {
				const html = await (
					await request.get('/lessons', { headers: { 'accept-language': header } })
				).text();
				return { html, lang, heading };
			})
		);
		for (const { html, lang } of pages) {
			expect(html).toContain(`<html lang="${lang}"`);
			const foreign = langs.filter(([, other]) => other !== lang).map(([, , heading]) => heading);
			for (const heading of foreign) expect(html).not.toContain(heading);
		}
		const home = await Promise.all(
			jobs.map(async ([header, , heading]) => ({
				heading,
				html: await (await request.get('/', { headers: { 'accept-language': header } })).text()
			}))
		);
		for (const { html, heading } of home) expect(html).toContain(heading);
	});

	test('after a switch, pages whose strings the first page did not carry show them, online and offline', async ({
		page,
		context
	}) => {
		await page.goto('/');
		await waitForApp(page);
		await waitForServiceWorker(page);
		const first = await inlined(page);
		// The home page carries its own strings, not the volunteer, events or staff ones.
		expect(first).toContain('home');
		for (const namespace of ['volunteer', 'events', 'settings', 'admin'])
			expect(first).not.toContain(namespace);
		await page.evaluate(() => {
			const w = window as unknown as { marker: number; headings: string[] };
			w.marker = 42;
			// Every heading text the page ever shows: a key's raw path ("title") must never flash.
			w.headings = [];
			new MutationObserver(() => {
				for (const h1 of document.querySelectorAll('h1')) w.headings.push(h1.textContent ?? '');
			}).observe(document.body, { childList: true, subtree: true, characterData: true });
		});

		await page.getByRole('combobox', { name: 'Language', exact: true }).selectOption('zh-Hans');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('邻里守望，一起做好准备');

		// A client-side navigation: the volunteer strings load in the new language before it renders.
		const nav = page.getByRole('navigation', { name: text('zh-Hans', 'common', 'nav.label') });
		await nav.getByRole('link', { name: text('zh-Hans', 'common', 'nav.volunteer') }).click();
		await expect(page).toHaveURL(/\/volunteer$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			text('zh-Hans', 'volunteer', 'title')
		);

		// Offline, the events strings come from the service worker's precache.
		await context.setOffline(true);
		await nav.getByRole('link', { name: text('zh-Hans', 'common', 'nav.events') }).click();
		await expect(page).toHaveURL(/\/events$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			text('zh-Hans', 'events', 'title')
		);
		// The same tab all along: no reload fetched the strings.
		expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
		const headings = await page.evaluate(
			() => (window as unknown as { headings: string[] }).headings
		);
		expect(headings).toContain(text('zh-Hans', 'volunteer', 'title'));
		expect(headings.filter((h) => /^[a-z]+([.:][a-zA-Z]+)*$/.test(h.trim()))).toEqual([]);
		await context.setOffline(false);
	});

	test('a phone keeps only the languages it reads: one it never read is refused offline with a reason, downloads online, then works offline', async ({
		browser
	}) => {
		const context = await browser.newContext({ locale: 'en-GB' });
		const page = await context.newPage();
		await page.goto('/settings');
		await waitForApp(page);
		await waitForServiceWorker(page);
		const strings = await page.evaluate(async () => {
			const kept = await caches.open('linli-strings');
			const list = (await (await kept.match('/__linli/kept-languages'))?.json()) as string[];
			const precached: string[] = [];
			for (const name of await caches.keys()) {
				if (!name.includes('precache')) continue;
				for (const request of await (await caches.open(name)).keys()) precached.push(request.url);
			}
			return { list, files: (await kept.keys()).length, precached };
		});
		// The browser's language was stored at install; no string file is in the precache.
		expect(strings.list).toEqual(['en']);
		expect(strings.files).toBeGreaterThan(10);
		const stringFiles = JSON.parse(
			readFileSync(new URL('../../build/strings.json', import.meta.url), 'utf8')
		) as Record<string, string[]>;
		for (const url of Object.values(stringFiles).flat()) {
			expect(strings.precached.some((p) => new URL(p).pathname === url)).toBe(false);
		}

		const select = page.getByRole('combobox', { name: 'Language', exact: true }).first();
		await context.setOffline(true);
		await select.selectOption('zh-Hant');
		await expect(page.getByTestId('language-problem').first()).toHaveText(
			text('en', 'common', 'language.notOnPhone').replace('{{name}}', '繁體中文')
		);
		await expect(select).toHaveValue('en');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			text('en', 'settings', 'title')
		);

		await context.setOffline(false);
		await select.selectOption('zh-Hant');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			text('zh-Hant', 'settings', 'title')
		);
		await expect(page.getByTestId('language-problem').first()).toBeHidden();

		// Offline again: the new language and the first one both work, after a reload too.
		await context.setOffline(true);
		await page.reload();
		await waitForApp(page);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			text('zh-Hant', 'settings', 'title')
		);
		await page.goto('/volunteer');
		await waitForApp(page);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			text('zh-Hant', 'volunteer', 'title')
		);
		await page
			.getByRole('combobox', { name: text('zh-Hant', 'common', 'language.label'), exact: true })
			.selectOption('en');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			text('en', 'volunteer', 'title')
		);
		await context.close();
	});
});
