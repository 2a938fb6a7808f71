import { expect, test, type Browser } from '@playwright/test';
import { E2E_ADMIN } from './constants';
import { expectNoAxeViolations, waitForApp } from './helpers';
import { LOCALES } from './pages';
import { signIn } from './volunteer-helpers';

async function invite(
	browser: Browser,
	role: 'Organizer' | 'Publisher',
	email: string,
	password: string
) {
	const admin = await browser.newContext();
	const page = await admin.newPage();
	await signIn(page);
	await page.goto('/staff/accounts');
	await waitForApp(page);
	const form = page.locator('form[action="?/invite"]');
	for (const box of await form.getByRole('checkbox').all()) await box.uncheck();
	await form.getByLabel(role, { exact: true }).check();
	await form.getByRole('button', { name: 'Make the invitation link' }).click();
	const link = await page.locator('#invite-link').inputValue();
	await admin.close();

	const context = await browser.newContext();
	const newcomer = await context.newPage();
	await newcomer.goto(link);
	await waitForApp(newcomer);
	// The page checks its link first and says which role it gives; a person reads that, then types.
	await expect(newcomer.getByText(`You are invited as: ${role}`)).toBeVisible();
	await newcomer.getByLabel('Your name').fill(`${role} Person`);
	await newcomer.getByLabel('Your e-mail address').fill(email);
	await newcomer.getByLabel('Choose a password').fill(password);
	await newcomer.getByLabel('Password again').fill(password);
	await newcomer.getByRole('button', { name: 'Create account' }).click();
	await expect(
		newcomer.getByRole('heading', {
			name: role === 'Publisher' ? 'Publishing lessons' : 'Organizer desk'
		})
	).toBeVisible();
	// The invitation is spent: its page says so (and offers to sign in) instead of a form.
	const again = await browser.newContext();
	const reuse = await again.newPage();
	await reuse.goto(link);
	await waitForApp(reuse);
	await expect(reuse.getByRole('alert')).toContainText('This invitation was used already');
	await expect(reuse.getByRole('link', { name: 'Sign in' })).toBeVisible();
	await expect(reuse.getByLabel('Choose a password')).toHaveCount(0);
	await again.close();
	return context;
}

test.describe('the people who run the server', () => {
	test('cross-origin writes are refused, JSON included', async ({ request }) => {
		const body = {
			schemaVersion: 1,
			mutations: [
				{ seq: 1, type: 'volunteer.withdraw', payload: { id: crypto.randomUUID() }, createdAt: 0 }
			]
		};
		const json = await request.post('/api/sync/push', {
			headers: { origin: 'https://evil.example' },
			data: body
		});
		expect(json.status()).toBe(403);
		expect(await json.json()).toMatchObject({ error: 'cross_origin' });
		const sneaky = await request.post('/api/sync/register', {
			headers: { 'sec-fetch-site': 'cross-site' },
			data: {}
		});
		expect(sneaky.status()).toBe(403);
		const form = await request.post('/staff/sign-in', {
			headers: {
				origin: 'https://evil.example',
				'content-type': 'application/x-www-form-urlencoded'
			},
			data: `email=${encodeURIComponent(E2E_ADMIN.email)}&password=x`
		});
		expect(form.status()).toBe(403);
	});

	test('staff pages and the roster API need a session with the organizer role', async ({
		browser,
		request
	}) => {
		expect((await request.get('/api/volunteers')).status()).toBe(401);
		const page = await browser.newPage();
		await page.goto('/staff/volunteers');
		await expect(page).toHaveURL(/\/staff\/sign-in\?next=%2Fstaff%2Fvolunteers/);
		const publisher = await invite(
			browser,
			'Publisher',
			'publisher@linli.test',
			'lesson writer of the north'
		);
		const publisherPage = await publisher.newPage();
		expect((await publisherPage.request.get('/api/volunteers')).status()).toBe(403);
		const forbidden = await publisherPage.goto('/staff/volunteers');
		expect(forbidden?.status()).toBe(403);
		await publisher.close();
	});

	test('failed sign-ins slow down, then lock; an admin lifts the lock; sign-out ends the session on the server', async ({
		browser
	}) => {
		test.slow(); // three people, six sign-in attempts with waits, on a busy machine
		const organizer = await invite(
			browser,
			'Organizer',
			'organizer@linli.test',
			'tea with the neighbours 7'
		);
		await organizer.close();
		const context = await browser.newContext();
		const page = await context.newPage();
		const attempt = async (password: string) => {
			await page.goto('/staff/sign-in');
			await waitForApp(page);
			await page.getByLabel('E-mail address').fill('organizer@linli.test');
			await page.getByLabel('Password').fill(password);
			await page.getByRole('button', { name: 'Sign in' }).click();
			return page.getByRole('alert');
		};
		await expect(await attempt('wrong one')).toContainText('not right');
		await expect(await attempt('wrong two')).toContainText('not right');
		await expect(await attempt('wrong three')).toContainText('Too many attempts');
		await page.waitForTimeout(1700);
		await expect(await attempt('wrong four')).toContainText('Too many attempts');
		await page.waitForTimeout(1700);
		await expect(await attempt('wrong five')).toContainText('locked');
		// Locked: even the right password is refused.
		await expect(await attempt('tea with the neighbours 7')).toContainText('locked');

		const admin = await browser.newContext();
		const desk = await admin.newPage();
		await signIn(desk);
		await desk.goto('/staff/accounts');
		await waitForApp(desk);
		const card = desk.locator('li.card').filter({ hasText: 'organizer@linli.test' });
		await card.getByRole('button', { name: 'Unlock' }).click();
		await expect(card.getByRole('status')).toContainText('can sign in again');
		await admin.close();

		await attempt('tea with the neighbours 7');
		await expect(page.getByRole('heading', { name: 'Organizer desk' })).toBeVisible();
		const cookies = await context.cookies();
		const session = cookies.find((c) => c.name === 'linli_session');
		expect(session?.httpOnly).toBe(true);
		expect(session?.sameSite).toBe('Lax');
		await page.getByRole('button', { name: 'Sign out' }).click();
		await expect(page).toHaveURL(/sign-in/);
		// The old cookie, replayed, opens nothing.
		const replay = await browser.newContext();
		await replay.addCookies([session!]);
		expect((await (await replay.newPage()).request.get('/api/volunteers')).status()).toBe(401);
		await replay.close();
		await context.close();
	});
});

for (const [lang, locale] of LOCALES) {
	test(`the organizers' pages pass axe in ${lang}`, async ({ browser }) => {
		const context = await browser.newContext({ locale });
		const page = await context.newPage();
		await signIn(page);
		for (const path of ['/staff', '/staff/accounts', '/staff/volunteers', '/staff/tasks']) {
			await page.goto(path);
			await waitForApp(page);
			await expectNoAxeViolations(page, `${path} (${lang})`);
		}
		await context.close();
	});
}
