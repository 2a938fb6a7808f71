/**
 * The organizer's and publisher's side of issue 15: files for people, tasks worth sharing, the
 * roster, hours, invitations. One neighbourhood is set up once (two volunteers called 李明, two
 * tasks), then each test looks at it as one person would.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import Papa from 'papaparse';
import QRCode from 'qrcode';
import { expectNoAxeViolations, waitForApp } from './helpers';
import { LOCALES } from './pages';
import { phone, register, signIn } from './volunteer-helpers';

test.describe.configure({ mode: 'serial' });

const ZONE = 'Asia/Taipei';
const DESK = {
	viewport: { width: 1280, height: 800 },
	isMobile: false,
	hasTouch: false,
	deviceScaleFactor: 1
};
const PHONE_360 = {
	viewport: { width: 360, height: 740 },
	isMobile: true,
	hasTouch: true,
	deviceScaleFactor: 2
};
const SCREENS = process.env.LINLI_SCREENS_DIR;

/** "2026-11-30T01:10" in Taipei, for a datetime-local field on a desk set to Taipei. */
const taipei = (ms: number) =>
	new Intl.DateTimeFormat('sv-SE', {
		timeZone: ZONE,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit'
	})
		.format(ms)
		.replace(' ', 'T');
const tomorrow = taipei(Date.now() + 86_400_000).slice(0, 10);

const TASK = {
	title: '派送物資',
	place: '3 號樓大堂',
	address: '3 號樓 12 樓 A 室',
	description: '幫隔離中的住戶送菜。\n12:50 在大堂集合。',
	bring: '身分證、口罩',
	contactName: '王小姐',
	contactPhone: '0912 345 678'
};
const TWINS = [
	{ name: '李明', phone: '+886 912 000 001' },
	{ name: '李明', phone: '+886 912 000 002' }
];

let taskUrl = '';
let nowTaskUrl = '';
let desk: BrowserContext;
const volunteers: { context: BrowserContext; page: Page }[] = [];

async function organizerDesk(browser: Browser, options = DESK) {
	const context = await browser.newContext({ ...options, locale: 'zh-TW', timezoneId: ZONE });
	const page = await context.newPage();
	await signIn(page);
	return { context, page };
}

async function postTask(page: Page, task: Record<string, string>) {
	await page.goto('/staff/tasks');
	await waitForApp(page);
	await page.getByRole('link', { name: '發布任務' }).click();
	await waitForApp(page);
	for (const [field, value] of Object.entries(task)) await page.locator(field).fill(value);
	await page.getByRole('button', { name: '儲存任務' }).click();
	await expect(page.getByText('任務已儲存。')).toBeVisible();
	return page.url().replace(/\?.*$/, '');
}

async function screen(page: Page, name: string) {
	if (SCREENS) await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
}

test.beforeAll(async ({ browser }) => {
	test.setTimeout(240_000);
	const organizer = await organizerDesk(browser);
	desk = organizer.context;
	taskUrl = await postTask(organizer.page, {
		'#t-title': TASK.title,
		'#t-place': TASK.place,
		'#t-address': TASK.address,
		'#t-description': TASK.description,
		'#t-bring': TASK.bring,
		'#t-contact': TASK.contactName,
		'#t-contact-phone': TASK.contactPhone,
		'#t-start': `${tomorrow}T01:10`,
		'#t-end': `${tomorrow}T04:10`,
		'#t-slots': '5'
	});
	nowTaskUrl = await postTask(organizer.page, {
		'#t-title': '大堂消毒',
		'#t-place': '5 號樓',
		'#t-start': taipei(Date.now() - 30 * 60_000),
		'#t-end': taipei(Date.now() + 120 * 60_000),
		'#t-slots': '5'
	});
	const ids = [taskUrl, nowTaskUrl].map((url) => url.split('/').pop()!);
	for (const twin of TWINS) {
		const context = await browser.newContext();
		const page = await phone(context);
		await register(page, twin);
		await expect(page.getByTestId('record-state')).toHaveAttribute('data-state', 'confirmed', {
			timeout: 20_000
		});
		for (const id of ids) {
			await page.goto(`/volunteer/tasks/${id}`);
			await waitForApp(page);
			await page.getByRole('button', { name: 'Sign up' }).click({ timeout: 20_000 });
			await expect(page.getByTestId('signup-status')).toHaveText('Place confirmed', {
				timeout: 20_000
			});
		}
		volunteers.push({ context, page });
	}
	// The first 李明 works the task that is on now, checking in and out from the phone.
	const first = volunteers[0]!.page;
	await first.getByRole('button', { name: 'Check in' }).click();
	await first.getByRole('button', { name: 'Check out' }).click();
	await expect(first.getByTestId('signup-hours')).toContainText('recorded');
});

