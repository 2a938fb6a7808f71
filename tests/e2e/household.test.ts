import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import type { CompiledPackLanguage, QuizQuestion } from '../../src/lib/shared/lesson';
import { expectNoAxeViolations, readDeviceDb, waitForApp, waitForServiceWorker } from './helpers';
import { LOCALES, RESIDENT_PAGES } from './pages';
import { phone, register } from './volunteer-helpers';

async function kitQuiz(page: Page) {
	const response = await page.request.get('/packs/home-preparedness/en.json');
	expect(response.ok()).toBe(true);
	const content = (await response.json()) as CompiledPackLanguage;
	const lesson = content.lessons.find((l) => l.id === 'emergency-kit');
	const quiz = lesson?.blocks.find((b) => b.t === 'quiz');
	if (!quiz || quiz.t !== 'quiz') throw new Error('no quiz in emergency-kit');
	return quiz.questions;
}

async function answerRight(page: Page, question: QuizQuestion) {
	const group = page.getByRole('group').filter({ hasText: question.prompt }).nth(0);
	if (question.type === 'truefalse') {
		await group
			.getByRole('radio', { name: question.answer ? 'True' : 'False', exact: true })
			.check();
	} else {
		for (const option of question.options.filter((o) => o.correct)) {
			const role = question.type === 'multiple' ? 'checkbox' : 'radio';
			await group.getByRole(role, { name: option.text, exact: true }).check();
		}
	}
	await group.getByRole('button', { name: 'Check answer' }).click();
	await expect(group.getByText('Correct!')).toBeVisible();
}

/** Sets a number field of the profile and waits for the summary to show it saved. */
async function setCount(page: Page, label: string, value: number) {
	const input = page.getByLabel(label, { exact: true });
	await input.fill(String(value));
	await input.press('Tab');
}

async function addListsOf(page: Page, lesson: string) {
	await page.goto(`/lessons/home-preparedness/${lesson}`);
	await waitForApp(page);
	const buttons = page.getByRole('button', { name: 'Add to my kit' });
	await expect(buttons.first()).toBeVisible();
	const lists = await buttons.count();
	for (let left = lists; left > 0; left--) {
		await buttons.first().click();
		await expect(buttons).toHaveCount(left - 1);
	}
	await expect(page.getByTestId('checklist-kit').first()).toContainText('in your kit');
}

/** The first page's size in points, rounded. */
function pageSize(pdf: Buffer) {
	const box = /MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
	return box ? [Math.round(Number(box[1])), Math.round(Number(box[2]))] : undefined;
}

function kitItem(page: Page, name: string) {
	return page
		.getByTestId('kit-item')
		.filter({ has: page.getByRole('heading', { name, exact: true }) });
}

test('the kit lesson fills the household kit, sized by the profile, and follows its changes', async ({
	page
}) => {
	test.setTimeout(120_000);
	await page.goto('/household');
	await waitForApp(page);
	await setCount(page, 'Adults', 2);
	await setCount(page, 'Babies under 2', 1);
	await page.getByRole('radio', { name: '7 days' }).check();
	await expect(page.getByTestId('household-summary')).toContainText('3 people, 7 days');

	// Finish the kit lesson, then add its lists (and the water lesson's) to the kit.
	await page.goto('/lessons/home-preparedness/emergency-kit');
	await waitForApp(page);
	for (const question of await kitQuiz(page)) await answerRight(page, question);
	await expect(page.getByTestId('quiz-summary')).toContainText('You have mastered this lesson');
	// The lesson's checklist is sized by the profile: a whistle per person.
	await expect(page.getByTestId('checklist-sized').first()).toContainText('3 people, 7 days');
	await addListsOf(page, 'emergency-kit');
	await addListsOf(page, 'water-and-food');

	await page.goto('/household/kit');
	await waitForApp(page);
	// 4 litres per person per day (the water lesson) × 3 people (the baby too) × 7 days.
	await expect(kitItem(page, 'Drinking water').getByTestId('kit-need')).toContainText(
		'Needed: 84 litres'
	);
	await expect(kitItem(page, 'Whistle, to call for help').getByTestId('kit-need')).toContainText(
		'Needed: 3 pcs'
	);
	await expect(kitItem(page, 'First-aid kit').getByTestId('kit-need')).toContainText(
		'Needed: 1 set'
	);
	await expect(page.getByTestId('kit-sized-for')).toContainText('3 people and 7 days');

	// Have some water: the rest is on the shopping list.
	const water = kitItem(page, 'Drinking water');
	await water.getByLabel('You have (litres)').fill('60');
	await water.getByLabel('You have (litres)').press('Tab');
	await expect(page.getByTestId('shopping-list')).toContainText('Drinking water: 24 litres');

	// A torch for each person's grab bag (an essential, like water).
	const torch = kitItem(page, 'Torch and spare batteries');
	await torch.getByLabel('You have (pcs)').fill('3');
	await torch.getByLabel('You have (pcs)').press('Tab');
	await expect(torch.getByTestId('kit-need')).toContainText('you have enough');
	// The readiness score names the next step for water, sized to the household.
	await page.goto('/household');
	await waitForApp(page);
	await expect(page.getByTestId('readiness')).toContainText('Add 24 litres: Drinking water');
	const score = Number(await page.getByTestId('readiness-score').textContent());
	expect(score).toBeGreaterThan(0);
	expect(score).toBeLessThan(100);

	// One adult alone, three days: the amounts follow.
	await setCount(page, 'Adults', 1);
	await setCount(page, 'Babies under 2', 0);
	await page.getByRole('radio', { name: '3 days' }).check();
	await expect(page.getByTestId('household-summary')).toContainText('1 person, 3 days');
	await page.goto('/household/kit');
	await waitForApp(page);
	await expect(kitItem(page, 'Drinking water').getByTestId('kit-need')).toContainText(
		'Needed: 12 litres'
	);
	await expect(kitItem(page, 'Whistle, to call for help').getByTestId('kit-need')).toContainText(
		'Needed: 1 pcs'
	);
});

