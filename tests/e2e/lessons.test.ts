import { expect, test, type Page } from '@playwright/test';
import type { CompiledPackLanguage, QuizQuestion } from '../../src/lib/shared/lesson';
import { expectNoAxeViolations, waitForApp, waitForServiceWorker } from './helpers';

async function packContent(page: Page, pack: string, lang: string) {
	const response = await page.request.get(`/packs/${pack}/${lang}.json`);
	expect(response.ok()).toBe(true);
	return (await response.json()) as CompiledPackLanguage;
}

function quizOf(content: CompiledPackLanguage, lessonId: string) {
	const lesson = content.lessons.find((l) => l.id === lessonId);
	const quiz = lesson?.blocks.find((b) => b.t === 'quiz');
	if (!quiz || quiz.t !== 'quiz') throw new Error(`no quiz in ${lessonId}`);
	return quiz;
}

/** Answers one question the right way, through the page as a reader would. */
async function answerRight(page: Page, question: QuizQuestion, index: number) {
	const group = page.getByRole('group').filter({ hasText: question.prompt }).nth(0);
	await expect(group).toBeVisible();
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
	await expect(group.getByText('Correct!'), `question ${index + 1}`).toBeVisible();
}

test.describe('lessons offline', () => {
	test('a never-visited lesson opens offline; quiz and checklist progress survive an offline reload', async ({
		page,
		context
	}) => {
		await page.goto('/');
		await waitForServiceWorker(page);
		const firstResponse = await packContent(page, 'first-response', 'en');
		const quiz = quizOf(firstResponse, 'choking');

		await context.setOffline(true);
		await page.goto('/lessons/first-response/choking');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			firstResponse.lessons.find((l) => l.id === 'choking')!.title
		);
		for (const [i, question] of quiz.questions.entries()) await answerRight(page, question, i);
		await expect(page.getByTestId('quiz-summary')).toContainText('You have mastered this lesson');

		await page.goto('/lessons/home-preparedness/emergency-kit');
		const firstItem = page.getByRole('checkbox').first();
		await firstItem.check();
		await expect(firstItem).toBeChecked();

		await page.reload();
		await expect(page.getByRole('checkbox').first()).toBeChecked();
		await page.goto('/lessons/first-response');
		const choking = page
			.getByRole('listitem')
			.filter({ hasText: firstResponse.lessons.find((l) => l.id === 'choking')!.title });
		await expect(choking.getByText('Done')).toBeVisible();
		await page.goto('/lessons/first-response/choking');
		await expect(page.getByText('Best score: 100%')).toBeVisible();
		await page.goto('/');
		await expect(page.getByRole('heading', { name: 'Continue where you left off' })).toBeVisible();
	});

	test('a quiz answered wrong explains why, is not mastered, and can be retried', async ({
		page
	}) => {
		await page.goto('/lessons/hygiene/handwashing');
		const content = await packContent(page, 'hygiene', 'en');
		const [first] = quizOf(content, 'handwashing').questions;
		if (!first) throw new Error('no question');
		const group = page.getByRole('group').filter({ hasText: first.prompt }).first();
		if (first.type === 'truefalse') {
			await group
				.getByRole('radio', { name: first.answer ? 'False' : 'True', exact: true })
				.check();
		} else {
			const wrong = first.options.find((o) => !o.correct)!;
			await group
				.getByRole(first.type === 'multiple' ? 'checkbox' : 'radio', {
					name: wrong.text,
					exact: true
				})
				.check();
		}
		await group.getByRole('button', { name: 'Check answer' }).click();
		await expect(group.getByText('Not quite.')).toBeVisible();
		await expect(group.locator('.feedback')).not.toBeEmpty();
	});
});

test.describe('offline search finds lessons in every language', () => {
	for (const [locale, query, title] of [
		['zh-TW', '口罩', /口罩/],
		['zh-CN', '口罩', /口罩/],
		['en-GB', 'mask', /Mask/]
	] as const) {
		test(`"${query}" in ${locale} finds the mask lesson`, async ({ browser }) => {
			const context = await browser.newContext({
				locale,
				extraHTTPHeaders: { 'accept-language': locale }
			});
			const page = await context.newPage();
			await page.goto('/lessons');
			await page.getByRole('searchbox').fill(query);
			const result = page.getByRole('link', { name: title }).first();
			await expect(result).toBeVisible();
			await expect(result).toHaveAttribute('href', '/lessons/hygiene/masks');
			await context.close();
		});
	}

	test('searching 洗手 in Traditional Chinese finds the handwashing lesson first', async ({
		browser
	}) => {
		const context = await browser.newContext({ locale: 'zh-TW' });
		const page = await context.newPage();
		await page.goto('/lessons?q=洗手');
		await expect(page.getByTestId('search-count')).toBeVisible();
		await expect(page.locator('.results a').first()).toHaveAttribute(
			'href',
			'/lessons/hygiene/handwashing'
		);
		await context.close();
	});
});

