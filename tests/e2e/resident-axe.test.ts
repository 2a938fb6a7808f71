import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, waitForApp } from './helpers';
import { LOCALES } from './pages';
import { local, phone, register, signIn } from './volunteer-helpers';

const MINUTE = 60_000;
const IPHONE =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

test.use({ userAgent: IPHONE });

// One test per language (each with its own tasks and phone), so that each stays well inside its
// time limit on a loaded CI machine and the three run side by side.
for (const [i, [lang]] of LOCALES.entries()) {
	test(`the resident pages this work changed pass axe in ${lang}, with their data on screen`, async ({
		browser
	}) => {
		test.setTimeout(180_000);
		const first = `Axe sweep ${lang}: stairwell check`;
		const staff = await browser.newContext();
		const desk = await staff.newPage();
		await signIn(desk);
		await desk.goto('/staff/tasks/new');
		await waitForApp(desk);
		await desk.getByLabel('Title').fill(first);
		await desk.getByLabel('Area (shown to everyone)').fill('Block 2');
		await desk.getByLabel('Starts').fill(local(90));
		await desk.getByLabel('Ends').fill(local(150));
		await desk.getByLabel('Places').fill('3');
		await desk.getByRole('button', { name: 'Save the task' }).click();
		await expect(desk.getByText('Task saved.')).toBeVisible();
		await desk.goto('/staff/tasks/new');
		await waitForApp(desk);
		await desk.getByLabel('Title').fill(`Axe sweep ${lang}: later task`);
		await desk.getByLabel('Area (shown to everyone)').fill('Block 4');
		await desk.getByLabel('Starts').fill(local(3 * 24 * 60));
		await desk.getByLabel('Ends').fill(local(3 * 24 * 60 + 60));
		await desk.getByLabel('Places').fill('3');
		await desk.getByRole('button', { name: 'Save the task' }).click();
		await expect(desk.getByText('Task saved.')).toBeVisible();
		await staff.close();

		const context = await browser.newContext({ userAgent: IPHONE });
		await context.clock.install({ time: Date.now() });
		await context.clock.resume();
		const page = await phone(context);
		await register(page, { name: `Axe Au ${lang}`, phone: `+852 9000 007${i}` });
		await expect(page.getByTestId('record-state')).toHaveAttribute('data-state', 'confirmed', {
			timeout: 20_000
		});
		await page.reload();
		await page.getByRole('link', { name: first }).click();
		// The list offers a sign-up on every card too: wait for the task's own page.
		await expect(page.getByRole('heading', { level: 1, name: first })).toBeVisible();
		await page.getByRole('button', { name: 'Sign up' }).click();
		await expect(page.getByTestId('signup-status')).toHaveText('Place confirmed', {
			timeout: 20_000
		});
		const taskUrl = page.url();
		// A phone clock running fast: a refused check-in, shown as a note.
		await context.clock.setSystemTime(Date.now() + 2 * 60 * MINUTE);
		await page.goto(taskUrl);
		await waitForApp(page);
		await page.getByRole('button', { name: 'Check in' }).click();
		await expect(page.getByTestId('refusal-note')).toBeVisible({ timeout: 20_000 });
		await context.clock.setSystemTime(Date.now());

		{
			await page.goto('/settings');
			await waitForApp(page);
			await page.locator('#settings-language').selectOption(lang);
			await expect(page.locator('html')).toHaveAttribute('lang', lang);
			await expectNoAxeViolations(page, `settings with data in ${lang}`);
			for (const path of [
				'/volunteer',
				taskUrl,
				'/volunteer/hours',
				'/volunteer/my-data',
				'/sync'
			]) {
				await page.goto(path);
				await waitForApp(page);
				// The phone's records have loaded (no "Loading…" left).
				await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
				await expectNoAxeViolations(page, `${path} in ${lang}`);
			}
			await page.goto('/lessons/hygiene/handwashing');
			await waitForApp(page);
			await expect(page.getByTestId('install-card')).toBeVisible();
			const question = page.locator('.quiz fieldset').first();
			await question.locator('.option').first().click();
			await question.getByRole('button').click();
			await expect(question.locator('.verdict')).toBeVisible();
			await expectNoAxeViolations(page, `lesson with quiz feedback and install card in ${lang}`);
			await page.goto('/lessons/home-preparedness/checklist/grab-bag');
			await waitForApp(page);
			await page.locator('.checklist .item input').first().check();
			await page.locator('.checklist .actions .btn.secondary').click();
			await expect(page.getByTestId('ticks-cleared')).toBeVisible();
			await expectNoAxeViolations(page, `checklist with undo in ${lang}`);
		}
		await context.close();
	});
}
