import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, waitForApp, waitForServiceWorker } from './helpers';
import { phone, register } from './volunteer-helpers';

const IPHONE =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** The first lesson of the first pack, and its lessons' titles in two languages, from the build. */
async function firstLesson(page: Page) {
	return page.evaluate(async () => {
		const index = (await (await fetch('/packs/index.json')).json()) as {
			packs: { id: string; hash: string; lessons: { id: string }[] }[];
		};
		const pack = index.packs[0]!;
		const titles = async (lang: string) =>
			(
				(await (await fetch(`/packs/${pack.id}/${lang}.json?v=${pack.hash}`)).json()) as {
					lessons: { title: string }[];
				}
			).lessons.map((l) => l.title);
		return {
			url: `/lessons/${pack.id}/${pack.lessons[0]!.id}`,
			zh: await titles('zh-Hant'),
			en: await titles('en')
		};
	});
}

/** What Chromium fires when the app may be installed; `prompt` counts its calls. */
async function offerInstall(page: Page, outcome: 'accepted' | 'dismissed') {
	return page.evaluate((choice) => {
		const w = window as unknown as { prompted: number };
		w.prompted = 0;
		const event = new Event('beforeinstallprompt', { cancelable: true }) as Event & {
			prompt: () => Promise<void>;
			userChoice: Promise<{ outcome: string }>;
		};
		event.prompt = async () => void w.prompted++;
		event.userChoice = Promise.resolve({ outcome: choice });
		window.dispatchEvent(event);
		return event.defaultPrevented;
	}, outcome);
}

test.describe('a lesson in Traditional Chinese', () => {
	test.use({ locale: 'zh-TW' });

	test('switching the language on a lesson shows the lesson itself in the new language, and the next one too', async ({
		page
	}) => {
		await page.goto('/lessons');
		await waitForApp(page);
		const lesson = await firstLesson(page);
		await page.goto(lesson.url);
		await waitForApp(page);
		const title = page.getByRole('heading', { level: 1 });
		await expect(title).toHaveText(lesson.zh[0]!);
		await page.locator('#language-switcher').selectOption('en');
		await expect(title).toHaveText(lesson.en[0]!);
		await expect(page.locator('article.lesson')).toHaveAttribute('lang', 'en');
		await expect(page.getByRole('link', { name: 'Lessons', exact: true }).first()).toBeVisible();
		await page.getByRole('link', { name: `Next lesson ${lesson.en[1]}` }).click();
		await expect(title).toHaveText(lesson.en[1]!);
		// And back, without a reload.
		await page.locator('#language-switcher').selectOption('zh-Hant');
		await expect(title).toHaveText(lesson.zh[1]!);
	});
});

test.describe('the install card', () => {
	test('after a lesson, a browser that offers its prompt gets one button that opens it; the card then goes', async ({
		page
	}) => {
		await page.goto('/lessons');
		await waitForServiceWorker(page);
		const lesson = await firstLesson(page);
		await page.goto(lesson.url);
		await waitForApp(page);
		const card = page.getByTestId('install-card');
		// No prompt from the browser (yet): nothing to offer.
		await expect(card).toHaveCount(0);
		expect(await offerInstall(page, 'accepted')).toBe(true); // the browser's own mini-bar is held back
		await expect(
			card.getByRole('heading', { name: 'Put Linli on your home screen' })
		).toBeVisible();
		await expectNoAxeViolations(page, 'lesson with the install card');
		await card.getByRole('button', { name: 'Add to home screen' }).click();
		await expect
			.poll(() => page.evaluate(() => (window as unknown as { prompted: number }).prompted))
			.toBe(1);
		await expect(card).toHaveCount(0);
	});

	test('"No, thanks" is remembered on this phone', async ({ page }) => {
		await page.goto('/lessons');
		await waitForApp(page);
		const lesson = await firstLesson(page);
		await page.goto(lesson.url);
		await waitForApp(page);
		await offerInstall(page, 'dismissed');
		const card = page.getByTestId('install-card');
		await card.getByRole('button', { name: 'No, thanks' }).click();
		await expect(card).toHaveCount(0);
		await page.reload();
		await waitForApp(page);
		await offerInstall(page, 'dismissed');
		await page.waitForTimeout(300);
		await expect(card).toHaveCount(0);
	});

	test.describe('on an iPhone', () => {
		test.use({ userAgent: IPHONE });

		test('shows the two steps as pictures: Share, then Add to Home Screen', async ({ page }) => {
			await page.goto('/lessons');
			await waitForApp(page);
			const lesson = await firstLesson(page);
			await page.goto(lesson.url);
			await waitForApp(page);
			const card = page.getByTestId('install-card');
			await expect(card.getByRole('img', { name: /Share button circled/ })).toBeVisible();
			await expect(card.getByRole('img', { name: /“Add to Home Screen” marked/ })).toBeVisible();
			await expect(
				card.getByText('Scroll down the menu and choose “Add to Home Screen”.')
			).toBeVisible();
			await expect(card.getByRole('button', { name: 'Add to home screen' })).toHaveCount(0);
			await expectNoAxeViolations(page, 'lesson with the iPhone install card');
		});
	});
});