test('an item expiring next month shows on the home page, offline', async ({ page, context }) => {
	test.setTimeout(120_000);
	await page.goto('/');
	await waitForServiceWorker(page);
	await addListsOf(page, 'water-and-food');
	await page.goto('/household/kit');
	await waitForApp(page);
	const water = kitItem(page, 'Drinking water');
	await water.getByLabel('You have (litres)').fill('100');
	await water.getByLabel('You have (litres)').press('Tab');
	// A month that starts within the next 30 days (next month, most days of the year).
	const soon = new Date(Date.now() + 20 * 86_400_000);
	const monthName = soon.toLocaleDateString('en-GB', { month: 'long' });
	await water.getByLabel('Use by: month').selectOption({ label: monthName });
	await water.getByLabel('Use by: year').selectOption(String(soon.getFullYear()));
	await expect(water.getByRole('status')).toContainText('Expires within 30 days');

	await context.setOffline(true);
	await page.goto('/');
	const card = page.getByTestId('kit-reminders');
	await expect(card).toBeVisible();
	await expect(card.getByTestId('kit-expiring')).toContainText('Drinking water');
	// Items still missing are listed too (nothing else of the list is there yet).
	await expect(card.getByTestId('kit-missing')).toContainText('Rice, dried noodles');
	await expect(card.getByTestId('kit-missing')).not.toContainText('Drinking water');
});

test('the family plan card prints with its contacts in Traditional Chinese', async ({
	browser
}) => {
	const context = await browser.newContext({ locale: 'zh-TW' });
	const page = await context.newPage();
	await page.goto('/household/plan');
	await waitForApp(page);
	await page.getByRole('button', { name: '新增一位家人' }).click();
	await page.getByLabel('姓名 1').fill('王小明');
	await page.getByLabel('電話 1').fill('0912-345-678');
	await page.getByLabel('電話 1').press('Tab');
	await page.getByLabel('住家附近的集合地點').fill('大安森林公園正門');
	await page.getByLabel('住家附近的集合地點').press('Tab');
	await expect(page.getByTestId('plan-card')).toContainText('王小明 0912-345-678');

	await page.emulateMedia({ media: 'print' });
	await expect(page.getByTestId('plan-form')).toBeHidden();
	await expect(page.getByTestId('plan-card')).toBeVisible();
	await expect(page.getByTestId('plan-card')).toContainText('我們家的防災計畫');
	await expect(page.getByTestId('plan-card')).toContainText('王小明 0912-345-678');
	await expect(page.getByTestId('plan-card')).toContainText('大安森林公園正門');
	const pdf = await page.pdf({ preferCSSPageSize: true });
	expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
	// A4: 210 × 297 mm, 595 × 842 points.
	expect(pageSize(pdf)).toEqual([595, 842]);

	// The wallet card prints on its own small page.
	await page.evaluate(() => (document.documentElement.dataset.print = 'wallet'));
	const wallet = await page.pdf({ preferCSSPageSize: true });
	// 85 × 108 mm: a card folded once.
	expect(pageSize(wallet)).toEqual([241, 306]);
	await context.close();
});

