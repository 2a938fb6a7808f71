import { expect, test, type Page } from '@playwright/test';
import { waitForApp } from './helpers';

test.use({ locale: 'zh-TW', viewport: { width: 360, height: 740 } });

interface Measure {
	header: number;
	navHeight: number;
	navTop: number;
	/** Top of the first block of the lesson's body (after its title, summary and reading time). */
	firstBlock: number;
	/** Each quiz answer that wraps: the characters on each of its lines but the last. */
	answerLines: { text: string; counts: number[] }[];
}

/** A lesson with a quiz whose answers are long enough to wrap, found in the built packs. */
async function lessonWithLongAnswers(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const index = (await (await fetch('/packs/index.json')).json()) as {
			packs: { id: string; hash: string; languages: string[] }[];
		};
		let best = { url: '', length: 0 };
		for (const pack of index.packs.filter((p) => p.languages.includes('zh-Hant'))) {
			const content = (await (
				await fetch(`/packs/${pack.id}/zh-Hant.json?v=${pack.hash}`)
			).json()) as {
				lessons: {
					id: string;
					blocks: { t: string; questions?: { options?: { text: string }[] }[] }[];
				}[];
			};
			for (const lesson of content.lessons) {
				for (const block of lesson.blocks.filter((b) => b.t === 'quiz')) {
					for (const question of block.questions ?? []) {
						for (const option of question.options ?? []) {
							if (option.text.length > best.length)
								best = { url: `/lessons/${pack.id}/${lesson.id}`, length: option.text.length };
						}
					}
				}
			}
		}
		return best.url;
	});
}

async function measure(page: Page): Promise<Measure> {
	return page.evaluate(() => {
		const rect = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
		const answerLines: Measure['answerLines'] = [];
		for (const span of document.querySelectorAll('.quiz .option > span')) {
			const text = span.firstChild;
			if (!text || text.nodeType !== Node.TEXT_NODE) continue;
			// Group the characters by the line they are drawn on.
			const lines = new Map<number, number>();
			for (let i = 0; i < text.textContent!.length; i++) {
				const range = document.createRange();
				range.setStart(text, i);
				range.setEnd(text, i + 1);
				const box = range.getClientRects()[0];
				if (!box || !text.textContent![i]!.trim()) continue;
				const line = Math.round(box.top);
				lines.set(line, (lines.get(line) ?? 0) + 1);
			}
			const counts = [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => n);
			if (counts.length > 1)
				answerLines.push({ text: text.textContent!, counts: counts.slice(0, -1) });
		}
		return {
			header: rect('.app-header').height,
			navHeight: rect('.bottom-nav').height,
			navTop: rect('.bottom-nav').top,
			firstBlock: rect('article.lesson > header + *').top,
			answerLines
		};
	});
}

test('at 130–200% text on a 360 px phone: one-row header, capped navigation, lesson text on the first screen, quiz answers at least 8 characters a line', async ({
	page
}) => {
	test.setTimeout(90_000);
	await page.goto('/lessons');
	await waitForApp(page);
	const lesson = await lessonWithLongAnswers(page);
	expect(lesson, 'a lesson with a quiz').not.toBe('');
	for (const scale of [130, 150, 175, 200]) {
		// As the reader does it: Settings → text size.
		await page.goto('/settings');
		await waitForApp(page);
		await page.getByRole('radio', { name: `${scale}%` }).check();
		await page.goto(lesson);
		await waitForApp(page);
		await expect(page.locator('html')).toHaveClass(new RegExp(`text-${scale}`));
		const m = await measure(page);
		const at = `at ${scale}%`;
		// The logo, the name and the gear stay on one row (61 px at 100% before, 329 px at 200%).
		expect(m.header, `header height ${at}`).toBeLessThanOrEqual(72);
		expect(m.navHeight, `navigation height ${at}`).toBeLessThanOrEqual(72);
		// Some of the lesson itself is visible above the navigation without scrolling.
		expect(m.firstBlock, `first lesson block ${at}`).toBeLessThan(m.navTop - 40);
		if (scale === 200) {
			// Offline, the banner (its text capped like the rest of the chrome) leaves room too.
			await page.context().setOffline(true);
			await expect(page.getByTestId('offline-indicator')).toBeVisible();
			const offline = await measure(page);
			expect(offline.firstBlock, 'first lesson block offline at 200%').toBeLessThan(
				offline.navTop - 20
			);
			await page.context().setOffline(false);
		}
		expect(m.answerLines.length, `some answer wraps ${at}`).toBeGreaterThan(0);
		for (const { text, counts } of m.answerLines)
			expect(
				Math.min(...counts),
				`"${text}" ${at}: characters per line ${counts.join(', ')}`
			).toBeGreaterThanOrEqual(8);
	}
});

test('at 200% the quiz answer keeps its control above it, and a checked answer stays marked', async ({
	page
}) => {
	await page.goto('/settings');
	await waitForApp(page);
	await page.getByRole('radio', { name: '200%' }).check();
	const lesson = await lessonWithLongAnswers(page);
	await page.goto(lesson);
	await waitForApp(page);
	const question = page.locator('.quiz fieldset').first();
	const option = question.locator('.option').first();
	const [control, words] = await Promise.all([
		option.locator('input').boundingBox(),
		option.locator('span').first().boundingBox()
	]);
	// The control sits above the words, which start at the option's left edge.
	expect(control!.y + control!.height).toBeLessThanOrEqual(words!.y + 1);
	await option.click();
	await question.getByRole('button', { name: '看答案' }).click();
	// After checking, the chosen answer's mark is drawn in the app's colour, not the pale grey of a
	// disabled control, and the tags are labels at the text's size.
	const input = option.locator('input');
	await expect(input).toBeDisabled();
	await expect(input).toBeChecked();
	const colours = await input.evaluate((el) => {
		const style = getComputedStyle(el);
		return { background: style.backgroundColor, border: style.borderTopColor };
	});
	const primary = await page.evaluate(() => {
		const probe = document.createElement('div');
		probe.style.color = 'var(--primary)';
		document.body.append(probe);
		const colour = getComputedStyle(probe).color;
		probe.remove();
		return colour;
	});
	expect(colours).toEqual({ background: primary, border: primary });
	const tag = question.locator('.tag').first();
	const [tagSize, bodySize] = await Promise.all([
		tag.evaluate((el) => parseFloat(getComputedStyle(el).fontSize)),
		question
			.locator('.explanations li')
			.first()
			.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
	]);
	expect(tagSize).toBe(bodySize);
});
