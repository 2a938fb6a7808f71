import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, LANG_HEADERS, waitForApp } from './helpers';
import { LOCALES } from './pages';
import { phone, signIn } from './volunteer-helpers';

// Only the default neighbourhood is used: a second one would change what new phones of the other
// suites follow (a server of one neighbourhood has every new phone follow it).
test('neighbourhood staff pages and the join page pass axe in every language; a phone joins from the link', async ({
	browser
}) => {
	test.setTimeout(180_000);
	let code = '';
	for (const [lang] of LOCALES) {
		const staff = await browser.newContext({
			extraHTTPHeaders: { 'accept-language': LANG_HEADERS[lang] }
		});
		const desk = await staff.newPage();
		await signIn(desk);
		await desk.goto('/staff/neighbourhoods');
		await waitForApp(desk);
		await expectNoAxeViolations(desk, `neighbourhoods list in ${lang}`);
		await desk.locator('.hoods a').first().click();
		await expect(desk.getByTestId('join-code')).toHaveText(/^[A-HJ-NP-Z2-9]{8}$/);
		code = (await desk.getByTestId('join-code').textContent()) ?? '';
		await expect(desk.locator('figure img')).toBeVisible();
		await expectNoAxeViolations(desk, `neighbourhood page in ${lang}`);
		await desk.goto('/staff/tasks/new');
		await waitForApp(desk);
		await expect(desk.locator('#t-neighbourhood option')).not.toHaveCount(0);
		await staff.close();
	}

	const context = await browser.newContext();
	const page = await phone(context);
	for (const [lang] of LOCALES) {
		await page.goto('/settings');
		await waitForApp(page);
		await page.locator('#settings-language').selectOption(lang);
		await expect(page.locator('html')).toHaveAttribute('lang', lang);
		await page.goto(`/n/${code.toLowerCase()}`);
		await waitForApp(page);
		await expect(page.locator('h1')).not.toBeEmpty();
		await expectNoAxeViolations(page, `join page in ${lang}`);
		await page.goto('/n/ZZZZZZZZ');
		await waitForApp(page);
		await expect(page.getByRole('alert')).toBeVisible();
		await expectNoAxeViolations(page, `join page with a code that does not work in ${lang}`);
	}
	await page.goto('/settings');
	await waitForApp(page);
	await page.locator('#settings-language').selectOption('en');
	// The switch is stored once the phone has the language's strings (offline-strings.ts).
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await page.goto(`/n/${code}`);
	await waitForApp(page);
	await page.getByRole('button', { name: 'Follow this neighbourhood' }).click();
	await expect(page.getByTestId('joined')).toBeVisible({ timeout: 20_000 });
	await expectNoAxeViolations(page, 'join page after joining');
	// The home page leads to the neighbourhood's news and contacts, with or without announcements.
	await page.goto('/');
	await waitForApp(page);
	const homeNews = page.getByTestId('home-news');
	await expect(homeNews.getByRole('link', { name: 'Contacts directory' })).toBeVisible({
		timeout: 20_000
	});
	await homeNews.getByRole('link', { name: 'Contacts directory' }).click();
	await expect(page).toHaveURL(/\/contacts$/);
	await context.close();
});