test.afterAll(async () => {
	for (const { context } of volunteers) await context.close();
	await desk?.close();
});

test('CSV files come back in the organizer language, on the neighbourhood clock, in hours, with phones', async () => {
	const page = await desk.newPage();
	await page.goto(taskUrl);
	await waitForApp(page);
	const twin = (n: number) => page.getByTestId('staff-signup').filter({ hasText: TWINS[n]!.phone });
	await twin(0).getByLabel('時數').fill('2:30');
	await twin(0).getByRole('button', { name: '確認' }).click();
	await expect(twin(0)).toContainText('籌辦人已確認 2 小時 30 分鐘');

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: '下載這個任務的時數（CSV 檔）' }).click()
	]);
	expect(download.suggestedFilename()).toBe(`派送物資 ${tomorrow} 時數.csv`);
	const bytes = await readFile((await download.path())!);
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const parsed = Papa.parse<Record<string, string>>(bytes.toString('utf8').slice(1), {
		header: true,
		skipEmptyLines: true
	});
	expect(parsed.errors).toEqual([]);
	expect(parsed.meta.fields).toEqual([
		'志工',
		'電話',
		'電子郵件',
		'任務',
		'任務開始',
		'簽到',
		'簽退',
		'記錄時數',
		'已確認時數',
		'出席'
	]);
	const rows = parsed.data;
	expect(rows).toHaveLength(2);
	// The same name twice, told apart by the phone (the formula guard keeps its apostrophe).
	expect(rows.map((r) => [r['志工'], r['電話']]).sort()).toEqual([
		['李明', `'${TWINS[0]!.phone}`],
		['李明', `'${TWINS[1]!.phone}`]
	]);
	for (const row of rows) {
		expect(row['任務']).toBe('派送物資');
		expect(row['任務開始']).toBe(`${tomorrow} 01:10`);
	}
	expect(rows.find((r) => r['電話'] === `'${TWINS[0]!.phone}`)?.['已確認時數']).toBe('2.5');

	await page.goto('/staff/volunteers?q=李明');
	await waitForApp(page);
	const [roster] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: '下載 CSV 檔' }).click()
	]);
	expect(roster.suggestedFilename()).toMatch(/^志工名單 \d{4}-\d{2}-\d{2}\.csv$/);
	const people = Papa.parse<Record<string, string>>(
		(await readFile((await roster.path())!)).toString('utf8').slice(1),
		{ header: true, skipEmptyLines: true }
	);
	expect(people.data).toHaveLength(2);
	expect(people.data[0]).toMatchObject({
		姓名: '李明',
		專長: '送貨與物流',
		平常有空的時間: '星期六上午',
		急救證書: '否',
		狀態: '可聯絡',
		已核實: '否'
	});
	expect(people.data[0]!['登記時間']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
	expect(people.meta.fields).toContain('會說的語言');
	await page.close();
});

test('a shared task link on a fresh phone: a preview that says what the task is, loading, never "not found", no private details', async ({
	browser,
	request
}) => {
	const html = await (
		await request.get(taskUrl.replace('/staff/tasks/', '/volunteer/tasks/'), {
			headers: { 'accept-language': 'zh-TW,zh;q=0.9' }
		})
	).text();
	expect(html).toContain('<meta property="og:title" content="派送物資"');
	const description = /<meta property="og:description" content="([^"]*)"/.exec(html)?.[1] ?? '';
	expect(description).toContain('3 號樓大堂');
	expect(description).toContain('幫隔離中的住戶送菜。');
	expect(description).toMatch(/1:10/);
	expect(html).toMatch(/<title>派送物資 · 鄰里<\/title>/);
	// The exact address and the contact's phone are for confirmed volunteers only.
	expect(html).not.toContain(TASK.address);
	expect(html).not.toContain('0912');

	const context = await browser.newContext(PHONE_360);
	await context.addInitScript(() => {
		const seen = () => {
			if (document.body?.innerText.includes('Page not found'))
				(window as unknown as { sawNotFound: boolean }).sawNotFound = true;
		};
		new MutationObserver(seen).observe(document, {
			childList: true,
			subtree: true,
			characterData: true
		});
	});
	const page = await context.newPage();
	await page.goto(taskUrl.replace('/staff/tasks/', '/volunteer/tasks/'));
	await expect(page.getByRole('heading', { name: '派送物資' })).toBeVisible();
	await expect(page.getByTestId('task-description')).toHaveText(TASK.description);
	// Once the phone holds the task itself, it offers what comes next (register, then sign up).
	await expect(page.getByText('Register as a volunteer to sign up for tasks.')).toBeVisible({
		timeout: 20_000
	});
	expect(await page.evaluate(() => (window as { sawNotFound?: boolean }).sawNotFound)).not.toBe(
		true
	);
	await expect(page.getByText(TASK.contactName)).toBeVisible();
	await expect(
		page.getByText('Their phone number is shown once your place is confirmed.')
	).toBeVisible();
	await expect(page.locator('body')).not.toContainText('0912');
	await screen(page, 'volunteer-task-shared-360');
	await page.setViewportSize(DESK.viewport);
	await screen(page, 'volunteer-task-shared-1280');
	await context.close();

	// A volunteer with a confirmed place gets the phone as a link that calls.
	const confirmed = volunteers[0]!.page;
	await confirmed.goto(taskUrl.replace('/staff/tasks/', '/volunteer/tasks/'));
	await expect(confirmed.getByTestId('task-contact-phone')).toHaveAttribute(
		'href',
		'tel:0912345678'
	);
	await screen(confirmed, 'volunteer-task-confirmed-412');
});

