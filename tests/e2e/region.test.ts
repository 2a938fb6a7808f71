import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, waitForApp, waitForServiceWorker } from './helpers';

const CALLING = '/lessons/first-response/calling-for-help';

/** The numbers card on Home. */
const card = (page: Page) => page.getByTestId('emergency-numbers').first();

/** Every number the page shows as the reader's own: the tel: links of placeholders and buttons. */
async function dialled(page: Page, scope = page.locator('main')) {
	return scope
		.locator('a[href^="tel:"]')
		.evaluateAll((links) => links.map((a) => a.getAttribute('href')?.slice(4) ?? ''));
}

test.describe('a phone whose only language is zh-Hant', () => {
	test.use({ locale: 'zh-Hant' });

	test('is asked for its region, never shown one region’s digits as its own; Hong Kong then gives 999 everywhere, offline too', async ({
		page,
		context,
		request
	}) => {
		// The server already asks: no flash of Taiwan's 119 before the browser takes over.
		const html = await (
			await request.get('/', { headers: { 'accept-language': 'zh-Hant' } })
		).text();
		expect(html).toContain('data-region="ambiguous:tw,hk,mo"');
		expect(html).toContain('你在哪裡？');
		expect(html).not.toContain('地區：台灣');

		await page.goto('/');
		await waitForApp(page);
		await waitForServiceWorker(page);
		const numbers = card(page);
		await expect(numbers).toHaveAttribute('data-region-status', 'ambiguous');
		const question = numbers.getByRole('group', { name: /你在哪裡/ });
		await expect(question).toBeVisible();
		for (const region of ['台灣', '香港', '澳門']) {
			await expect(question.getByRole('button', { name: region, exact: true })).toBeVisible();
		}
		// Nobody is left without a number: each candidate's, named by region.
		await expect(numbers.getByRole('link', { name: '台灣：撥打救護車和消防，119' })).toBeVisible();
		await expect(numbers.getByRole('link', { name: /^香港：撥打.*999$/ })).toBeVisible();
		// The lesson names the region of each number too.
		await page.goto(CALLING);
		await waitForApp(page);
		const lesson = page.locator('article.lesson');
		await expect(lesson).toContainText('119（在台灣）或999（在香港和澳門）');

		// One tap on Home settles it.
		await page.goto('/');
		await waitForApp(page);
		await card(page).getByRole('button', { name: '香港', exact: true }).click();
		await expect(card(page)).toHaveAttribute('data-region-status', 'chosen');
		await expect(card(page).getByRole('group', { name: /你在哪裡/ })).toHaveCount(0);
		await expect(card(page)).toContainText('地區：香港');
		expect(await dialled(page, card(page))).toEqual(['999']);
		expect((await context.cookies()).find((c) => c.name === 'linli_region')?.value).toBe('hk');

		// 999 everywhere: the lesson's placeholders, the call control, the numbers table.
		await page.goto(CALLING);
		await waitForApp(page);
		await expect(lesson.locator('a.phone').first()).toHaveText('999');
		expect(new Set(await lesson.locator('a.phone').allTextContents())).toEqual(new Set(['999']));
		await page.getByTestId('emergency-call').locator('summary').click();
		expect(await dialled(page, page.getByTestId('emergency-call'))).toEqual(['999']);
		const yours = lesson.locator('table tr', { hasText: '（你所在的地區）' });
		await expect(yours).toHaveCount(1);
		await expect(yours.locator('th')).toContainText('香港');
		await expect(yours.locator('td').first()).toHaveText('999');
		// Hong Kong words come with Hong Kong's numbers.
		await expect(page.getByRole('navigation').last()).toContainText('義工');

		// The server renders the choice from its cookie: the first paint is already right.
		await page.reload();
		await expect(page.locator('html')).toHaveAttribute('data-region', 'chosen:hk');

		// And the phone remembers it offline.
		await context.setOffline(true);
		await page.reload();
		await waitForApp(page);
		expect(new Set(await lesson.locator('a.phone').allTextContents())).toEqual(new Set(['999']));
		await page.goto('/');
		await waitForApp(page);
		await expect(card(page)).toHaveAttribute('data-region-status', 'chosen');
		expect(await dialled(page, card(page))).toEqual(['999']);
	});

	test('Settings says no region is chosen yet, and choosing one there changes the numbers', async ({
		page
	}) => {
		await page.goto('/settings');
		await waitForApp(page);
		await expect(page.getByTestId('region-status')).toContainText('尚未選擇');
		const select = page.getByLabel('你住在哪裡');
		await expect(select).toHaveValue('');
		await select.selectOption('mo');
		await expect(page.getByTestId('region-status')).toHaveCount(0);
		await page.goto('/');
		await waitForApp(page);
		await expect(card(page)).toContainText('地區：澳門');
		expect(await dialled(page, card(page))).toEqual(['999']);
	});
});

