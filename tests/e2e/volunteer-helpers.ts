import { expect, type BrowserContext, type Page } from '@playwright/test';
import { E2E_ADMIN } from './constants';
import { waitForApp, waitForServiceWorker } from './helpers';

export interface Registration {
	name: string;
	phone?: string;
	email?: string;
	skills?: string[];
	slots?: string[];
}

/** Fills and saves the registration form as a resident would (labels, not selectors). */
export async function register(page: Page, person: Registration) {
	await page.goto('/volunteer/register');
	await waitForApp(page);
	await page.getByLabel('Name (required)').fill(person.name);
	if (person.phone) await page.getByLabel('Phone').fill(person.phone);
	if (person.email) await page.getByLabel('E-mail').fill(person.email);
	for (const skill of person.skills ?? ['Delivery and logistics'])
		await page.getByLabel(skill, { exact: true }).check();
	for (const slot of person.slots ?? ['Saturday Morning'])
		await page.getByLabel(slot, { exact: true }).check();
	await page.getByLabel(/I have read how my data is used/).check();
	await page.getByRole('button', { name: 'Save on this phone' }).click();
	await expect(page.getByRole('heading', { name: 'Your registration' })).toBeVisible();
}

/** A phone that has opened the app once (service worker installed, device ready). */
export async function phone(context: BrowserContext) {
	const page = await context.newPage();
	await page.goto('/volunteer');
	await waitForServiceWorker(page);
	return page;
}

/** A phone with no records of its own offers linking folded away in Settings: unfold it. */
async function unfoldLinking(page: Page) {
	const folded = page.locator('[data-testid="link-this-phone"]:not([open]) > summary');
	if (await folded.count()) await folded.click();
}

/** Links phone `to` to the resident of phone `from`, with the code `from` shows in Settings. */
export async function linkPhones(from: Page, to: Page) {
	await from.goto('/settings');
	await waitForApp(from);
	await unfoldLinking(from);
	await from.getByRole('button', { name: 'Show a code for another phone' }).click();
	const code = (await from.getByTestId('link-code').innerText()).trim();
	await to.goto('/settings');
	await waitForApp(to);
	await unfoldLinking(to);
	await to.getByLabel('Code shown on your other phone').fill(code);
	await to.getByRole('button', { name: 'Link this phone' }).click();
	await expect(to.getByText('This phone is now linked.')).toBeVisible();
}

export async function signIn(page: Page, email = E2E_ADMIN.email, password = E2E_ADMIN.password) {
	await page.goto('/staff/sign-in');
	await waitForApp(page);
	await page.locator('#email').fill(email);
	await page.locator('#password').fill(password);
	await page.locator('form button[type=submit]').click();
	await expect(page).toHaveURL(/\/staff$/);
}

/** The roster as an organizer sees it (the admin has organizer powers). */
export async function rosterNames(page: Page, query = '') {
	await page.goto(`/staff/volunteers${query}`);
	return page.locator('.roster h2').allInnerTexts();
}

/** A datetime-local value, minutes from now, in the browser's time zone. */
export function local(minutesFromNow: number): string {
	const date = new Date(Date.now() + minutesFromNow * 60_000);
	return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
