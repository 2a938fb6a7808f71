import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, waitForApp } from './helpers';
import { LOCALES } from './pages';
import { phone, signIn } from './volunteer-helpers';
import { createConcert, TITLE } from './event-helpers';
import { verifyTicket, type TicketKey } from '../../src/lib/shared/tickets';

test('events: an organizer creates a concert; a resident signs up offline, is confirmed, is checked in by name; the CSV keeps Chinese names', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const { staff, desk, id } = await createConcert(browser);

	const context = await browser.newContext();
	const page = await phone(context);
	await page.goto('/events');
	await waitForApp(page);
	// Other tests make concerts of the same title: this one is found by its own address.
	const link = page.getByRole('link', { name: TITLE }).and(page.locator(`[href="/events/${id}"]`));
	await link.click({ timeout: 30_000 });
	await expect(page.getByRole('heading', { name: 'Song sheet' })).toBeVisible();

	// Offline: saved on the phone, waiting to send.
	await context.setOffline(true);
	await page.getByLabel('Name to show the organizers').fill('陳大文');
	await page.getByLabel('Building (optional)').fill('海景大廈');
	await page.getByLabel('How many people').fill('2');
	await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Lead singers' });
	await page.getByRole('button', { name: 'Sign up', exact: true }).click();
	await expect(page.getByTestId('event-signup-status')).toContainText('Waiting to send');
	await context.setOffline(false);
	await expect(page.getByTestId('event-signup-status')).toHaveText('Confirmed: you have a place', {
		timeout: 30_000
	});

	// A place confirmed: the phone shows its ticket, a signed code with no name in it, that checks
	// out against the server's public key; offline, after a reload, it is still there.
	const ticketImage = page.getByTestId('event-ticket').getByRole('img');
	await expect(ticketImage).toBeVisible({ timeout: 30_000 });
	await expect(ticketImage).toHaveAccessibleName('Ticket QR code: Lead singers, 2 people');
	const ticket = (await ticketImage.getAttribute('data-ticket'))!;
	expect(ticket).not.toContain('陳大文');
	const { keys } = (await (await page.request.get('/api/events/ticket-keys')).json()) as {
		keys: TicketKey[];
	};
	expect(await verifyTicket(ticket, keys, id)).toMatchObject({
		ok: true,
		claims: { partySize: 2 }
	});
	await context.setOffline(true);
	await page.reload();
	await waitForApp(page);
	await expect(page.getByTestId('event-ticket').getByRole('img')).toHaveAttribute(
		'data-ticket',
		ticket
	);
	await context.setOffline(false);

	// The organizer finds them by name and checks them in.
	await desk.goto(`/staff/events/${id}?q=${encodeURIComponent('陳大文')}`);
	await waitForApp(desk);
	await desk.getByRole('button', { name: 'Check in: 陳大文' }).click();
	await expect(desk.getByTestId('roster-line').first()).toContainText('Checked in');
	await expectNoAxeViolations(desk, 'event dashboard');

	// The phone hears it was checked in, and the roster CSV keeps the Chinese name.
	const csv = await desk.request.get(`/api/events/${id}/export.csv`);
	expect(csv.status()).toBe(200);
	const bytes = await csv.body();
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const text = bytes.toString('utf8');
	expect(text).toContain('陳大文');
	expect(text).toContain('海景大廈');

	// Once synced, the ticket says so; the page with the ticket passes axe in every language.
	const eventUrl = page.url();
	await expect(async () => {
		await page.reload();
		await waitForApp(page);
		await expect(page.getByTestId('event-ticket')).toContainText('You are checked in', {
			timeout: 2_000
		});
	}).toPass({ timeout: 30_000 });
	for (const [lang] of LOCALES) {
		await page.goto('/settings');
		await waitForApp(page);
		await page.locator('#settings-language').selectOption(lang);
		await expect(page.locator('html')).toHaveAttribute('lang', lang);
		await page.goto(eventUrl);
		await waitForApp(page);
		await expect(page.getByTestId('event-ticket').getByRole('img')).toBeVisible();
		await expectNoAxeViolations(page, `event page with a ticket (${lang})`);
	}

	const ics = await page.request.get(`/events/${id}.ics`);
	expect(ics.status()).toBe(200);
	expect(await ics.text()).toContain('TZID=Asia/Taipei');
	await context.close();
	await staff.close();
});

for (const [lang, locale] of LOCALES) {
	test(`the event pages pass axe in ${lang}`, async ({ browser }) => {
		test.setTimeout(180_000);
		const staff = await browser.newContext({ locale });
		const desk = await staff.newPage();
		await signIn(desk);
		await desk.goto('/staff/events');
		await waitForApp(desk);
		// Run alone, this test makes the event the pages show.
		if ((await desk.locator('ul.events a').count()) === 0) {
			const made = await createConcert(browser);
			await made.staff.close();
			await desk.reload();
			await waitForApp(desk);
		}
		await expectNoAxeViolations(desk, `/staff/events (${lang})`);
		// Opened by its address: a click right after hydration was once lost on this busy machine.
		const dashboard = (await desk.locator('ul.events a').first().getAttribute('href'))!;
		await desk.goto(dashboard);
		await waitForApp(desk);
		await expectNoAxeViolations(desk, `/staff/events/<id> (${lang})`);
		// The door's check-in screen, with its roster loaded and a search shown.
		await desk.goto(`/events/${dashboard.split('/').pop()}/door`);
		await waitForApp(desk);
		await expect(desk.getByTestId('door-inside')).toBeVisible({ timeout: 30_000 });
		await desk.locator('#door-search').fill('a');
		await expectNoAxeViolations(desk, `/events/<id>/door (${lang})`);
		await desk.goto('/staff/events/new');
		await waitForApp(desk);
		await expectNoAxeViolations(desk, `/staff/events/new (${lang})`);
		await staff.close();

		const context = await browser.newContext({ locale });
		const page = await phone(context);
		await page.goto('/events');
		await waitForApp(page);
		await expect(page.getByTestId('event-card').first()).toBeVisible({ timeout: 30_000 });
		await expectNoAxeViolations(page, `/events (${lang})`);
		const card = page.getByTestId('event-card').first();
		await card.getByRole('link').click({ timeout: 30_000 });
		await expect(page.locator('.songs')).toBeVisible();
		await expectNoAxeViolations(page, `/events/<id> (${lang})`);
		await context.close();
	});
}
