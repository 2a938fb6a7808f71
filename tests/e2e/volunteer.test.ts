import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { collectConsoleErrors, expectNoAxeViolations, readDeviceDb, waitForApp } from './helpers';
import { linkPhones, phone, register, rosterNames, signIn } from './volunteer-helpers';
import { LOCALES } from './pages';

test.describe('volunteer registration on the phone first', () => {
	test('registered offline: survives a reload, pending; online: synced, and the organizer sees it', async ({
		browser
	}) => {
		const context = await browser.newContext();
		const page = await phone(context);
		await context.setOffline(true);
		await register(page, { name: 'Offline Olivia', phone: '+852 9000 0001' });
		await expect(page.getByTestId('record-state')).toHaveAttribute('data-state', 'pending');
		await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');

		await page.reload();
		await expect(page.getByText('Offline Olivia')).toBeVisible();
		await expect(page.getByTestId('record-state')).toHaveAttribute('data-state', 'pending');

		await context.setOffline(false);
		await expect(page.getByTestId('record-state')).toHaveAttribute('data-state', 'confirmed', {
			timeout: 20_000
		});

		const staff = await browser.newContext();
		const desk = await staff.newPage();
		await signIn(desk);
		expect(await rosterNames(desk, '?q=olivia')).toEqual([
			expect.stringContaining('Offline Olivia')
		]);
		await context.close();
		await staff.close();
	});

	test('bad input gets a clear message at the field, and nothing is saved', async ({ page }) => {
		await page.goto('/volunteer/register');
		await waitForApp(page);
		await page.getByLabel('Phone').fill('call me maybe');
		await page.getByRole('button', { name: 'Save on this phone' }).click();
		await expect(page.getByText('Please check the fields marked below.')).toBeVisible();
		await expect(page.getByText('Please fill this in.')).toBeVisible();
		await expect(page.getByText(/Enter a phone number with digits only/)).toBeVisible();
		await expect(page.getByText(/Please agree to how your data is used/)).toBeVisible();
		await expect(page.getByLabel('Name (required)')).toHaveAttribute('aria-invalid', 'true');
		await page.goto('/volunteer');
		await expect(page.getByRole('link', { name: 'Register as a volunteer' })).toBeVisible();
	});

	test('edit, withdraw, export and delete my data', async ({ browser }) => {
		const context = await browser.newContext({ acceptDownloads: true });
		const page = await phone(context);
		await register(page, { name: 'Edith Edit', email: 'edith@example.org' });
		await page.getByRole('link', { name: 'Edit my details' }).click();
		await page.getByLabel('Name (required)').fill('Edith Edited');
		await page.getByRole('button', { name: 'Save on this phone' }).click();
		await expect(page.getByText('Edith Edited')).toBeVisible();

		const download = page.waitForEvent('download');
		await page.getByRole('button', { name: /Download my data/ }).click();
		const file = await (await download).path();
		const exported = JSON.parse(readFileSync(file, 'utf8'));
		expect(exported.registration).toMatchObject({
			name: 'Edith Edited',
			email: 'edith@example.org'
		});

		page.once('dialog', (dialog) => dialog.accept());
		await page.getByRole('button', { name: 'Stop being contacted' }).click();
		await expect(
			page.getByText(/Your details are deleted 90 days after you stopped/)
		).toBeVisible();
		await expect(page.getByRole('button', { name: 'Be contacted again' })).toBeVisible();

		page.once('dialog', (dialog) => dialog.accept());
		await page.getByRole('button', { name: 'Delete my data' }).click();
		await expect(page.getByRole('link', { name: 'Register as a volunteer' })).toBeVisible();
		// Gone from the device: no record holds the name any more.
		const leftovers = JSON.stringify(
			await readDeviceDb(page, [{ store: 'records' }, { store: 'outbox' }, { store: 'syncIssues' }])
		);
		expect(leftovers).not.toContain('Edith');
		await context.close();
	});

	test('the two-phone test, with a real registration: offline on one, closed, reopened, online: it reaches the server and the other phone', async ({
		browser
	}) => {
		const first = await browser.newContext();
		const second = await browser.newContext();
		const a = await phone(first);
		const b = await phone(second);

		// Link phone B to phone A's resident with the one-time code.
		await linkPhones(a, b);

		await first.setOffline(true);
		await register(a, { name: 'Two Phones Tam', phone: '+852 9000 0002' });
		await a.close();
		const reopened = await first.newPage();
		await reopened.goto('/volunteer');
		await expect(reopened.getByText('Two Phones Tam')).toBeVisible();
		await expect(reopened.getByTestId('record-state')).toHaveAttribute('data-state', 'pending');

		await first.setOffline(false);
		await expect(reopened.getByTestId('record-state')).toHaveAttribute('data-state', 'confirmed', {
			timeout: 20_000
		});

		await b.goto('/volunteer');
		await waitForApp(b);
		await expect(b.getByText('Two Phones Tam')).toBeVisible({ timeout: 20_000 });
		await first.close();
		await second.close();
	});

	test('Background Sync: a change made offline is sent by the service worker after the page is closed', async ({
		browser
	}) => {
		const context = await browser.newContext();
		const page = await phone(context);
		await context.setOffline(true);
		await register(page, { name: 'Background Bo', phone: '+852 9000 0003' });
		await page.close();
		await context.setOffline(false);

		// The browser fires "sync" when it sees the network return; headless Chromium's network
		// emulation is invisible to that part, so the test delivers the event itself, through the
		// DevTools protocol, to the real service worker, with no page of the app open.
		const probe = await context.newPage();
		await probe.goto('/manifest.webmanifest');
		const cdp = await context.newCDPSession(probe);
		const registrations: { registrationId: string; scopeURL: string }[] = [];
		cdp.on('ServiceWorker.workerRegistrationUpdated', (event) =>
			registrations.push(...event.registrations)
		);
		await cdp.send('ServiceWorker.enable');
		await expect.poll(() => registrations.length).toBeGreaterThan(0);
		const origin = new URL(probe.url()).origin;
		await cdp.send('ServiceWorker.dispatchSyncEvent', {
			origin,
			registrationId: registrations[0]!.registrationId,
			tag: 'linli-sync',
			lastChance: false
		});

		const staff = await browser.newContext();
		const desk = await staff.newPage();
		await signIn(desk);
		await expect
			.poll(async () => rosterNames(desk, '?q=background'), { timeout: 40_000 })
			.toEqual([expect.stringContaining('Background Bo')]);
		await context.close();
		await staff.close();
	});
});