/** Sets fields and fires their change events in one task, faster than any page can re-render. */
async function changeAtOnce(page: Page, values: Record<string, string>) {
	// The form shows once the phone's household is read: every field is there before any changes.
	for (const selector of Object.keys(values)) await page.locator(selector).waitFor();
	await page.evaluate((values) => {
		for (const [selector, value] of Object.entries(values)) {
			const input = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector);
			if (!input) throw new Error(`no ${selector}`);
			input.value = value;
			input.dispatchEvent(new Event('change', { bubbles: true }));
		}
	}, values);
}

test('fields changed in quick succession are all kept, in the profile and in the plan', async ({
	page
}) => {
	await page.goto('/household');
	await waitForApp(page);
	await changeAtOnce(page, {
		'input[name="adults"]': '3',
		'input[name="olderPeople"]': '2',
		'input[name="infants"]': '1',
		'input[name="pets"]': '2',
		'input[name="children"]': '2'
	});
	await expect(page.getByTestId('household-summary')).toContainText('8 people');
	await page.reload();
	await waitForApp(page);
	await expect(page.locator('input[name="adults"]')).toHaveValue('3');
	await expect(page.locator('input[name="olderPeople"]')).toHaveValue('2');
	await expect(page.locator('input[name="infants"]')).toHaveValue('1');
	await expect(page.locator('input[name="pets"]')).toHaveValue('2');
	await expect(page.getByLabel('Age of child 2')).toBeVisible();

	await page.goto('/household/plan');
	await waitForApp(page);
	await page.getByRole('button', { name: 'Add a person' }).click();
	await expect(page.getByLabel('Name 1')).toBeVisible();
	await changeAtOnce(page, {
		'input[name="out-name"]': 'Auntie Wong',
		'input[name="out-phone"]': '+852 2345 6789'
	});
	await changeAtOnce(page, {
		'input[name="member-name"]': 'Mei Chan',
		'input[name="member-phone"]': '+852 9123 4567'
	});
	await expect(page.getByTestId('plan-card')).toContainText('Auntie Wong');
	await page.reload();
	await waitForApp(page);
	await expect(page.getByLabel('Name 1')).toHaveValue('Mei Chan');
	await expect(page.getByLabel('Phone 1')).toHaveValue('+852 9123 4567');
	await expect(page.locator('input[name="out-name"]')).toHaveValue('Auntie Wong');
	await expect(page.locator('input[name="out-phone"]')).toHaveValue('+852 2345 6789');
});

test('the plan exported as a file imports on another phone', async ({ browser }) => {
	const first = await browser.newContext();
	const page = await first.newPage();
	await page.goto('/household/plan');
	await waitForApp(page);
	await page.getByRole('button', { name: 'Add a person' }).click();
	await page.getByLabel('Name 1').fill('Mei Chan');
	await page.getByLabel('Phone 1').fill('+852 9123 4567');
	await page.getByLabel('Phone 1').press('Tab');
	await page.getByLabel('Meeting point outside the neighbourhood').fill('Grandma’s flat, Sha Tin');
	await page.getByLabel('Meeting point outside the neighbourhood').press('Tab');
	await expect(page.getByTestId('plan-card')).toContainText('Sha Tin');
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Save as a file' }).click();
	const text = await readFile(await (await download).path(), 'utf8');
	expect(JSON.parse(text)).toMatchObject({ format: 'linli-family-plan', formatVersion: 1 });
	await first.close();

	const second = await browser.newContext();
	const other = await second.newPage();
	await other.goto('/household/plan');
	await waitForApp(other);
	await other.getByLabel('Import a plan file').setInputFiles({
		name: 'bad.json',
		mimeType: 'application/json',
		buffer: Buffer.from('{"format":"something-else"}')
	});
	await expect(other.getByRole('alert')).toContainText('not a Linli family plan file');
	await other.getByLabel('Import a plan file').setInputFiles({
		name: 'family-plan.linliplan.json',
		mimeType: 'application/json',
		buffer: Buffer.from(text)
	});
	await expect(other.getByTestId('plan-imported')).toBeVisible();
	await expect(other.getByLabel('Name 1')).toHaveValue('Mei Chan');
	await expect(other.getByLabel('Phone 1')).toHaveValue('+852 9123 4567');
	await expect(other.getByTestId('plan-card')).toContainText('Grandma’s flat, Sha Tin');
	await second.close();
});

