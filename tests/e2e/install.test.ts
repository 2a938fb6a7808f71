import { expect, test } from '@playwright/test';
import { waitForServiceWorker } from './helpers';

test("the app meets Chromium's installability criteria", async ({ page, context }) => {
	await page.goto('/');
	await waitForServiceWorker(page);
	const cdp = await context.newCDPSession(page);
	const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
	const errors = installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito');
	expect(errors).toEqual([]);
});

test("the manifest carries the reader's language and every required field", async ({ request }) => {
	const manifest = await (
		await request.get('/manifest.webmanifest', { headers: { 'accept-language': 'zh-TW' } })
	).json();
	expect(manifest).toMatchObject({
		name: expect.stringContaining('鄰里'),
		short_name: '鄰里',
		lang: 'zh-Hant',
		start_url: expect.stringMatching(/^\//),
		scope: '/',
		display: 'standalone',
		theme_color: expect.any(String),
		background_color: expect.any(String)
	});
	const icons = manifest.icons as { sizes: string; purpose: string }[];
	expect(icons.some((i) => i.sizes === '192x192' && i.purpose === 'any')).toBe(true);
	expect(icons.some((i) => i.sizes === '512x512' && i.purpose === 'any')).toBe(true);
	expect(icons.some((i) => i.purpose === 'maskable')).toBe(true);
});