test('the staff task page copies the link, shares it and draws its QR code', async () => {
	const page = await desk.newPage();
	await desk.grantPermissions(['clipboard-read', 'clipboard-write']);
	await page.addInitScript(() => {
		(navigator as unknown as { share: (d: ShareData) => Promise<void> }).share = async (data) => {
			(window as unknown as { shared: ShareData }).shared = data;
		};
	});
	await page.goto(taskUrl);
	await waitForApp(page);
	const link = taskUrl.replace('/staff/tasks/', '/volunteer/tasks/');
	const share = page.getByRole('region', { name: '分享這個任務' });
	await expect(share.getByRole('textbox')).toHaveValue(link);
	await share.getByRole('button', { name: '複製連結' }).click();
	await expect(share.getByRole('button', { name: '已複製' })).toBeVisible();
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
	await share.getByRole('button', { name: '分享…' }).click();
	expect(await page.evaluate(() => (window as unknown as { shared: ShareData }).shared)).toEqual({
		title: '派送物資',
		text: '派送物資',
		url: link
	});
	const qr = share.getByRole('img', { name: '打開任務「派送物資」的 QR 碼' });
	await expect(qr).toBeVisible();
	// The code on screen has the same pixels as the task's link drawn by the same library here.
	const expected = await QRCode.toDataURL(link, { margin: 2, width: 240 });
	const same = await page.evaluate(
		async ([shown, reference]) => {
			const pixels = async (src: string) => {
				const image = new Image();
				image.src = src;
				await image.decode();
				const canvas = new OffscreenCanvas(image.width, image.height);
				const context = canvas.getContext('2d')!;
				context.drawImage(image, 0, 0);
				return [...context.getImageData(0, 0, image.width, image.height).data].join();
			};
			return (await pixels(shown!)) === (await pixels(reference!));
		},
		[await qr.getAttribute('src'), expected]
	);
	expect(same).toBe(true);
	await screen(page, 'staff-task-1280');
	await page.close();
});

test('hours in hours: confirm all as recorded, and "did not come"', async () => {
	const page = await desk.newPage();
	await page.goto(nowTaskUrl);
	await waitForApp(page);
	const twin = (n: number) => page.getByTestId('staff-signup').filter({ hasText: TWINS[n]!.phone });
	// The check-out reaches the server with the phone's next sync.
	await expect(async () => {
		await page.reload();
		await expect(twin(0)).toContainText(/已於 .+ 簽退/, { timeout: 1000 });
	}).toPass({ timeout: 30_000 });
	await page.getByRole('button', { name: '全部照簽到時數確認（1 人）' }).click();
	await expect(page.getByText('已確認 1 人的時數。')).toBeVisible();
	await expect(twin(0)).toContainText('籌辦人已確認');
	await twin(1).getByRole('button', { name: '沒有到' }).click();
	await expect(twin(1).getByTestId('no-show')).toHaveText('已標記：沒有到（不計時數）');
	// Nothing is left to confirm as recorded.
	await expect(page.getByRole('button', { name: /全部照簽到時數確認/ })).toHaveCount(0);
	await twin(1).getByLabel('時數').fill('abc');
	await twin(1).getByRole('button', { name: '確認' }).click();
	await expect(twin(1)).toContainText('請用 2.5 或 2:30 的格式填寫時數');
	await page.close();
});

