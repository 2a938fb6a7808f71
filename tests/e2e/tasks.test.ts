import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, waitForApp } from './helpers';
import { local, phone, register, signIn } from './volunteer-helpers';

test('tasks: sign up offline, check in and out offline, hours appear after sync and count once confirmed', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const staff = await browser.newContext();
	const desk = await staff.newPage();
	await signIn(desk);
	await desk.goto('/staff/tasks/new');
	await waitForApp(desk);
	await desk.getByLabel('Title').fill('Groceries for Block 7');
	await desk.getByLabel('Area (shown to everyone)').fill('Block 7 lobby');
	await desk
		.getByLabel('Exact address (shown only to confirmed volunteers)')
		.fill('Flat 3C, Block 7');
	await desk.getByLabel('Starts').fill(local(-40));
	await desk.getByLabel('Ends').fill(local(120));
	await desk.getByLabel('Places').fill('1');
	await desk.getByRole('button', { name: 'Save the task' }).click();
	await expect(desk.getByText('Task saved.')).toBeVisible();
	const taskUrl = desk.url();
	await expectNoAxeViolations(desk, 'task page for organizers');

	const context = await browser.newContext();
	const page = await phone(context);
	await register(page, { name: 'Task Taylor', phone: '+852 9000 0005' });
	await expect(page.getByTestId('record-state')).toHaveAttribute('data-state', 'confirmed', {
		timeout: 20_000
	});
	await page.reload();
	await page.getByRole('link', { name: 'Groceries for Block 7' }).click();
	await expect(
		page.getByText('The exact address is shown once your place is confirmed.')
	).toBeVisible();

	// Offline: the sign-up is saved on the phone and waits.
	await context.setOffline(true);
	await page.getByRole('button', { name: 'Sign up' }).click();
	await expect(page.getByTestId('signup-status')).toHaveText(
		'Sign-up saved on this phone, waiting to be sent'
	);
	await context.setOffline(false);
	await expect(page.getByTestId('signup-status')).toHaveText('Place confirmed', {
		timeout: 20_000
	});
	await expect(page.getByText('Flat 3C, Block 7').first()).toBeVisible();

	// Check in and out with no network; the hours reach the server later.
	await context.setOffline(true);
	await page.getByRole('button', { name: 'Check in' }).click();
	await expect(page.getByText(/Checked in at/)).toBeVisible();
	await page.getByRole('button', { name: 'Check out' }).click();
	await expect(page.getByTestId('signup-hours')).toContainText('recorded');
	await context.setOffline(false);
	await expect(page.getByTestId('record-state').last()).toHaveAttribute('data-state', 'confirmed', {
		timeout: 20_000
	});

	// Recorded but not confirmed: the hours are listed, but a certificate of 0 hours is not offered.
	await page.goto('/volunteer/hours');
	await waitForApp(page);
	await expect(page.getByTestId('hours-total')).toContainText('Confirmed: 0 min');
	await expect(
		page.getByText('A certificate can be made once an organizer has confirmed some of your hours.')
	).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Certificate of volunteer hours' })).toHaveCount(
		0
	);
	await expect(page.getByRole('button', { name: 'Print the certificate' })).toHaveCount(0);

	// The organizer sees the check-in and confirms the hours; the volunteer sees them count.
	await desk.goto(taskUrl);
	await expect(desk.getByText('Task Taylor')).toBeVisible();
	await expect(desk.getByText(/Checked in at/)).toBeVisible();
	await desk.getByLabel('Hours').fill('0:45');
	await desk.getByRole('button', { name: 'Confirm', exact: true }).click();
	await expect(desk.getByText('45 min confirmed by an organizer')).toBeVisible();

	await page.goto('/volunteer/hours');
	await waitForApp(page);
	// The phone syncs soon after the app opens: the organizer's confirmation arrives.
	await expect(page.getByTestId('hours-total')).toContainText('Confirmed: 45 min', {
		timeout: 30_000
	});
	// Now a certificate, naming who issues it (no LINLI_ORG_NAME here: the server's address), with
	// its verification as a link and as a QR code drawn on the phone.
	await expect(page.getByRole('heading', { name: 'Certificate of volunteer hours' })).toBeVisible();
	await expect(page.getByTestId('certificate-issuer')).toHaveText(
		`Issued through the Linli server at ${new URL(page.url()).host}.`
	);
	await page.getByRole('button', { name: 'Make a certificate with a verification link' }).click();
	const verify = page.getByTestId('verify-link');
	await expect(verify).toHaveAttribute('href', /^\/verify\/[A-Za-z0-9_-]{32,64}$/);
	await expect(page.getByTestId('verify-qr')).toHaveAttribute('src', /^data:image\/png;base64,/);
	await expectNoAxeViolations(page, 'hours page');
	// The link opens the check page (once the phone has sent the certificate), issuer named.
	await expect(
		page.getByText('The verification link works once your phone has synced.')
	).toHaveCount(0, { timeout: 20_000 });
	await verify.click();
	await expect(page.getByTestId('certificate-valid')).toBeVisible();
	await expect(page.getByTestId('certificate-issuer')).toContainText(new URL(page.url()).host);
	await context.close();
	await staff.close();
});