test('"Clear all ticks" can be undone, and a ticked item stays dark with a check mark', async ({
	page
}) => {
	await page.goto('/lessons/home-preparedness/checklist/grab-bag');
	await waitForApp(page);
	const boxes = page.locator('.checklist .item input[type=checkbox]');
	for (const i of [0, 1, 2]) await boxes.nth(i).check();
	const label = page.locator('.checklist .item').first().locator('.label');
	await expect(label.locator('.done')).toBeVisible();
	const style = await label.evaluate((el) => {
		const s = getComputedStyle(el);
		return { line: s.textDecorationLine, colour: s.color };
	});
	const text = await page.evaluate(() => getComputedStyle(document.body).color);
	expect(style).toEqual({ line: 'none', colour: text });

	await page.getByRole('button', { name: 'Clear all ticks' }).click();
	await expect(page.getByTestId('ticks-cleared')).toContainText('3 ticks cleared.');
	await expect(boxes.nth(0)).not.toBeChecked();
	await page.getByRole('button', { name: 'Undo' }).click();
	for (const i of [0, 1, 2]) await expect(boxes.nth(i)).toBeChecked();
	await page.reload();
	for (const i of [0, 1, 2]) await expect(boxes.nth(i)).toBeChecked();
});

test('the lessons page says when every lesson is on the phone; the offline error page shows no status code', async ({
	page,
	context
}) => {
	await page.goto('/lessons');
	await waitForServiceWorker(page);
	await expect(page.getByTestId('offline-ready')).toHaveText(
		'All lessons are on this phone: you can read them without a connection.'
	);
	await context.setOffline(true);
	// Staff pages are online only: offline, a translated explanation and no "Error 500".
	await page.goto('/staff/volunteers');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(page.locator('main')).not.toContainText(/\b5\d\d\b/);
	await context.setOffline(false);
});

test('a resident with nothing saved sees no sync line and no phone list; device linking waits folded away', async ({
	page
}) => {
	await page.goto('/settings');
	await waitForServiceWorker(page);
	await page.reload();
	await waitForApp(page);
	await expect(page.getByTestId('sync-status')).toHaveCount(0);
	await expect(page.getByRole('heading', { name: 'Phones with your records' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Show a code for another phone' })).toHaveCount(0);
	await page.getByText('Use Linli on more than one phone? Link them').click();
	await expect(page.getByLabel('Code shown on your other phone')).toBeVisible();
	await expect(page.getByTestId('app-version')).toHaveText(/^Version \d+\.\d+\.\d+/);
	await expect(page.getByTestId('app-version')).not.toHaveText(/\d{13}/);
	await expectNoAxeViolations(page, 'settings with nothing saved');
});

test('registration: the missing contact is marked in the first round; deleting says so until you leave', async ({
	browser
}) => {
	const context = await browser.newContext();
	const page = await phone(context);
	await page.goto('/volunteer/register');
	await waitForApp(page);
	await page.getByLabel('Name (required)').fill('Li Ming');
	await page.getByRole('button', { name: 'Save on this phone' }).click();
	await expect(page.getByText('Please check the fields marked below.')).toBeVisible();
	await expect(page.getByLabel('Phone')).toHaveAttribute('aria-invalid', 'true');
	await expect(
		page.getByText('Give a phone number or an e-mail address, so organizers can reach you.').first()
	).toBeVisible();
	await expect(page.getByText('Please agree to how your data is used')).toBeVisible();
	// Each cell of the week grid is its box's label: 44 px tall.
	const cell = page.locator('.grid .cell').first();
	expect((await cell.boundingBox())!.height).toBeGreaterThanOrEqual(44);

	await register(page, { name: 'Li Ming', phone: '+86 138 0000 0000' });
	await expect(page.getByTestId('record-state')).toHaveAttribute('data-state', 'confirmed', {
		timeout: 20_000
	});
	// Once on the server, the "will be sent when online" box says it was sent, in the same place
	// (it used to vanish, and everything below it moved up under the resident's finger).
	await expect(
		page.getByText('Saved on this phone. It will be sent when you are online.')
	).toHaveCount(0);
	await expect(page.locator('.card.saved')).toHaveText(
		"Saved, and sent to the residents' committee."
	);
	await page.getByRole('link', { name: 'See my data (printable)' }).click();
	await expect(page.getByTestId('my-data')).toContainText('Li Ming');
	await expect(page.getByTestId('my-data')).toContainText('Saturday Morning');
	await expect(page.getByTestId('my-data')).toContainText('Delivery and logistics');
	await expectNoAxeViolations(page, 'my data, printable');
	await page.goBack();
	page.once('dialog', (dialog) => {
		expect(dialog.message()).toContain('download or print your data first');
		void dialog.accept();
	});
	await page.getByRole('button', { name: 'Delete my data' }).click();
	const deleted = page.getByTestId('deleting');
	await expect(deleted).toBeVisible();
	// Still said once the server has it: the resident is not left wondering.
	await expect(deleted).toHaveText(
		'Your data has been deleted from this phone and from the server.',
		{
			timeout: 20_000
		}
	);
	await context.close();
});

test.describe('on a slow link', () => {
	// No service worker: its cache would answer at once.
	test.use({ serviceWorkers: 'block' });

	test('a thin bar shows that the tapped page is on its way', async ({ page }) => {
		await page.goto('/');
		await waitForApp(page);
		await page.route('**/packs/index.json', async (route) => {
			await new Promise((resolve) => setTimeout(resolve, 1500));
			await route.continue();
		});
		const bar = page.getByTestId('navigation-progress');
		await expect(bar).toHaveCount(0);
		await page
			.getByRole('navigation', { name: 'Main' })
			.getByRole('link', { name: 'Lessons' })
			.click();
		await expect(bar).toBeVisible();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lessons');
		await expect(bar).toHaveCount(0);
	});
});