test.describe('a zh-HK phone', () => {
	test.use({ locale: 'zh-HK' });

	test('sees 999 at once, marked as a guess, with a one-tap confirm and no region question', async ({
		page
	}) => {
		await page.goto('/');
		await waitForApp(page);
		const numbers = card(page);
		await expect(numbers).toHaveAttribute('data-region-status', 'guessed');
		expect(await dialled(page, numbers)).toEqual(['999']);
		await expect(numbers).toContainText('香港（推測）');
		await expect(numbers).toContainText('我們依照手機的語言，猜你在香港。對嗎？');
		await expect(numbers.getByRole('group', { name: /你在哪裡/ })).toHaveCount(0);
		await numbers.getByRole('button', { name: '對，我在香港' }).click();
		await expect(numbers).toHaveAttribute('data-region-status', 'chosen');
		await expect(numbers).toContainText('地區：香港');
		await expect(numbers).not.toContainText('推測');
	});

	test('can pick another region instead of the guess', async ({ page }) => {
		await page.goto('/');
		await waitForApp(page);
		await card(page).getByRole('button', { name: '選擇其他地區' }).click();
		// Nothing else was likely, so every region is offered at once.
		await expect(card(page).getByRole('button', { name: '更多地區' })).toHaveCount(0);
		await card(page).getByRole('button', { name: '台灣', exact: true }).click();
		await expect(card(page)).toContainText('地區：台灣');
		expect(await dialled(page, card(page))).toEqual(['119', '110']);
	});
});

test('searching 999 in Hong Kong finds the calling-for-help lesson, and its snippet shows the number', async ({
	browser
}) => {
	const context = await browser.newContext({ locale: 'zh-HK' });
	await context.addInitScript(() => localStorage.setItem('linli.region', 'hk'));
	const page = await context.newPage();
	await page.goto('/lessons?q=999');
	await waitForApp(page);
	await expect(page.getByTestId('search-count')).toBeVisible();
	const calling = page.locator('.results li').filter({ has: page.locator(`a[href="${CALLING}"]`) });
	await expect(calling).toHaveCount(1);
	await expect(calling.locator('.snippet')).toContainText('999');
	await page.getByRole('searchbox').fill('求救');
	await expect(page.locator('.results li .snippet').first()).not.toContainText('{{');
	await context.close();
});

test.describe('the call strip is on the first screen of a 360 × 740 phone', () => {
	for (const [scale, cases] of [
		[
			100,
			[
				['zh-HK', 'hk'],
				['zh-TW', 'tw'],
				['zh-CN', 'cn'],
				['en-GB', 'uk'],
				['zh-HK', undefined]
			]
		],
		[
			200,
			[
				['zh-HK', 'hk'],
				['zh-HK', undefined],
				['zh-TW', 'tw']
			]
		]
	] as const) {
		for (const [locale, region] of cases) {
			test(`at ${scale}% text, ${locale}${region ? `, region ${region} chosen` : ', region guessed'}`, async ({
				browser
			}) => {
				const context = await browser.newContext({
					locale,
					viewport: { width: 360, height: 740 },
					isMobile: true,
					hasTouch: true
				});
				await context.addInitScript(
					([r, s]) => {
						if (r) localStorage.setItem('linli.region', r);
						localStorage.setItem('linli.textScale', String(s));
					},
					[region ?? '', scale] as const
				);
				const page = await context.newPage();
				await page.goto('/');
				await waitForApp(page);
				await expect(page.locator('html')).toHaveClass(new RegExp(`text-${scale}`));
				const navTop = await page
					.locator('nav.bottom-nav')
					.evaluate((nav) => nav.getBoundingClientRect().top);
				const calls = card(page).locator('a[href^="tel:"]');
				expect(await calls.count()).toBeGreaterThan(0);
				for (const box of await calls.evaluateAll((links) =>
					links.map((a) => a.getBoundingClientRect().toJSON() as DOMRect)
				)) {
					expect(box.top, 'below the top of the screen').toBeGreaterThanOrEqual(0);
					expect(box.bottom, 'above the bottom navigation').toBeLessThanOrEqual(navTop);
					expect(box.height, 'a touch target of 44 px').toBeGreaterThanOrEqual(44);
					expect(box.width).toBeGreaterThanOrEqual(44);
				}
				// Nothing on Home comes before the numbers.
				const first = await page.locator('main > *:not(title)').first().getAttribute('data-testid');
				expect(first).toBe('emergency-numbers');
				await context.close();
			});
		}
	}
});

test.describe('accessibility of the region question and the call controls', () => {
	for (const locale of ['en', 'zh-Hant', 'zh-Hans', 'zh-HK'] as const) {
		test(`Home, Settings and a lesson have no axe violations before the region is chosen (${locale})`, async ({
			browser
		}) => {
			const context = await browser.newContext({ locale });
			const page = await context.newPage();
			await page.goto('/');
			await waitForApp(page);
			await expect(card(page)).toHaveAttribute(
				'data-region-status',
				locale === 'en' ? 'unknown' : locale === 'zh-HK' ? 'guessed' : 'ambiguous'
			);
			await expectNoAxeViolations(page, `home in ${locale}`);
			await page.goto('/settings');
			await waitForApp(page);
			await expectNoAxeViolations(page, `settings in ${locale}`);
			await page.goto(CALLING);
			await waitForApp(page);
			await page.getByTestId('emergency-call').locator('summary').click();
			await expect(
				page.getByTestId('emergency-call').getByTestId('emergency-numbers')
			).toBeVisible();
			await expectNoAxeViolations(page, `lesson with the call control open in ${locale}`);
			await context.close();
		});
	}
});
