import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, readDeviceDb, waitForApp, waitForServiceWorker } from './helpers';
import { LOCALES } from './pages';
import { E2E_ADMIN } from './constants';
import { local } from './volunteer-helpers';

// Only the default neighbourhood is used (see neighbourhood.test.ts): a second one would change
// what new phones of the other suites follow.

const TASK = 'Lobby noticeboard';

/** Signs in as the e2e administrator (a loaded machine may take a while to check the password). */
async function signInSlowly(page: Page) {
	await page.goto('/staff/sign-in');
	await waitForApp(page);
	await page.locator('#email').fill(E2E_ADMIN.email);
	await page.locator('#password').fill(E2E_ADMIN.password);
	await page.locator('form button[type=submit]').click();
	await expect(page).toHaveURL(/\/staff$/, { timeout: 30_000 });
}

test.describe('a new phone in zh-Hant', () => {
	test.use({ locale: 'zh-Hant' });

	test('goes through the first run (language, Hong Kong, its neighbourhood); Settings shows it, leaves it, and picks it again; offline it shows what it knows', async ({
		page,
		context,
		browser
	}) => {
		test.setTimeout(480_000);
		// A task of the neighbourhood, for the phone to hold and then drop when it leaves.
		const staff = await browser.newContext({ locale: 'en' });
		const desk = await staff.newPage();
		await signInSlowly(desk);
		await desk.goto('/staff/tasks/new');
		await waitForApp(desk);
		await desk.getByLabel('Title').fill(TASK);
		await desk.getByLabel('Area (shown to everyone)').fill('Block 5');
		await desk
			.getByLabel('Exact address (shown only to confirmed volunteers)')
			.fill('Block 5 lobby');
		await desk.getByLabel('Starts').fill(local(48 * 60));
		await desk.getByLabel('Ends').fill(local(49 * 60));
		await desk.getByLabel('Places').fill('2');
		await desk.getByRole('button', { name: 'Save the task' }).click();
		await expect(desk.getByText('Task saved.')).toBeVisible();
		const taskId = new URL(desk.url()).pathname.split('/').at(-1)!;
		await staff.close();
		/** Whether the phone holds the task: its page, offline, comes from the device database. */
		const taskOffline = async (held: boolean) => {
			// The join's first sync (and the leave's clean-up) run in the background: wait until the
			// phone holds the task (or no longer does) before the connection goes.
			await expect
				.poll(
					async () => {
						const [rows] = await readDeviceDb(page, [{ store: 'records' }]);
						return ((rows as { collection: string; id: string }[] | undefined) ?? []).some(
							(r) => r.collection === 'task' && r.id === taskId
						);
					},
					{ timeout: 20_000 }
				)
				.toBe(held);
			await context.setOffline(true);
			await page.goto(`/volunteer/tasks/${taskId}`);
			await waitForApp(page);
			const title = page.getByRole('heading', { level: 1, name: TASK });
			return title;
		};

		await page.goto('/');
		await waitForApp(page);
		await waitForServiceWorker(page);
		const firstRun = page.getByTestId('first-run');
		await expect(firstRun.getByRole('heading', { name: '你閱讀哪種語言？' })).toBeVisible();
		await expect(firstRun).toContainText('第 1 步，共 3 步');
		await expectNoAxeViolations(page, 'first run, language step');
		await firstRun.getByRole('button', { name: '下一步' }).click();

		// The region step waits for the emergency-numbers card, which asks (issue 8).
		await expect(firstRun.getByRole('heading', { name: '你的地區' })).toBeFocused();
		await expectNoAxeViolations(page, 'first run, region step');
		const numbers = page.getByTestId('emergency-numbers');
		await numbers.getByRole('button', { name: '香港', exact: true }).click();
		await expect(numbers).toHaveAttribute('data-region-status', 'chosen');

		// The neighbourhood: a server of one has the new phone follow it.
		await expect(firstRun.getByRole('heading', { name: '你的社區' })).toBeVisible();
		await expect(firstRun).toContainText('這部手機已關注');
		await expectNoAxeViolations(page, 'first run, neighbourhood step');
		await firstRun.getByRole('button', { name: '完成' }).click();
		await expect(firstRun).toHaveCount(0);
		await page.reload();
		await waitForApp(page);
		await expect(page.getByTestId('first-run')).toHaveCount(0);

		// Settings lists it as home; the phone holds its tasks after a sync.
		await page.goto('/settings');
		await waitForApp(page);
		const mine = page.getByTestId('my-neighbourhoods');
		await expect(mine.getByTestId('home-badge')).toHaveText('主要社區');
		await expectNoAxeViolations(page, 'Settings with a neighbourhood (zh-Hant)');
		const name = (await mine.locator('.name').first().textContent())!.trim();
		await expect(await taskOffline(true)).toBeVisible();
		await context.setOffline(false);
		await page.goto('/settings');
		await waitForApp(page);

		// Leaving asks first, then drops the neighbourhood's tasks from the phone.
		await mine.getByRole('button', { name: new RegExp(`^退出`) }).click();
		await expect(mine).toContainText(`要退出 ${name} 嗎？`);
		await expectNoAxeViolations(page, 'Settings, confirming leaving');
		await mine.getByRole('button', { name: '確定退出' }).click();
		await expect(mine.getByRole('status')).toHaveText(`你已退出 ${name}。`);
		await expect(mine).toContainText('這部手機還沒有關注任何社區');
		const gone = await taskOffline(false);
		await expect(page.locator('main h1')).toBeVisible();
		await expect(gone).toHaveCount(0);
		await context.setOffline(false);
		await page.goto('/settings');
		await waitForApp(page);

		// Picking it from the server's list follows it again, as home.
		await mine.locator('#hood-pick').selectOption({ label: name });
		await mine.getByRole('button', { name: '加入' }).last().click();
		await expect(mine.getByRole('status')).toContainText(`這部手機已關注 ${name}`);
		await expect(mine.getByTestId('home-badge')).toBeVisible();

		// Offline: what the phone knows, and why nothing can change now.
		await context.setOffline(true);
		await page.reload();
		await waitForApp(page);
		await expect(mine.locator('.name').first()).toHaveText(name);
		await expect(mine.getByTestId('hoods-offline')).toContainText('需要連線');
		await expect(mine.getByRole('button', { name: /^退出/ })).toBeDisabled();
		await context.setOffline(false);
	});
});