test('the roster: a sortable table on a desk, cards that call on a phone, look-alikes flagged', async ({
	browser
}) => {
	const page = await desk.newPage();
	await page.goto('/staff/volunteers?q=李明');
	await waitForApp(page);
	const table = page.getByRole('table');
	await expect(table.getByRole('columnheader')).toHaveText([
		/姓名/,
		'電話和電子郵件',
		/登記日期/,
		/最後上線/,
		/任務數/,
		/已確認時數/,
		'核實'
	]);
	await table.getByRole('link', { name: '已確認時數' }).click();
	await expect(table.getByRole('columnheader', { name: /已確認時數/ })).toHaveAttribute(
		'aria-sort',
		'descending'
	);
	const rows = table.getByRole('row');
	await expect(rows.nth(1)).toContainText(TWINS[0]!.phone);
	await expect(rows.nth(1).getByRole('link', { name: TWINS[0]!.phone })).toHaveAttribute(
		'href',
		'tel:+886912000001'
	);
	await expect(rows.nth(1).getByTestId('duplicate-hint')).toHaveText('與另一位志工同名');
	await screen(page, 'roster-1280');
	await page.close();

	const small = await organizerDesk(browser, PHONE_360);
	// Results first: on a phone the filters are folded, unless some are in use.
	await small.page.goto('/staff/volunteers');
	await waitForApp(small.page);
	await expect(small.page.getByText('篩選條件', { exact: true })).toBeVisible();
	await expect(small.page.getByLabel('姓名', { exact: true })).toBeHidden();
	await small.page.goto('/staff/volunteers?q=李明');
	await waitForApp(small.page);
	await expect(small.page.getByText('篩選條件 · 使用中 1 項')).toBeVisible();
	await expect(small.page.getByLabel('姓名', { exact: true })).toBeVisible();
	await expect(small.page.getByRole('table')).toBeHidden();
	await expect(
		small.page.getByRole('link', { name: `打電話：${TWINS[1]!.phone}` })
	).toHaveAttribute('href', 'tel:+886912000002');
	await expect(small.page.getByText('會說的語言').first()).toBeVisible();
	await screen(small.page, 'roster-360');
	await small.page.goto(taskUrl);
	await waitForApp(small.page);
	await screen(small.page, 'staff-task-360');
	// No residents' bottom navigation or sync line on staff pages.
	await expect(small.page.getByRole('navigation', { name: '主選單' })).toHaveCount(0);
	// Nothing scrolls sideways on a 360 px phone, even with text at 200%.
	for (const path of ['/staff/volunteers?q=李明', new URL(taskUrl).pathname, '/staff/tasks']) {
		await small.page.goto(path);
		await waitForApp(small.page);
		await small.page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
		const sideways = await small.page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(sideways, path).toBeLessThanOrEqual(0);
	}
	await small.context.close();
});

