import { expect, test, type Browser } from '@playwright/test';
import { expectNoAxeViolations, LANG_HEADERS, waitForApp } from './helpers';
import { LOCALES } from './pages';
import { phone, signIn } from './volunteer-helpers';

// The default neighbourhood only (a second one would change what new phones of the other suites
// follow). The urgent announcement is withdrawn at the end, so other suites' home pages lose it.

async function staffPage(browser: Browser, lang: keyof typeof LANG_HEADERS = 'en') {
	const context = await browser.newContext({
		extraHTTPHeaders: { 'accept-language': LANG_HEADERS[lang] }
	});
	const page = await context.newPage();
	await signIn(page);
	return { context, page };
}

test('an organizer posts an urgent announcement and a contact; a phone that joined by the link reads them, offline too; banner dismissed; withdrawal reaches it', async ({
	browser
}) => {
	test.setTimeout(600_000);
	const staff = await staffPage(browser);
	const desk = staff.page;
	await desk.goto('/staff/neighbourhoods');
	await waitForApp(desk);
	await desk.locator('.hoods a').first().click();
	const code = ((await desk.getByTestId('join-code').textContent()) ?? '').trim();
	expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);

	// Posting: an empty form is refused at the field, then the announcement goes out.
	await desk.goto('/staff/announcements/new');
	await waitForApp(desk);
	await desk.getByRole('button', { name: 'Publish' }).click();
	await expect(desk.locator('#a-title-en-error')).toHaveText(
		'Write a title and text in at least one language.'
	);
	await desk.getByLabel('Kind').selectOption('urgent');
	await desk.getByLabel('Title (English)').fill('Gas smell in Block C: leave by the stairs');
	await desk
		.getByLabel('Text (English)')
		.fill('Do not use lifts or switches. Management: 2345 6789. More: https://example.org/gas');
	await desk.getByLabel('Title (繁體中文)').fill('C座有煤氣味：請經樓梯離開');
	await desk.getByLabel('Text (繁體中文)').fill('請勿使用升降機或開關。管理處：2345 6789。');
	await desk.getByRole('button', { name: 'Publish' }).click();
	await expect(desk).toHaveURL(/\/staff\/announcements\/[0-9a-f-]{36}\?saved=1$/);
	const announcementUrl = new URL(desk.url()).pathname;
	const id = announcementUrl.split('/').pop()!;

	await desk.goto('/staff/contacts/new');
	await waitForApp(desk);
	await desk.getByLabel('Category').selectOption('clinic');
	await desk.getByLabel('Name (English)').fill('Estate health clinic');
	await desk.getByLabel('What they do for residents (English)').fill('Check-ups and vaccinations.');
	await desk.getByLabel('Name (简体中文)').fill('小区卫生服务站');
	await desk.getByLabel('Number 1', { exact: true }).fill('not a number');
	await desk.getByRole('button', { name: 'Save contact' }).click();
	await expect(desk.locator('#c-phone-0-error')).toBeVisible();
	await desk.getByLabel('Number 1', { exact: true }).fill('2567 8901');
	await desk.getByRole('button', { name: 'Save contact' }).click();
	await expect(desk).toHaveURL(/\/staff\/contacts\?saved=1$/);

	// A phone joins from the link and finds the news on its home page.
	const context = await browser.newContext();
	const page = await phone(context);
	await page.goto(`/n/${code}`);
	await waitForApp(page);
	await page.getByRole('button', { name: 'Follow this neighbourhood' }).click();
	await expect(page.getByTestId('joined')).toBeVisible({ timeout: 20_000 });
	await page.goto('/');
	await waitForApp(page);
	const banner = page.getByTestId('urgent-banner');
	// Other tests post to the same server at the same time: find this one by its words.
	const gas = page.getByTestId('announcement').filter({ hasText: 'Gas smell in Block C' });
	await expect(banner).toContainText('Gas smell in Block C', { timeout: 30_000 });
	await expect(gas).toBeVisible();
	await expect(gas).toContainText('New');
	await expectNoAxeViolations(page, 'home page with news');

	// Dismissed, the banner stays away; the announcement stays in the feed.
	await banner.getByRole('button', { name: 'Dismiss' }).click();
	await expect(page.getByTestId('urgent-banner')).toHaveCount(0);
	await page.reload();
	await waitForApp(page);
	await expect(gas).toBeVisible();
	await expect(page.getByTestId('urgent-banner')).toHaveCount(0);

	// The announcement's page: links and numbers are taps, nothing else is markup.
	await gas.getByRole('link').first().click();
	await expect(page).toHaveURL(new RegExp(`/news/${id}$`));
	await expect(page.locator('a[href="tel:23456789"]')).toBeVisible();
	await expect(page.locator('a[href="https://example.org/gas"]')).toBeVisible();

	// Offline, after a reload: still there.
	await context.setOffline(true);
	await page.goto('/');
	await expect(gas).toBeVisible({ timeout: 20_000 });
	await page.reload();
	await expect(gas).toBeVisible({ timeout: 20_000 });
	await page.goto('/contacts');
	await page.getByLabel('Search contacts').fill('vaccination');
	await expect(page.getByTestId('contact')).toHaveCount(1);
	await expect(page.getByTestId('contact')).toContainText('Estate health clinic');
	await expect(page.locator('a[href="tel:25678901"]')).toBeVisible();
	await context.setOffline(false);

	// Every resident page in three languages passes axe; a missing language is labelled.
	for (const [lang] of LOCALES) {
		await page.goto('/settings');
		await waitForApp(page);
		await page.locator('#settings-language').selectOption(lang);
		await expect(page.locator('html')).toHaveAttribute('lang', lang);
		for (const path of ['/news', `/news/${id}`, '/contacts']) {
			await page.goto(path);
			await waitForApp(page);
			await expect(
				page.locator('[data-testid="announcement"], [data-testid="contact"]').first()
			).toBeVisible();
			await expectNoAxeViolations(page, `${path} in ${lang}`);
		}
		await page.goto('/news');
		await waitForApp(page);
		// Written in English and Traditional Chinese: a Simplified Chinese reader is told which.
		await expect(
			page.locator(`[aria-labelledby="ann-${id}"] [data-testid="other-language"]`)
		).toHaveCount(lang === 'zh-Hans' ? 1 : 0);
	}

	// Withdrawn: the phone drops it at its next sync.
	await desk.goto(announcementUrl);
	await waitForApp(desk);
	await desk.getByRole('button', { name: 'Withdraw' }).click();
	await expect(desk.getByTestId('withdrawn')).toBeVisible();
	await page.goto('/settings');
	await waitForApp(page);
	await page.locator('#settings-language').selectOption('en');
	await expect(async () => {
		await page.goto('/news');
		await waitForApp(page);
		await expect(
			page.getByTestId('news-empty').or(page.getByTestId('announcement').first())
		).toBeVisible();
		await expect(page.locator(`[aria-labelledby="ann-${id}"]`)).toHaveCount(0, { timeout: 8_000 });
	}).toPass({ timeout: 90_000 });
	await context.close();
	await staff.context.close();
});

