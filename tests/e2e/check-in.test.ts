import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, waitForApp } from './helpers';
import { local, phone, register, signIn } from './volunteer-helpers';

const MINUTE = 60_000;

test('check-in is offered only while it is open, says when it opens, and a refused check-in leaves the sign-up usable', async ({
	browser
}) => {
	test.setTimeout(120_000);
	// The task starts in 90 minutes: on the server's clock check-in is already open (from 2 h before).
	const staff = await browser.newContext();
	const desk = await staff.newPage();
	await signIn(desk);
	await desk.goto('/staff/tasks/new');
	await waitForApp(desk);
	await desk.getByLabel('Title').fill('Soup run for Block 9');
	await desk.getByLabel('Area (shown to everyone)').fill('Block 9 lobby');
	await desk.getByLabel('Starts').fill(local(90));
	await desk.getByLabel('Ends').fill(local(210));
	await desk.getByLabel('Places').fill('2');
	await desk.getByRole('button', { name: 'Save the task' }).click();
	await expect(desk.getByText('Task saved.')).toBeVisible();
	await staff.close();
	const startsAt = Math.floor((Date.now() + 90 * MINUTE) / MINUTE) * MINUTE;

	// The phone's clock is ours to move; the server keeps the real time.
	const context = await browser.newContext();
	await context.clock.install({ time: Date.now() });
	await context.clock.resume();
	const page = await phone(context);
	await register(page, { name: 'Clock Chan', phone: '+852 9000 0031' });
	await expect(page.getByTestId('record-state')).toHaveAttribute('data-state', 'confirmed', {
		timeout: 20_000
	});
	await page.reload();
	// Signed up from the list, without opening the task first.
	const card = page.getByRole('article', { name: 'Soup run for Block 9' });
	await card.getByRole('button', { name: 'Sign up' }).click();
	const mine = page
		.getByRole('region', { name: 'Your sign-ups' })
		.getByTestId('signup')
		.filter({ hasText: 'Soup run for Block 9' });
	await expect(mine.getByTestId('signup-status')).toHaveText('Place confirmed', {
		timeout: 20_000
	});
	await mine.getByRole('link', { name: 'Soup run for Block 9' }).click();
	await expect(page).toHaveURL(/\/volunteer\/tasks\//);
	// The task page gives the facts once; its sign-up card shows only where the sign-up stands.
	await expect(page.getByText('Soup run for Block 9')).toHaveCount(1);
	const taskUrl = page.url();
	const checkIn = page.getByRole('button', { name: 'Check in' });

	// The day before, on the phone: no check-in yet, and the page says when it opens.
	await context.clock.setSystemTime(startsAt - 26 * 60 * MINUTE);
	await page.goto(taskUrl);
	await waitForApp(page);
	await expect(page.getByTestId('check-in-opens')).toHaveText(
		/^Check-in opens 2 hours before the start: from .+\d{1,2}:\d{2}/
	);
	await expect(checkIn).toHaveCount(0);
	await expectNoAxeViolations(page, 'task page before check-in opens');

	// A phone clock running an hour and a half fast: it offers check-in, the server refuses it.
	await context.clock.setSystemTime(Date.now() + 2 * 60 * MINUTE);
	await page.goto(taskUrl);
	await waitForApp(page);
	await checkIn.click();
	const note = page.getByTestId('refusal-note');
	await expect(note).toContainText('Check-in was not accepted.', { timeout: 20_000 });
	await expect(note).toContainText('Check-in and check-out for this task are accepted from');
	// The refusal is a note: the place is still confirmed, nothing is checked in, and the button
	// is still there: no cancelling and signing up again.
	await expect(page.getByTestId('signup-status')).toHaveText('Place confirmed');
	await expect(page.getByTestId('record-state')).toHaveAttribute('data-state', 'confirmed');
	await expect(page.getByText(/Checked in at/)).toHaveCount(0);
	await expect(checkIn).toBeVisible();
	await expectNoAxeViolations(page, 'task page with a refused check-in');

	// The clock put right (inside the window for both): the same sign-up checks in.
	await context.clock.setSystemTime(Date.now());
	await page.goto(taskUrl);
	await waitForApp(page);
	await checkIn.click();
	await expect(page.getByText(/Checked in at/)).toBeVisible();
	await expect(page.getByTestId('record-state')).toHaveAttribute('data-state', 'confirmed', {
		timeout: 20_000
	});
	// The accepted check-in settles the earlier refusal.
	await expect(page.getByTestId('refusal-note')).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Check out' })).toBeVisible();
	await context.close();
});
