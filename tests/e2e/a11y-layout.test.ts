import { expect, test } from '@playwright/test';
import { collectConsoleErrors, expectNoAxeViolations, waitForApp } from './helpers';
import { LOCALES, RESIDENT_PAGES } from './pages';

for (const [lang, locale] of LOCALES) {
	test.describe(`every page in ${lang}`, () => {
		test.use({ locale });

		// A few pages per test: axe takes seconds a page on a busy machine, and a failure names its pages.
		for (let from = 0; from < RESIDENT_PAGES.length; from += 4) {
			const pages = RESIDENT_PAGES.slice(from, from + 4);
			test(`${pages.join(', ')}: no axe violations, no console errors (CSP included)`, async ({
				page
			}) => {
				const errors = collectConsoleErrors(page);
				for (const path of pages) {
					await page.goto(path);
					await waitForApp(page);
					await expect(page.locator('html')).toHaveAttribute('lang', lang);
					await expectNoAxeViolations(page, `${path} in ${lang}`);
				}
				// The not-found page logs its 404; anything else is a bug.
				expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
			});
		}

		test('nothing scrolls sideways at 360 px wide with text at 200%', async ({ page }) => {
			await page.setViewportSize({ width: 360, height: 740 });
			for (const path of RESIDENT_PAGES) {
				await page.goto(path);
				await waitForApp(page);
				await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
				const overflow = await page.evaluate(() => {
					const width = document.documentElement.clientWidth;
					const wide = [...document.querySelectorAll('body *')]
						.filter((el) => el.getBoundingClientRect().right > width + 1)
						.slice(0, 5)
						.map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
					return { scroll: document.documentElement.scrollWidth, width, wide };
				});
				expect(overflow.scroll, `${path}: ${overflow.wide.join(', ')}`).toBeLessThanOrEqual(
					overflow.width
				);
			}
		});
	});
}

test('the in-app text size setting scales all text and persists', async ({ page }) => {
	await page.goto('/settings');
	await waitForApp(page);
	const before = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
	await page.getByRole('radio', { name: '200%' }).check();
	await expect(page.locator('html')).toHaveClass(/text-200/);
	const after = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
	expect(parseFloat(after)).toBeCloseTo(parseFloat(before) * 2, 0);
	await page.reload();
	await expect(page.locator('html')).toHaveClass(/text-200/);
});

test('every feature is reachable by keyboard from the home page', async ({ page }) => {
	await page.goto('/');
	await waitForApp(page);
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
	const reached = new Set<string>();
	for (let i = 0; i < 40; i++) {
		await page.keyboard.press('Tab');
		const href = await page.evaluate(() =>
			(document.activeElement as HTMLAnchorElement | null)?.getAttribute('href')
		);
		if (href) reached.add(href);
	}
	for (const href of ['/lessons', '/events', '/volunteer', '/settings'])
		expect([...reached]).toContain(href);
});
