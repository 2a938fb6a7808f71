import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Waits until a service worker is active and controls the page (the precache is complete). */
export async function waitForServiceWorker(page: Page) {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller) {
			await new Promise<void>((resolve) => {
				navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), {
					once: true
				});
			});
		}
	});
	await expect
		.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? 'none'))
		.toBe('activated');
}

/** Runs axe (WCAG 2.1 A and AA and best practice) and fails with a readable list. */
export async function expectNoAxeViolations(page: Page, context = '') {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
		.analyze();
	const summary = results.violations.map(
		(v) =>
			`${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`
	);
	expect(summary, `axe violations ${context}`).toEqual([]);
}

/** Collects console errors (CSP violations included) so a test can assert there were none. */
export function collectConsoleErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error') errors.push(message.text());
	});
	page.on('pageerror', (error) => errors.push(error.message));
	return errors;
}

export const LANG_HEADERS = {
	en: 'en-GB,en;q=0.9',
	'zh-Hant': 'zh-TW,zh;q=0.9',
	'zh-Hans': 'zh-CN,zh;q=0.9'
} as const;

/** Waits until the app has hydrated, so that clicks are handled by the client-side router. */
export async function waitForApp(page: Page) {
	await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
}
