import { expect, test } from '@playwright/test';
import { waitForServiceWorker } from './helpers';

test.describe('the installed app works offline', () => {
	test('after the first visit, home and a never-visited deep link render offline, and the offline indicator follows the network', async ({
		page,
		context
	}) => {
		await page.goto('/');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await waitForServiceWorker(page);

		await context.setOffline(true);
		await page.reload();
		await expect(page.getByRole('navigation', { name: /main/i })).toBeVisible();
		await expect(page.getByTestId('offline-indicator')).toBeVisible();
		await expect(page.getByRole('link', { name: /lessons/i }).first()).toBeVisible();

		// Never opened before, and no network: the service worker serves the shell, the app routes.
		await page.goto('/settings');
		await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
		await expect(page.getByTestId('offline-indicator')).toBeVisible();

		await context.setOffline(false);
		await expect(page.getByTestId('offline-indicator')).toBeHidden();
	});

	test('an unknown page offline shows the translated not-found page, not the browser error', async ({
		page,
		context
	}) => {
		await page.goto('/');
		await waitForServiceWorker(page);
		await context.setOffline(true);
		await page.goto('/no/such/page');
		await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
	});
});