for (const [lang] of LOCALES) {
	test(`the staff pages of announcements and contacts pass axe in ${lang}`, async ({ browser }) => {
		test.setTimeout(600_000);
		const staff = await staffPage(browser);
		await staff.page.goto('/staff/announcements/new');
		await waitForApp(staff.page);
		await staff.page.getByLabel('Title (English)').fill('Lift 2 serviced on Monday');
		await staff.page.getByLabel('Text (English)').fill('Lift 1 runs as usual.');
		await staff.page.getByRole('button', { name: 'Publish' }).click();
		await expect(staff.page).toHaveURL(/\/staff\/announcements\/[0-9a-f-]{36}\?saved=1$/);
		const announcementUrl = new URL(staff.page.url()).pathname;
		await staff.page.goto('/staff/contacts/new');
		await waitForApp(staff.page);
		await staff.page.getByLabel('Name (English)').fill(`Residents’ committee office (${lang})`);
		await staff.page.getByRole('button', { name: 'Save contact' }).click();
		await expect(staff.page).toHaveURL(/\/staff\/contacts\?saved=1$/);
		const contactPath = new URL(
			await staff.page
				.getByTestId('staff-contact')
				.filter({ hasText: `Residents’ committee office (${lang})` })
				.getByRole('link')
				.evaluate((a) => (a as HTMLAnchorElement).href)
		).pathname;

		{
			const other = lang === 'en' ? staff : await staffPage(browser, lang);
			for (const path of [
				'/staff/announcements',
				'/staff/announcements/new',
				announcementUrl,
				'/staff/contacts',
				'/staff/contacts/new',
				contactPath
			]) {
				await other.page.goto(path);
				await waitForApp(other.page);
				await expectNoAxeViolations(other.page, `${path} in ${lang}`);
			}
			if (other !== staff) await other.context.close();
		}
		// Tidy: the notice goes, and the contact.
		await staff.page.goto(announcementUrl);
		await waitForApp(staff.page);
		await staff.page.getByRole('button', { name: 'Withdraw' }).click();
		await expect(staff.page.getByTestId('withdrawn')).toBeVisible();
		await staff.page.goto(contactPath);
		await waitForApp(staff.page);
		await staff.page.getByRole('button', { name: 'Delete contact' }).click();
		await expect(staff.page).toHaveURL(/\/staff\/contacts\?deleted=1$/);
		await staff.context.close();
	});
}
