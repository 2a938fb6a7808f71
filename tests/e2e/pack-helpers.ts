/** Publishing in browser tests: a publisher account, a token, an upload, an admin's approval. */
import { expect, type Browser, type BrowserContext } from '@playwright/test';
import { waitForApp } from './helpers';
import { signIn } from './volunteer-helpers';

/** A publisher account, made through an invitation as an admin would. */
export async function publisherContext(
	browser: Browser,
	email = 'school@linli.test'
): Promise<BrowserContext> {
	const admin = await browser.newContext();
	const page = await admin.newPage();
	await signIn(page);
	await page.goto('/staff/accounts');
	await waitForApp(page);
	const form = page.locator('form[action="?/invite"]');
	for (const box of await form.getByRole('checkbox').all()) await box.uncheck();
	await form.getByLabel('Publisher', { exact: true }).check();
	await form.getByRole('button', { name: 'Make the invitation link' }).click();
	const link = await page.locator('#invite-link').inputValue();
	await admin.close();

	const context = await browser.newContext();
	const newcomer = await context.newPage();
	await newcomer.goto(link);
	await waitForApp(newcomer);
	await newcomer.getByLabel('Your name').fill('Kowloon School');
	await newcomer.getByLabel('Your e-mail address').fill(email);
	await newcomer.getByLabel('Choose a password').fill('lesson writer of the south');
	await newcomer.getByLabel('Password again').fill('lesson writer of the south');
	await newcomer.getByRole('button', { name: 'Create account' }).click();
	await expect(newcomer.getByRole('heading', { name: 'Publishing lessons' })).toBeVisible();
	await newcomer.close();
	return context;
}

/** A publisher who uploads with a token (as `linli pack publish` does). */
export async function publisher(browser: Browser, email: string) {
	const context = await publisherContext(browser, email);
	const desk = await context.newPage();
	await desk.goto('/staff/packs');
	await waitForApp(desk);
	await desk.getByLabel('Which computer is it for?').fill('Test laptop');
	await desk.getByRole('button', { name: 'Make a token' }).click();
	const token = await desk.locator('#publish-token').inputValue();
	await context.close();
	return {
		async upload(browser: Browser, bytes: Uint8Array) {
			const caller = await browser.newContext();
			const response = await caller.request.post('/api/packs', {
				headers: {
					authorization: `Bearer ${token}`,
					'content-type': 'application/vnd.linli.pack+zip'
				},
				data: Buffer.from(bytes)
			});
			expect(response.status(), await response.text()).toBe(201);
			await caller.close();
		}
	};
}

/** An admin approves a version waiting for review (and its key, under that publisher name). */
export async function approve(browser: Browser, id: string, version: string, name: string) {
	const context = await browser.newContext();
	const admin = await context.newPage();
	await signIn(admin);
	await admin.goto(`/staff/packs/${id}/${version}`);
	await waitForApp(admin);
	const field = admin.getByLabel('Publisher name residents will see as verified');
	if (await field.isVisible()) await field.fill(name);
	await admin.getByRole('button', { name: 'Approve and list' }).click();
	await expect(admin.getByTestId('version-status')).toContainText('Approved');
	await context.close();
}