for (const [lang, locale] of LOCALES) {
	test(`the volunteer forms pass axe in ${lang} and work by keyboard alone`, async ({
		browser
	}) => {
		const context = await browser.newContext({ locale });
		const page = await context.newPage();
		const errors = collectConsoleErrors(page);
		await page.goto('/volunteer/register');
		await waitForApp(page);
		await expectNoAxeViolations(page, `registration form (${lang})`);
		// Submitting empty shows the errors: still accessible.
		await page
			.getByRole('button')
			.filter({ hasText: /Save|儲存|保存/ })
			.click();
		await expectNoAxeViolations(page, `registration form with errors (${lang})`);
		await page.goto('/volunteer/privacy');
		await expectNoAxeViolations(page, `privacy notice (${lang})`);
		expect(errors).toEqual([]);
		await context.close();
	});
}

test('keyboard only: register without touching the mouse', async ({ page }) => {
	await page.goto('/volunteer/register');
	await waitForApp(page);
	await page.getByLabel('Name (required)').focus();
	await page.keyboard.type('Keyboard Kwan');
	await page.keyboard.press('Tab'); // phone
	await page.keyboard.type('+852 9000 0004');
	// Move through the form to the consent box and the save button.
	let reachedConsent = false;
	for (let i = 0; i < 80 && !reachedConsent; i++) {
		await page.keyboard.press('Tab');
		reachedConsent = await page.evaluate(
			() =>
				(document.activeElement as HTMLElement | null)?.closest('.consent') !== null &&
				document.activeElement?.tagName === 'INPUT'
		);
	}
	expect(reachedConsent).toBe(true);
	await page.keyboard.press('Space');
	let onSave = false;
	for (let i = 0; i < 5 && !onSave; i++) {
		await page.keyboard.press('Tab');
		onSave =
			(await page.evaluate(() => document.activeElement?.textContent?.trim())) ===
			'Save on this phone';
	}
	expect(onSave).toBe(true);
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { name: 'Your registration' })).toBeVisible();
	await expect(page.getByText('Keyboard Kwan')).toBeVisible();
});

test('a lost phone, removed from the new one, deletes the registration it held', async ({
	browser
}) => {
	const lostContext = await browser.newContext();
	const newContext = await browser.newContext();
	const lost = await phone(lostContext);
	const kept = await phone(newContext);

	await register(lost, { name: 'Lost Phone Lam', phone: '+852 9000 0003' });
	await expect(lost.getByTestId('record-state')).toHaveAttribute('data-state', 'confirmed', {
		timeout: 20_000
	});
	await linkPhones(lost, kept);

	// On the phone kept: both phones are listed at once; the other one is removed, after a
	// confirmation.
	const phones = kept.getByTestId('phones');
	await expect(phones.getByRole('listitem')).toHaveCount(2);
	await expect(phones).toContainText('This phone');
	await phones.getByRole('button', { name: /^Remove the phone added/ }).click();
	await expect(phones).toContainText('including changes it has not sent yet');
	await phones.getByRole('button', { name: 'Yes, remove it' }).click();
	await expect(kept.getByRole('status').filter({ hasText: 'Removed.' })).toBeVisible();
	await expect(phones.getByRole('listitem')).toHaveCount(1);
	await expectNoAxeViolations(kept, 'settings with the phone list');

	// The lost phone, back online: its copy of the registration is gone, with a word why.
	await lost.goto('/volunteer');
	await waitForApp(lost);
	await expect(lost.getByText('Another of your phones removed this one')).toBeVisible({
		timeout: 20_000
	});
	await lost.reload();
	await waitForApp(lost);
	await expect(lost.getByText('Lost Phone Lam')).toHaveCount(0);
	// The kept phone still has it.
	await kept.goto('/volunteer');
	await waitForApp(kept);
	await expect(kept.getByText('Lost Phone Lam')).toBeVisible({ timeout: 20_000 });
	await lostContext.close();
	await newContext.close();
});
