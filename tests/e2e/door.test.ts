/**
 * The door on the night (issue 13): an organizer's phone checks tickets offline with its camera
 * (Chromium's fake camera playing a video of the resident's QR code), flags a second scan, refuses
 * a forged ticket, and sends its admissions when back online; two doors offline let the same
 * person in and the dashboard shows one person present and the double admission.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { chromiumPath } from '../support/chromium-path.js';
import { E2E_PORT } from './constants';
import { createConcert } from './event-helpers';
import { waitForApp, waitForServiceWorker } from './helpers';
import { fakeCameraArgs, writeQrVideo } from './fake-camera';
import { phone, signIn } from './volunteer-helpers';

/** A resident signs up (online) and waits for the ticket; returns its text. */
async function residentTicket(browser: Browser, eventId: string, name: string) {
	const context = await browser.newContext();
	const page = await phone(context);
	await page.goto(`/events/${eventId}`);
	await waitForApp(page);
	await page.getByLabel('Name to show the organizers').fill(name, { timeout: 30_000 });
	await page.getByRole('button', { name: 'Sign up', exact: true }).click();
	const image = page.getByTestId('event-ticket').getByRole('img');
	await expect(image).toBeVisible({ timeout: 30_000 });
	const ticket = (await image.getAttribute('data-ticket'))!;
	await context.close();
	return ticket;
}

/** The organizer's phone at the door: signed in, the roster loaded online, then reloaded offline. */
async function openDoorOffline(page: Page, eventId: string, door: string) {
	await signIn(page);
	await page.goto(`/events/${eventId}/door`);
	await waitForServiceWorker(page);
	await waitForApp(page);
	await expect(page.getByTestId('door-inside')).toBeVisible({ timeout: 30_000 });
	await page.getByLabel('Name of this door (optional)').fill(door);
	await page.getByLabel('Name of this door (optional)').blur();
	await page.context().setOffline(true);
	// With no signal the screen comes back from the phone: the app shell and the roster copy.
	await page.reload();
	await waitForApp(page);
	await expect(page.getByTestId('door-inside')).toBeVisible({ timeout: 30_000 });
	await expect(page.getByLabel('Name of this door (optional)')).toHaveValue(door);
}

