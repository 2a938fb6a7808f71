import { expect, test } from '@playwright/test';
import { waitForApp, waitForServiceWorker } from './helpers';
import { local, signIn } from './volunteer-helpers';

// Issue 9: a first visit to the home page stays light. The device database and the sync engine
// (Dexie and the schemas, about 45 KB) are not the page's to load while the phone holds nothing of
// its own: the service worker, which has them anyway, fetches the shared tasks for it.
test('a first visit to home loads no device database, yet the shared tasks arrive and are there offline', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const staff = await browser.newContext();
	const desk = await staff.newPage();
	await signIn(desk);
	await desk.goto('/staff/tasks/new');
	await waitForApp(desk);
	await desk.getByLabel('Title').fill('Stairwell lights check');
	await desk.getByLabel('Area (shown to everyone)').fill('Block 2');
	await desk
		.getByLabel('Exact address (shown only to confirmed volunteers)')
		.fill('Block 2 stairwell');
	await desk.getByLabel('Starts').fill(local(24 * 60));
	await desk.getByLabel('Ends').fill(local(25 * 60));
	await desk.getByLabel('Places').fill('2');
	await desk.getByRole('button', { name: 'Save the task' }).click();
	await expect(desk.getByText('Task saved.')).toBeVisible();
	const taskId = new URL(desk.url()).pathname.split('/').at(-1)!;
	await staff.close();

	const context = await browser.newContext();
	const page = await context.newPage();
	const pageScripts: string[] = [];
	page.on('response', (response) => {
		if (response.request().resourceType() === 'script') pageScripts.push(response.url());
	});
	const pulledByWorker = context.waitForEvent(
		'requestfinished',
		(request) => request.url().includes('/api/sync/pull') && request.serviceWorker() !== null
	);
	await page.goto('/');
	await waitForApp(page);
	await waitForServiceWorker(page);
	await pulledByWorker;
	await page.waitForLoadState('networkidle');

	// Nothing the page itself loaded holds the database library.
	const bodies = await Promise.all(
		pageScripts.map(async (url) => (await context.request.get(url)).text())
	);
	expect(pageScripts.length).toBeGreaterThan(5);
	for (const [i, body] of bodies.entries())
		expect(body.includes('Dexie'), `${pageScripts[i]} holds Dexie`).toBe(false);
	// The page shows the worker's sync as its own: a last-synced time, no problem.
	await expect
		.poll(() =>
			page.evaluate(() => JSON.parse(localStorage.getItem('linli.sync') ?? '{}').lastSyncedAt)
		)
		.toBeGreaterThan(0);

	// The worker stored the task in the device database: its page shows it offline.
	await context.setOffline(true);
	await page.goto(`/volunteer/tasks/${taskId}`);
	await expect(
		page.getByRole('heading', { level: 1, name: 'Stairwell lights check' })
	).toBeVisible();
	await expect(page.getByText('Block 2', { exact: true }).first()).toBeVisible();
	await context.close();
});

test('a phone that has begun a lesson gets its "continue" card on the home page', async ({
	page
}) => {
	await page.goto('/lessons/hygiene/masks');
	await waitForApp(page);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect.poll(() => page.evaluate(() => localStorage.getItem('linli.learning'))).toBe('1');
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Continue where you left off' })).toBeVisible();
});
