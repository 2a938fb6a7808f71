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

/**
 * Reads rows from the app's device database (IndexedDB "linli") without ever creating it or
 * holding it open: a bare `indexedDB.open('linli')` before the app has made its database would
 * create an empty one, and a connection left open blocks the app's own upgrade (the page then
 * waits forever). Returns, per store, all its rows, or only the row at `key`; a store or database
 * that does not exist yet reads as `undefined`.
 */
export async function readDeviceDb(
	page: Page,
	reads: { store: string; key?: string | number | (string | number)[] }[]
): Promise<unknown[]> {
	return page.evaluate(
		(wanted) =>
			new Promise<unknown[]>((resolve, reject) => {
				const open = indexedDB.open('linli');
				// Not there yet: abort, so that this read does not create it.
				open.onupgradeneeded = () => open.transaction?.abort();
				open.onerror = () => resolve(wanted.map(() => undefined));
				open.onsuccess = () => {
					const db = open.result;
					const present = wanted.filter((w) => db.objectStoreNames.contains(w.store));
					const out: unknown[] = wanted.map(() => undefined);
					if (present.length === 0) {
						db.close();
						return resolve(out);
					}
					const tx = db.transaction(
						present.map((w) => w.store),
						'readonly'
					);
					wanted.forEach((w, i) => {
						if (!db.objectStoreNames.contains(w.store)) return;
						const store = tx.objectStore(w.store);
						const request = w.key === undefined ? store.getAll() : store.get(w.key);
						request.onsuccess = () => (out[i] = request.result);
					});
					tx.oncomplete = () => {
						db.close();
						resolve(out);
					};
					tx.onerror = () => {
						db.close();
						reject(tx.error);
					};
				};
			}),
		reads
	);
}