test('invitations: whom and which role is restated, open ones listed and withdrawn, and the link page knows its state', async ({
	browser
}) => {
	const admin = await browser.newContext(DESK);
	const page = await admin.newPage();
	await signIn(page);
	await page.goto('/staff/accounts');
	await waitForApp(page);
	const form = page.locator('form[action="?/invite"]');
	const invite = async (role: string, email = '') => {
		for (const box of await form.getByRole('checkbox').all()) await box.uncheck();
		await form.getByLabel(role, { exact: true }).check();
		await form.getByLabel(/Their e-mail address/).fill(email);
		await form.getByRole('button', { name: 'Make the invitation link' }).click();
		await expect(page.getByTestId('invite-made')).toContainText(
			email
				? `Invitation for ${email} · ${role}.`
				: `Invitation for whoever gets the link · ${role}.`
		);
		return page.locator('#invite-link').inputValue();
	};
	const wong = await invite('Publisher', 'wong@example.org');
	// The role stays chosen for the next invitation.
	await expect(form.getByLabel('Publisher', { exact: true })).toBeChecked();
	await expect(form.getByLabel('Organizer', { exact: true })).not.toBeChecked();
	const open = await invite('Publisher');
	const lee = await invite('Organizer', 'lee@example.org');

	const pending = page.getByTestId('pending-invite');
	await expect(pending.filter({ hasText: 'wong@example.org' })).toContainText('Publisher');
	page.once('dialog', (d) => void d.accept());
	await pending
		.filter({ hasText: 'wong@example.org' })
		.getByRole('button', { name: 'Withdraw' })
		.click();
	await expect(page.getByText('Invitation withdrawn: its link no longer works.')).toBeVisible();
	await expect(pending.filter({ hasText: 'wong@example.org' })).toHaveCount(0);
	await expect(pending.filter({ hasText: 'lee@example.org' })).toHaveCount(1);
	await admin.close();

	const visitor = await browser.newContext();
	const guest = await visitor.newPage();
	await guest.goto(wong);
	await expect(guest.getByRole('alert')).toContainText('This invitation was withdrawn');
	await expect(guest.getByLabel('Choose a password')).toHaveCount(0);
	// A link bound to an address fills it in.
	await guest.goto('about:blank');
	await guest.goto(lee);
	await expect(guest.getByTestId('invite-state')).toHaveText('You are invited as: Organizer');
	await expect(guest.getByLabel('Your e-mail address')).toHaveValue('lee@example.org');
	await expect(guest.getByLabel('Your e-mail address')).toHaveAttribute('readonly', '');
	// An open link: anyone may take it; a publisher lands on what publishing needs.
	// The name and address are typed while the link check is still on its way: they stay.
	await guest.goto('about:blank');
	let answer: () => void = () => {};
	const held = new Promise<void>((resolve) => (answer = resolve));
	await guest.route('**/api/staff/invite-status', async (route) => {
		await held;
		await route.continue();
	});
	await guest.goto(open);
	await expect(guest.getByText('Checking the invitation…')).toBeVisible();
	await guest.getByLabel('Your name').fill('Teacher Ho');
	await guest.getByLabel('Your e-mail address').fill('ho@example.org');
	answer();
	await expect(guest.getByTestId('invite-state')).toHaveText('You are invited as: Publisher');
	await guest.unroute('**/api/staff/invite-status');
	await expect(guest.getByLabel('Your name')).toHaveValue('Teacher Ho');
	await expect(guest.getByLabel('Your e-mail address')).toHaveValue('ho@example.org');
	await guest.getByLabel('Choose a password').fill('lessons for the whole street');
	await guest.getByLabel('Password again').fill('lessons for the whole street');
	await guest.getByRole('button', { name: 'Create account' }).click();
	await expect(guest.getByRole('heading', { name: 'Publishing lessons' })).toBeVisible();
	const guide = await guest.request.get('/staff/publishing/guide.md');
	expect(await guide.text()).toMatch(/^# Writing lesson packs for Linli/);
	const zip = await guest.request.get('/staff/publishing/example-pack.zip');
	expect(zip.headers()['content-type']).toBe('application/zip');
	expect([...(await zip.body()).subarray(0, 2)]).toEqual([0x50, 0x4b]); // "PK"
	await expect(guest.getByRole('link', { name: 'admin@linli.test' })).toBeVisible();
	await visitor.close();

	const fresh = await browser.newContext();
	const signInPage = await fresh.newPage();
	await signInPage.goto('/staff/sign-in');
	await expect(
		signInPage.getByText('Forgot your password? Ask your administrator for a reset link.')
	).toBeVisible();
	await fresh.close();
});

for (const [lang, locale] of LOCALES) {
	test(`the changed organizer and task pages pass axe in ${lang}`, async ({ browser }) => {
		const context = await browser.newContext({ locale, timezoneId: ZONE });
		const page = await context.newPage();
		const volunteerTask = taskUrl.replace('/staff/tasks/', '/volunteer/tasks/');
		// First as a resident on a fresh phone, then as the organizer.
		await page.goto(volunteerTask);
		await waitForApp(page);
		await expectNoAxeViolations(page, `${volunteerTask} (${lang})`);
		await page.goto('/staff/sign-in');
		await waitForApp(page);
		await expectNoAxeViolations(page, `/staff/sign-in (${lang})`);
		await page.goto('/staff/accept-invite#token=not-a-real-token-0123456789');
		await waitForApp(page);
		await expect(page.getByRole('alert')).toBeVisible();
		await expectNoAxeViolations(page, `/staff/accept-invite (${lang})`);
		await signIn(page);
		for (const path of [
			'/staff',
			'/staff/tasks',
			'/staff/tasks/new',
			new URL(taskUrl).pathname,
			new URL(nowTaskUrl).pathname,
			'/staff/volunteers',
			'/staff/accounts'
		]) {
			await page.goto(path);
			await waitForApp(page);
			await expectNoAxeViolations(page, `${path} (${lang})`);
		}
		await page.setViewportSize(DESK.viewport);
		for (const path of ['/staff/volunteers', new URL(taskUrl).pathname]) {
			await page.goto(path);
			await waitForApp(page);
			await expectNoAxeViolations(page, `${path} at 1280 px (${lang})`);
		}
		await context.close();
	});
}