test('the door: a ticket scanned by camera offline is let in, a second scan is flagged, a forged one refused; the dashboard shows them present after sync', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const { staff, desk, id } = await createConcert(browser, { axe: false });
	const ticket = await residentTicket(browser, id, '李美華');

	// The organizer's own browser, whose camera shows the ticket.
	const dir = mkdtempSync(join(tmpdir(), 'linli-camera-'));
	const video = join(dir, 'ticket.y4m');
	writeQrVideo(video, ticket);
	const organizer = await chromium.launch({
		executablePath: chromiumPath(),
		args: fakeCameraArgs(video)
	});
	try {
		const context = await organizer.newContext({
			baseURL: `http://127.0.0.1:${E2E_PORT}`,
			permissions: ['camera']
		});
		const page = await context.newPage();
		await openDoorOffline(page, id, 'North gate');
		await expect(page.getByTestId('door-inside')).toHaveText('0 of 1 person in');

		await page.getByTestId('door-start-camera').click();
		const outcome = page.getByTestId('door-outcome');
		await expect(outcome).toHaveAttribute('data-kind', 'admit', { timeout: 30_000 });
		await expect(outcome).toContainText('李美華');
		await expect(page.getByTestId('door-inside')).toHaveText('1 of 1 person in');
		await expect(page.getByTestId('door-waiting')).toHaveText('1 check-in waiting to send');

		// The same ticket again, at once: flagged, not counted twice, nothing more to send.
		await page.getByRole('button', { name: 'Scan the next ticket' }).click();
		await expect(outcome).toHaveAttribute('data-kind', 'again', { timeout: 30_000 });
		await expect(outcome).toContainText('Already let in at');
		await expect(page.getByTestId('door-inside')).toHaveText('1 of 1 person in');
		await expect(page.getByTestId('door-waiting')).toHaveText('1 check-in waiting to send');

		// A forged ticket: one character of the signature changed. The camera now shows it.
		await page.getByRole('button', { name: 'Stop the camera' }).click();
		const last = ticket.at(-2) === 'A' ? 'B' : 'A';
		writeQrVideo(video, `${ticket.slice(0, -2)}${last}${ticket.at(-1)}`);
		await page.getByTestId('door-start-camera').click();
		await expect(outcome).toHaveAttribute('data-kind', 'refuse', { timeout: 30_000 });
		await expect(outcome).toHaveAttribute('data-reason', 'forged');
		await expect(outcome).toContainText('do not let in');
		await page.getByRole('button', { name: 'Stop the camera' }).click();

		// Back online: the admission is sent with the organizer's session and counted once.
		await context.setOffline(false);
		await expect(page.getByTestId('door-waiting')).toHaveText(
			'All check-ins from this phone have been sent.',
			{ timeout: 60_000 }
		);
		await desk.goto(`/staff/events/${id}`);
		await waitForApp(desk);
		const line = desk.getByTestId('roster-line').filter({ hasText: '李美華' });
		await expect(line).toContainText('Checked in');
		await expect(desk.getByTestId('admitted-twice')).toHaveCount(0);

		// Signing out takes the roster copy off the phone.
		await page.goto('/staff');
		await waitForApp(page);
		await page.getByRole('button', { name: 'Sign out' }).click();
		await expect(page).toHaveURL(/\/staff\/sign-in/);
		await expect
			.poll(() =>
				page.evaluate(
					() =>
						new Promise<number>((resolve) => {
							const open = indexedDB.open('linli');
							open.onsuccess = () => {
								const db = open.result;
								const count = db.transaction('doorRosters').objectStore('doorRosters').count();
								count.onsuccess = () => {
									db.close();
									resolve(count.result);
								};
							};
						})
				)
			)
			.toBe(0);
		await context.close();
	} finally {
		await organizer.close();
		rmSync(dir, { recursive: true, force: true });
	}
	await staff.close();
});

test('two doors offline let the same person in: after sync, one person present and the double admission listed', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const { staff, desk, id } = await createConcert(browser, { axe: false });
	await residentTicket(browser, id, 'Wong Siu Ming');

	const doors: Page[] = [];
	for (const name of ['North gate', 'South gate']) {
		const context = await browser.newContext();
		const page = await context.newPage();
		await openDoorOffline(page, id, name);
		doors.push(page);
	}
	for (const page of doors) {
		await page.getByLabel('Name as signed up').fill('siu ming');
		await page.getByRole('button', { name: 'Let in Wong Siu Ming' }).click();
		await expect(page.getByTestId('door-outcome')).toHaveAttribute('data-kind', 'admit');
		await expect(page.getByTestId('door-inside')).toHaveText('1 of 1 person in');
	}
	for (const page of doors) await page.context().setOffline(false);
	for (const page of doors) {
		await expect(page.getByTestId('door-waiting')).toHaveAttribute('data-waiting', '0', {
			timeout: 60_000
		});
	}

	await desk.goto(`/staff/events/${id}`);
	await waitForApp(desk);
	await expect(desk.getByTestId('roster-line').filter({ hasText: 'Wong Siu Ming' })).toContainText(
		'Checked in'
	);
	const twice = desk.getByTestId('admitted-twice');
	await expect(twice).toContainText('Wong Siu Ming');
	await expect(twice).toContainText('North gate');
	await expect(twice).toContainText('South gate');
	// The dashboard counts the person once: Lead singers, 1 confirmed, 1 present.
	await expect(
		desk
			.getByRole('row', { name: /^Lead singers/ })
			.getByRole('cell')
			.last()
	).toHaveText('1');

	// A door that refreshes its list after sync lists it too.
	await doors[0]!.getByRole('button', { name: 'Refresh the list' }).click();
	await expect(doors[0]!.getByTestId('door-twice')).toContainText('Wong Siu Ming');
	for (const page of doors) await page.context().close();
	await staff.close();
});