test('the household pages pass axe in every language, with data on screen', async ({ browser }) => {
	test.setTimeout(180_000);
	for (const [lang, locale] of LOCALES) {
		const context = await browser.newContext({ locale });
		const page = await context.newPage();
		await page.goto('/household/kit');
		await waitForApp(page);
		await page.locator('input[name="new-text"]').fill('Candles');
		await page.locator('form.add button[type="submit"]').click();
		await expect(page.getByTestId('kit-item')).toHaveCount(1);
		await page.locator('form.add button[type="submit"]').click();
		await expect(page.getByRole('alert')).toBeVisible();
		await expect(page.locator('html')).toHaveAttribute('lang', lang);
		await expectNoAxeViolations(page, `kit in ${lang}`);
		await page.goto('/household');
		await waitForApp(page);
		await expect(page.getByTestId('readiness')).toBeVisible();
		await expectNoAxeViolations(page, `household in ${lang}`);
		await page.goto('/household/plan');
		await waitForApp(page);
		await page.locator('form[data-testid="plan-form"] button.secondary').last().click();
		await expect(page.locator('input[name="member-name"]')).toHaveCount(1);
		await expectNoAxeViolations(page, `plan in ${lang}`);
		await page.goto('/');
		await waitForApp(page);
		await expect(page.getByTestId('kit-reminders')).toBeVisible();
		await expectNoAxeViolations(page, `home with the kit card in ${lang}`);
		await context.close();
	}
});

const MARKER = 'HHMARK';

/** Every row of some IndexedDB stores of the app's database, as one string. */
async function dumpStores(page: Page, stores: string[]) {
	return JSON.stringify(
		await readDeviceDb(
			page,
			stores.map((store) => ({ store }))
		)
	);
}

