import { expect, type Page } from '@playwright/test';

/** Waits until a service worker is active and controls the page (the precache is complete). */
export async function waitForServiceWorker(page: Page) {
	await page.evaluate(async () => {
		const registration = await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller) {
			await new Promise<void>((resolve) => {
				navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), {
					once: true
				});
			});
		}
		return registration.active?.state;
	});
	await expect
		.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? 'none'))
		.toBe('activated');
}