test("a lesson missing in the reader's language falls back with a clear note", async ({
	browser
}) => {
	// The pack files are intercepted in the page; a service worker would answer from its precache.
	const context = await browser.newContext({ locale: 'zh-TW', serviceWorkers: 'block' });
	const page = await context.newPage();
	// Serve a one-language pack as if it were bundled: the reader must show it in English.
	const content = {
		schemaVersion: 1,
		packId: 'hygiene',
		version: '1.0.0',
		lang: 'en',
		lessons: [
			{
				id: 'masks',
				order: 1,
				minutes: 2,
				title: 'Masks in English',
				summary: 's',
				text: 't',
				blocks: [{ t: 'p', c: [{ t: 'text', v: 'English only.' }] }]
			}
		]
	};
	await page.route('**/packs/index.json', async (route) => {
		const index = await (await route.fetch()).json();
		for (const pack of index.packs) if (pack.id === 'hygiene') pack.languages = ['en'];
		await route.fulfill({ json: index });
	});
	await page.route('**/packs/hygiene/en.json*', (route) => route.fulfill({ json: content }));
	await page.goto('/lessons');
	await page.goto('/lessons/hygiene');
	await waitForApp(page);
	await page
		.getByRole('link', { name: /Masks|口罩/ })
		.first()
		.click();
	await expect(page.getByRole('heading', { level: 1, name: 'Masks in English' })).toBeVisible();
	await expect(page.getByTestId('language-fallback')).toContainText('English');
	await expect(page.locator('article')).toHaveAttribute('lang', 'en');
	await context.close();
});

test.describe('accessibility of the reader', () => {
	test('pack, lesson, quiz feedback and printable checklist pages have no axe violations', async ({
		page
	}) => {
		await page.goto('/lessons/hygiene');
		await expectNoAxeViolations(page, 'pack page');
		await page.goto('/lessons/hygiene/masks');
		await expectNoAxeViolations(page, 'lesson page');
		// The first question of the quiz (the lesson's emergency-call control is a group too).
		const group = page.locator('.quiz').getByRole('group').first();
		await group.getByRole('checkbox').or(group.getByRole('radio')).first().check();
		await group.getByRole('button', { name: 'Check answer' }).click();
		await expect(group.locator('.verdict')).toBeVisible();
		await expectNoAxeViolations(page, 'quiz feedback');
		await page.goto('/lessons/home-preparedness/checklist/grab-bag');
		await expectNoAxeViolations(page, 'printable checklist');
	});
});

test('a reader in Hong Kong reads Hong Kong words; switching the region to Taiwan brings Taiwan’s', async ({
	browser
}) => {
	const context = await browser.newContext({ locale: 'zh-HK' });
	const page = await context.newPage();
	// The lesson as written (Taiwan's words), straight from the pack.
	const written = await packContent(page, 'home-preparedness', 'zh-Hant');
	expect(JSON.stringify(written)).toContain('公分');

	await page.goto('/lessons/home-preparedness/flood-typhoon-power-cut');
	await waitForApp(page);
	const article = page.locator('article.lesson');
	await expect(article).toContainText('厘米');
	await expect(article).not.toContainText('公分');
	await expect(article.locator('h1')).toContainText('水浸');
	// The interface too: 義工 in the navigation, not 志工.
	await expect(page.getByRole('navigation').last()).toContainText('義工');

	await page.goto('/settings');
	await waitForApp(page);
	await page.getByLabel('你住在哪裡').selectOption('tw');
	await expect(page.getByRole('navigation').last()).toContainText('志工');
	await page.goto('/lessons/home-preparedness/flood-typhoon-power-cut');
	await waitForApp(page);
	await expect(article).toContainText('公分');
	await expect(article.locator('h1')).toContainText('淹水');
	await context.close();
});