test('N+1 sign-ups for N places, from real phones: the last waits, and moves up when someone cancels', async ({
	browser
}) => {
	// Three phones, each installing the app and registering: 1.2 min on a usual CI run, 2 min
	// when the machine was shared. The limit guards against a hang, not for speed.
	test.setTimeout(240_000);
	const staff = await browser.newContext();
	const desk = await staff.newPage();
	await signIn(desk);
	await desk.goto('/staff/tasks/new');
	await waitForApp(desk);
	await desk.getByLabel('Title').fill('Mask stall, 2 places');
	await desk.getByLabel('Area (shown to everyone)').fill('Market square');
	await desk.getByLabel('Starts').fill(local(24 * 60));
	await desk.getByLabel('Ends').fill(local(26 * 60));
	await desk.getByLabel('Places').fill('2');
	await desk.getByRole('button', { name: 'Save the task' }).click();
	await expect(desk.getByText('Task saved.')).toBeVisible();

	const phones = [];
	for (const name of ['Ann One', 'Ben Two', 'Cat Three']) {
		const context = await browser.newContext();
		const page = await phone(context);
		await register(page, { name, phone: '+852 9000 0100' });
		await expect(page.getByTestId('record-state')).toHaveAttribute('data-state', 'confirmed', {
			timeout: 20_000
		});
		phones.push({ context, page });
	}
	for (const { page } of phones) {
		await page.reload();
		await page.getByRole('link', { name: 'Mask stall, 2 places' }).click();
		// The list offers a sign-up on every card too: wait for the task's own page.
		await expect(
			page.getByRole('heading', { level: 1, name: 'Mask stall, 2 places' })
		).toBeVisible();
		await page.getByRole('button', { name: 'Sign up' }).click();
		await expect(page.getByTestId('signup-status')).not.toHaveText(/waiting to be sent/, {
			timeout: 20_000
		});
	}
	await expect(phones[0]!.page.getByTestId('signup-status')).toHaveText('Place confirmed');
	await expect(phones[1]!.page.getByTestId('signup-status')).toHaveText('Place confirmed');
	await expect(phones[2]!.page.getByTestId('signup-status')).toHaveText(
		'On the waitlist, number 1'
	);

	phones[0]!.page.once('dialog', (d) => d.accept());
	await phones[0]!.page.getByRole('button', { name: 'Cancel my sign-up' }).click();
	// Cancelled: the task offers a sign-up again.
	await expect(phones[0]!.page.getByRole('button', { name: 'Sign up' })).toBeVisible({
		timeout: 20_000
	});
	await phones[2]!.page.reload();
	await expect(phones[2]!.page.getByTestId('signup-status')).toHaveText('Place confirmed', {
		timeout: 30_000
	});
	await phones[2]!.page.goto('/volunteer');
	await expect(phones[2]!.page.getByTestId('notice').first()).toContainText('A place opened up');
	for (const { context } of phones) await context.close();
	await staff.close();
});