test('the staff home page shows counts and the weekly chart, passes axe in every language, and holds at 200% text', async ({
	browser
}) => {
	test.setTimeout(480_000);
	const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
	const page = await context.newPage();
	await signInSlowly(page);
	for (const [lang] of LOCALES) {
		await page.locator('#language-switcher').selectOption(lang);
		await expect(page.locator('html')).toHaveAttribute('lang', lang);
		await page.reload();
		await waitForApp(page);
		await expect(page.getByTestId('staff-attention')).toBeVisible();
		await expect(page.getByTestId('staff-counts').locator('dd')).toHaveCount(4);
		const chart = page.getByTestId('weekly-chart');
		await expect(chart).toHaveAttribute('role', 'img');
		await expect(chart).toHaveAttribute('aria-label', /\d/);
		await expect(chart.locator('rect.bar')).toHaveCount(10);
		await page.locator('figure details summary').click();
		await expect(page.locator('figure table tbody tr')).toHaveCount(10);
		await expectNoAxeViolations(page, `/staff in ${lang}`);

		await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
		const overflow = await page.evaluate(() => {
			const width = document.documentElement.clientWidth;
			const wide = [...document.querySelectorAll('body *')]
				.filter((el) => el.getBoundingClientRect().right > width + 1)
				.slice(0, 5)
				.map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
			return { scroll: document.documentElement.scrollWidth, width, wide };
		});
		expect(overflow.scroll, `${lang}: ${overflow.wide.join(', ')}`).toBeLessThanOrEqual(
			overflow.width
		);
		await page.evaluate(() => (document.documentElement.style.fontSize = ''));
	}
	await context.close();
});

test('Settings lists neighbourhoods and passes axe in every language', async ({ browser }) => {
	test.setTimeout(480_000);
	for (const [lang, locale] of LOCALES) {
		const context = await browser.newContext({ locale });
		const page = await context.newPage();
		await page.goto('/settings');
		await waitForApp(page);
		await expect(page.getByTestId('my-neighbourhoods').getByTestId('home-badge')).toBeVisible({
			timeout: 20_000
		});
		await expectNoAxeViolations(page, `Settings in ${lang}`);
		await page.goto('/');
		await waitForApp(page);
		await expect(page.getByTestId('first-run')).toBeVisible();
		await expectNoAxeViolations(page, `home with the first run in ${lang}`);
		await context.close();
	}
});
