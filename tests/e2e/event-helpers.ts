/** Events in the browser tests: a published concert as an organizer makes it on the staff pages. */
import { expect, type Browser } from '@playwright/test';
import { expectNoAxeViolations, waitForApp } from './helpers';
import { local, signIn } from './volunteer-helpers';

export const TITLE = 'Balcony concert for Block 3';

/** Signs in as the admin (organizer powers), creates and publishes a concert in 3 days. */
export async function createConcert(browser: Browser, { axe = true } = {}) {
	const staff = await browser.newContext();
	const desk = await staff.newPage();
	await signIn(desk);
	await desk.goto('/staff/events/new');
	await waitForApp(desk);
	if (axe) await expectNoAxeViolations(desk, 'new event form');
	await desk.getByLabel('Title (English)').fill(TITLE);
	await desk.getByLabel('Title (繁體中文)').fill('三座陽台音樂會');
	await desk.getByLabel('Starts').fill(local(3 * 24 * 60));
	await desk.getByLabel('Ends').fill(local(3 * 24 * 60 + 120));
	await desk.getByLabel('Sign-up deadline').fill(local(2 * 24 * 60));
	await desk.getByLabel('Place', { exact: true }).fill('Courtyard of Block 3');
	await desk.locator('#e-role-0').fill('Lead singers');
	await desk.locator('#e-cap-0').fill('2');
	await desk.getByRole('button', { name: 'Add a role' }).click();
	await desk.locator('#e-role-1').fill('Everyone else');
	await desk.getByRole('button', { name: 'Add a song' }).click();
	await desk.locator('#e-song-0').fill('月亮代表我的心');
	await desk.locator('#e-words-0').fill('你問我愛你有多深\n我愛你有幾分');
	await desk.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(desk).toHaveURL(/\/staff\/events\/[0-9a-f-]{36}/);
	await expect(desk.getByTestId('event-status')).toHaveText('Draft (not published)');
	await desk.getByRole('button', { name: 'Publish' }).click();
	await expect(desk.getByTestId('event-status')).toHaveText('Published');
	const id = new URL(desk.url()).pathname.split('/').pop()!;
	return { staff, desk, id };
}
