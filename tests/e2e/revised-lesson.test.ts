import { expect, test, type Page } from '@playwright/test';
import type { CompiledPackLanguage, PackIndex, QuizQuestion } from '../../src/lib/shared/lesson';
import { expectNoAxeViolations, readDeviceDb, waitForApp, waitForServiceWorker } from './helpers';

/** The lesson whose safety advice a shipped pack revised (issue 8: home-fire), and the versions. */
async function revisedLesson(page: Page) {
	const index = (await (await page.request.get('/packs/index.json')).json()) as PackIndex;
	const candidates = index.packs.flatMap((pack) =>
		pack.changelog.flatMap((entry, i) =>
			(entry.revised ?? []).map((revision) => ({
				pack,
				lessonId: revision.lesson,
				notes: revision.notes,
				version: entry.version,
				older: pack.changelog[i + 1]?.version
			}))
		)
	);
	const found = candidates.find((c) => c.lessonId === 'home-fire') ?? candidates[0];
	if (!found?.older) throw new Error('no shipped pack revises a lesson after an earlier version');
	const content = (await (
		await page.request.get(`/packs/${found.pack.id}/en.json`)
	).json()) as CompiledPackLanguage;
	const lesson = content.lessons.find((l) => l.id === found.lessonId);
	const quiz = lesson?.blocks.find((b) => b.t === 'quiz');
	if (!lesson || quiz?.t !== 'quiz') throw new Error(`no quiz in ${found.lessonId}`);
	return {
		...found,
		older: found.older,
		quiz,
		url: `/lessons/${found.pack.id}/${found.lessonId}`,
		title: lesson.title
	};
}

/**
 * Writes what an older version of the pack left on the phone: the lesson opened, and its quiz
 * mastered, at `older` (the app reads the device database; a reload picks this up).
 */
async function learnedAt(
	page: Page,
	state: { packId: string; lessonId: string; quizId: string; older: string }
) {
	// The lesson page has noted the visit (the app made its database, then the row).
	await expect
		.poll(async () =>
			Boolean(
				(
					await readDeviceDb(page, [
						{ store: 'lessonProgress', key: [state.packId, state.lessonId] }
					])
				)[0]
			)
		)
		.toBe(true);
	await page.evaluate(
		({ packId, lessonId, quizId, older }) =>
			new Promise<void>((resolve, reject) => {
				const open = indexedDB.open('linli');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction(['lessonProgress', 'quizResults'], 'readwrite');
					const progress = tx.objectStore('lessonProgress');
					const get = progress.get([packId, lessonId]);
					get.onsuccess = () => {
						progress.put({ ...get.result, openedVersion: older, completedAt: 1 });
						tx.objectStore('quizResults').put({
							packId,
							quizId,
							lessonId,
							bestScore: 1,
							lastScore: 1,
							questions: 5,
							attempts: 1,
							masteredAt: 1,
							updatedAt: 1,
							packVersion: older
						});
					};
					tx.oncomplete = () => {
						db.close();
						resolve();
					};
					tx.onerror = () => reject(tx.error);
				};
			}),
		state
	);
}

async function answerRight(page: Page, question: QuizQuestion) {
	const group = page.getByRole('group').filter({ hasText: question.prompt }).first();
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

const lessonItem = (page: Page, title: string) =>
	page.locator('ol.lessons li').filter({ hasText: title });

test('a reader who learned a lesson before its advice changed is told, offline too, and the old mastery stops counting until they retake the quiz', async ({
	page,
	context
}) => {
	await page.goto('/');
	await waitForServiceWorker(page);
	const revised = await revisedLesson(page);
	await page.goto(revised.url);
	await waitForApp(page);
	await expect(page.getByTestId('revision-notice')).toHaveCount(0); // first visit: nothing to unlearn
	await learnedAt(page, {
		packId: revised.pack.id,
		lessonId: revised.lessonId,
		quizId: revised.quiz.id,
		older: revised.older
	});

	await context.setOffline(true);
	await page.reload();
	await waitForApp(page);
	const notice = page.getByTestId('revision-notice');
	await expect(notice).toBeVisible();
	await expect(notice).toContainText('The advice in this lesson has changed');
	await expect(notice).toContainText(`Changed in version ${revised.version}`);
	await expect(notice).toContainText(revised.notes.en ?? '');
	await expect(notice).toContainText('your earlier result no longer counts');
	await expectNoAxeViolations(page, 'lesson with the advice-changed notice');
	// The old 100% is not shown as the best score.
	await expect(page.getByText('Best score: 100%')).toHaveCount(0);

	// Visiting again does not make the notice go away.
	await page.reload();
	await expect(page.getByTestId('revision-notice')).toBeVisible();

	// The old mastery counts nowhere: not in the pack, not on Home.
	await page.goto(`/lessons/${revised.pack.id}`);
	await waitForApp(page);
	await expect(lessonItem(page, revised.title).getByText('In progress')).toBeVisible();
	await page.goto('/');
	await waitForApp(page);
	await expect(page.getByRole('link', { name: `Continue “${revised.title}”` })).toBeVisible();

	// Retaking the quiz answers the notice.
	await page.goto(revised.url);
	await waitForApp(page);
	await page.getByRole('link', { name: 'Take the quiz again' }).click();
	for (const question of revised.quiz.questions) await answerRight(page, question);
	await expect(page.getByTestId('quiz-summary')).toContainText('You have mastered this lesson');
	await expect(page.getByTestId('revision-notice')).toHaveCount(0);
	await page.reload();
	await waitForApp(page);
	await expect(page.getByText('Best score: 100%')).toBeVisible();
	await expect(page.getByTestId('revision-notice')).toHaveCount(0);
	await page.goto(`/lessons/${revised.pack.id}`);
	await waitForApp(page);
	await expect(lessonItem(page, revised.title).getByText('Done')).toBeVisible();
});

test('the advice-changed notice can be put away, and does not come back', async ({ browser }) => {
	const context = await browser.newContext({ locale: 'zh-TW' });
	const page = await context.newPage();
	await page.goto('/');
	const revised = await revisedLesson(page);
	await page.goto(revised.url);
	await waitForApp(page);
	await learnedAt(page, {
		packId: revised.pack.id,
		lessonId: revised.lessonId,
		quizId: revised.quiz.id,
		older: revised.older
	});
	await page.reload();
	await waitForApp(page);
	const notice = page.getByTestId('revision-notice');
	await expect(notice).toContainText('這一課的建議改了');
	await expect(notice).toContainText(revised.notes['zh-Hant'] ?? '');
	await notice.getByRole('button', { name: '我看過了' }).click();
	await expect(notice).toHaveCount(0);
	await page.reload();
	await waitForApp(page);
	await expect(page.getByTestId('revision-notice')).toHaveCount(0);
	await context.close();
});