test('household facts never leave the phone, and "Delete my data" deletes them', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const context = await browser.newContext();
	// Every request of the context, the service worker's included: URL, headers and body.
	const sent: string[] = [];
	context.on('request', (request) =>
		sent.push(`${request.url()}\n${JSON.stringify(request.headers())}\n${request.postData() ?? ''}`)
	);
	const page = await phone(context);

	// A pending change for the sync: a registration made offline.
	await context.setOffline(true);
	await register(page, { name: 'Privacy Pat', phone: '+852 9000 0414' });

	// Every household field, with marker strings where the field takes text.
	await page.goto('/household');
	await waitForApp(page);
	for (const label of ['Adults', 'People aged 65 or more', 'Babies under 2', 'Pets']) {
		await setCount(page, label, 3);
	}
	await setCount(page, 'People who take daily medicine', 2);
	await setCount(page, 'People who cannot easily use stairs', 1);
	await setCount(page, 'Children (2 to 17)', 1);
	await setCount(page, 'Age of child 1', 9);
	await page.locator('select[name="homeType"]').selectOption('flat');
	await setCount(page, 'Floor', 23);
	await page.getByRole('radio', { name: '14 days' }).check();
	await expect(page.getByTestId('household-summary')).toContainText('10 people, 14 days');

	await page.goto('/household/kit');
	await waitForApp(page);
	await page.getByLabel('Item', { exact: true }).fill(`${MARKER}-item`);
	await page.getByLabel('Unit (optional)').fill(`${MARKER}-unit`);
	await page.getByRole('button', { name: 'Add to my kit' }).click();
	const item = page.getByTestId('kit-item');
	await item.getByLabel(/You have/).fill('1');
	await item.getByLabel(/You have/).press('Tab');
	await item.getByLabel('Where it is kept').fill(`${MARKER}-place`);
	await item.getByLabel('Where it is kept').press('Tab');
	await item.getByLabel('Use by: month').selectOption({ index: 3 });

	await page.goto('/household/plan');
	await waitForApp(page);
	await page.getByRole('button', { name: 'Add a person' }).click();
	const fields: [string, string][] = [
		['Name 1', `${MARKER}-name`],
		['Phone 1', `${MARKER}-phone`],
		['Meeting point near home', `${MARKER}-near`],
		['Meeting point outside the neighbourhood', `${MARKER}-far`],
		['Nearest shelter or safe place', `${MARKER}-shelter`],
		['Where the kit is', `${MARKER}-kitplace`],
		['Medical notes and medicines', `${MARKER}-medical`]
	];
	for (const [label, value] of fields) {
		await page.getByLabel(label, { exact: true }).fill(value);
		await page.getByLabel(label, { exact: true }).press('Tab');
	}
	const outOfArea = page.getByRole('group', { name: 'Contact outside the area' });
	await outOfArea.getByLabel('Name').fill(`${MARKER}-outname`);
	await outOfArea.getByLabel('Phone').fill(`${MARKER}-outphone`);
	await outOfArea.getByLabel('Phone').press('Tab');
	await expect(page.getByTestId('plan-card')).toContainText(`${MARKER}-outphone`);

	// Back online: the app syncs its pending change.
	await context.setOffline(false);
	await page.goto('/volunteer');
	await waitForApp(page);
	await expect(page.getByTestId('record-state')).toHaveAttribute('data-state', 'confirmed', {
		timeout: 20_000
	});
	// A Background Sync, delivered to the real service worker.
	const cdp = await context.newCDPSession(page);
	const registrations: { registrationId: string }[] = [];
	cdp.on('ServiceWorker.workerRegistrationUpdated', (event) =>
		registrations.push(...event.registrations)
	);
	await cdp.send('ServiceWorker.enable');
	await expect.poll(() => registrations.length).toBeGreaterThan(0);
	await cdp.send('ServiceWorker.dispatchSyncEvent', {
		origin: new URL(page.url()).origin,
		registrationId: registrations[0]!.registrationId,
		tag: 'linli-sync',
		lastChance: false
	});
	// A load of every route, the household's own included.
	for (const path of RESIDENT_PAGES) {
		await page.goto(path);
		await waitForApp(page);
	}
	await page.waitForLoadState('networkidle');

	expect(sent.length).toBeGreaterThan(20);
	// The capture sees request bodies: the registration's name went out with the sync.
	expect(sent.some((request) => request.includes('Privacy Pat'))).toBe(true);
	for (const request of sent) {
		expect(request).not.toContain(MARKER);
		// Nor the profile's facts, which are numbers: no request names them.
		expect(request).not.toMatch(/olderPeople|infants|homeType|"floor"|kitPlace|meetNear/);
	}
	for (const cookie of await context.cookies()) expect(cookie.value).not.toContain(MARKER);
	// Nothing in the sync records or the outbox either.
	expect(await dumpStores(page, ['records', 'outbox', 'syncMeta'])).not.toContain(MARKER);
	expect(await dumpStores(page, ['household', 'kit'])).toContain(MARKER);

	// "Delete my data" deletes the household's profile, kit and plan too.
	await page.goto('/volunteer');
	await waitForApp(page);
	page.once('dialog', (dialog) => dialog.accept());
	await page.getByRole('button', { name: 'Delete my data' }).click();
	await expect(page.getByRole('link', { name: 'Register as a volunteer' })).toBeVisible();
	await expect.poll(() => dumpStores(page, ['household', 'kit'])).toBe('[[],[]]');
	await context.close();
});

test('a periodic check in the service worker shows a reminder; without it, the home page does', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const context = await browser.newContext();
	await context.grantPermissions(['notifications']);
	const page = await context.newPage();
	await page.goto('/');
	await waitForServiceWorker(page);
	await addListsOf(page, 'water-and-food');
	await page.goto('/household/kit');
	await waitForApp(page);
	await page.getByRole('button', { name: 'Remind me' }).click();
	// Headless Chromium refuses periodicSync.register (the app is not installed): on open, then.
	await expect(page.getByTestId('reminder-status')).toContainText('each time you open it');

	// Deliver the periodic check to the real service worker, as the browser would once a day.
	const cdp = await context.newCDPSession(page);
	const registrations: { registrationId: string }[] = [];
	cdp.on('ServiceWorker.workerRegistrationUpdated', (event) =>
		registrations.push(...event.registrations)
	);
	await cdp.send('ServiceWorker.enable');
	await expect.poll(() => registrations.length).toBeGreaterThan(0);
	await cdp.send('ServiceWorker.dispatchPeriodicSyncEvent', {
		origin: new URL(page.url()).origin,
		registrationId: registrations[0]!.registrationId,
		tag: 'linli-kit-reminder'
	});
	const shown = () =>
		page.evaluate(async () => {
			const registration = await navigator.serviceWorker.ready;
			return (await registration.getNotifications({ tag: 'linli-kit-reminder' })).map(
				(n) => `${n.title}\n${n.body}`
			);
		});
	await expect.poll(shown).toEqual([expect.stringContaining('Still missing: Drinking water')]);
	expect((await shown())[0]).toMatch(/^Your kit\n/);
	await context.close();
});
