import { expect, test } from '@playwright/test';
import { waitForApp } from './helpers';

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
		await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-Hans');
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
});
