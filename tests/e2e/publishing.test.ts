import { execFile } from 'node:child_process';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { unzipSync, zipSync } from 'fflate';
import { expectNoAxeViolations, waitForApp } from './helpers';
import { signIn } from './volunteer-helpers';
import { publisherContext } from './pack-helpers';
import { packFile } from '../integration/support/packs';
import { generateKeyPair } from '../../src/lib/shared/crypto/index';

const LANGS = ['en', 'zh-Hant', 'zh-Hans'] as const;

test('a publisher uploads a signed pack, an admin previews and approves it, the catalogue lists it', async ({
	browser,
	baseURL
}) => {
	test.slow();
	const key = await generateKeyPair();
	const good = await packFile({
		id: 'e2e-school-pack',
		version: '1.2.0',
		privateKey: key.privateKey
	});
	const entries = unzipSync(good);
	entries['en.json'] = new TextEncoder().encode(
		new TextDecoder().decode(entries['en.json']).replace('kit', 'kat')
	);
	const tampered = zipSync(entries);
	const dir = await mkdtemp(join(tmpdir(), 'linli-e2e-'));
	await writeFile(join(dir, 'good.linlipack'), good);
	await writeFile(join(dir, 'tampered.linlipack'), tampered);

	// Nobody but a publisher uploads.
	const anonymous = await browser.newContext();
	const nobody = await anonymous.request.post('/api/packs', {
		headers: { 'content-type': 'application/vnd.linli.pack+zip' },
		data: Buffer.from(good)
	});
	expect(nobody.status()).toBe(401);
	await anonymous.close();

	const publisher = await publisherContext(browser);
	const page = await publisher.newPage();
	await page.goto('/staff/packs');
	await waitForApp(page);
	await expect(page.getByRole('heading', { level: 1, name: 'Lesson packs' })).toBeVisible();

	// A file changed after signing is refused, with the reason in the publisher's language.
	await page.getByLabel('Pack file (.linlipack)').setInputFiles(join(dir, 'tampered.linlipack'));
	await page.getByRole('button', { name: 'Upload for review' }).click();
	await expect(page.getByTestId('upload-result')).toContainText('The file was refused');
	await expect(page.getByTestId('upload-result')).toContainText('en.json');

	await page.getByLabel('Pack file (.linlipack)').setInputFiles(join(dir, 'good.linlipack'));
	await page.getByRole('button', { name: 'Upload for review' }).click();
	await expect(page.getByTestId('upload-result')).toContainText('waits for an administrator');
	await expect(page.getByTestId('pack-version')).toContainText('Waiting for review');

	for (const lang of LANGS) {
		await publisher.addCookies([{ name: 'linli_lang', value: lang, url: baseURL! }]);
		await page.goto('/staff/packs');
		await waitForApp(page);
		await expectNoAxeViolations(page, `publisher packs page (${lang})`);
	}
	// The refusal message in Chinese too.
	await publisher.addCookies([{ name: 'linli_lang', value: 'zh-Hant', url: baseURL! }]);
	await page.goto('/staff/packs');
	await waitForApp(page);
	await page.getByLabel('課程包檔案（.linlipack）').setInputFiles(join(dir, 'tampered.linlipack'));
	await page.getByRole('button', { name: '上傳並送審' }).click();
	await expect(page.getByTestId('upload-result')).toContainText('檔案未被接受');
	await publisher.close();

	// Nothing is listed before review.
	// (Other tests' packs may be listed: the server is shared.)
	const before = await (await browser.newContext()).request.get('/api/packs');
	expect((await before.json()).packs.map((p: { id: string }) => p.id)).not.toContain(
		'e2e-school-pack'
	);

	const adminContext = await browser.newContext();
	const admin = await adminContext.newPage();
	await signIn(admin);
	await admin.goto('/staff/packs');
	await waitForApp(admin);
	await admin.getByRole('link', { name: /Fixture pack · 1\.2\.0/ }).click();
	await expect(admin.getByRole('heading', { level: 1 })).toContainText('1.2.0');
	const languages = admin.getByTestId('preview-language');
	await expect(languages).toHaveCount(3);
	for (const lang of LANGS) {
		await adminContext.addCookies([{ name: 'linli_lang', value: lang, url: baseURL! }]);
		await admin.reload();
		await waitForApp(admin);
		for (const details of await languages.all()) await details.locator('summary').click();
		await expect(admin.locator('article.lesson')).toHaveCount(6);
		await expectNoAxeViolations(admin, `review page (${lang})`);
	}
	// No script from a pack can run here: the page has no element the pack wrote as HTML.
	await adminContext.addCookies([{ name: 'linli_lang', value: 'en', url: baseURL! }]);
	await admin.reload();
	await waitForApp(admin);
	await admin
		.getByLabel('Publisher name residents will see as verified')
		.fill('Kowloon Primary School');
	await admin.getByRole('button', { name: 'Approve and list' }).click();
	await expect(admin.getByRole('status').filter({ hasText: 'Approved' })).toBeVisible();
	await expect(admin.getByTestId('version-status')).toContainText('Approved');
	await expect(admin.getByRole('button', { name: 'Revoke this signing key' })).toBeVisible();
	await expectNoAxeViolations(admin, 'review page once approved');

	const listed = await (await adminContext.request.get('/api/packs')).json();
	const entry = listed.packs.find((p: { id: string }) => p.id === 'e2e-school-pack');
	expect(entry).toMatchObject({
		id: 'e2e-school-pack',
		publisher: { name: 'Kowloon Primary School', verified: true }
	});
	const file = await adminContext.request.get(entry.file);
	expect(Buffer.from(await file.body())).toEqual(Buffer.from(good));

	// At 200% text nothing needs sideways scrolling (Pixel 7 width).
	await adminContext.addCookies([{ name: 'linli_text', value: '200', url: baseURL! }]);
	for (const path of ['/staff/packs', '/staff/packs/e2e-school-pack/1.2.0']) {
		await admin.goto(path);
		await waitForApp(admin);
		for (const details of await admin.locator('details').all())
			await details.locator('summary').click();
		const overflow = await admin.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow, path).toBeLessThanOrEqual(1);
	}
	await adminContext.close();
});

test('linli pack publish uploads with a token made on the staff page, and the server and the CLI agree on refusals', async ({
	browser,
	baseURL,
	request
}) => {
	test.slow();
	const run = promisify(execFile);
	const key = await generateKeyPair();
	const other = await generateKeyPair();
	const dir = await mkdtemp(join(tmpdir(), 'linli-e2e-cli-'));
	const first = join(dir, 'first.linlipack');
	const wrongKey = join(dir, 'wrong-key.linlipack');
	await writeFile(
		first,
		await packFile({ id: 'e2e-cli-pack', version: '1.2.0', privateKey: key.privateKey })
	);
	await writeFile(
		wrongKey,
		await packFile({ id: 'e2e-cli-pack', version: '1.3.0', privateKey: other.privateKey })
	);

	const publisher = await publisherContext(browser, 'cli-school@linli.test');
	const desk = await publisher.newPage();
	await desk.goto('/staff/packs');
	await waitForApp(desk);
	await desk.getByLabel('Which computer is it for?').fill('Staff room laptop');
	await desk.getByRole('button', { name: 'Make a token' }).click();
	const token = await desk.locator('#publish-token').inputValue();
	expect(token).toMatch(/^lpt_/);

	const publish = async (file: string, withToken = token) => {
		try {
			const { stdout, stderr } = await run(
				'node',
				['src/cli/linli.js', 'pack', 'publish', file, '--server', baseURL!, '--lang', 'en'],
				{ env: { ...process.env, LINLI_PUBLISH_TOKEN: withToken } }
			);
			return { code: 0, out: stdout + stderr };
		} catch (error) {
			const failed = error as { code: number; stdout: string; stderr: string };
			return { code: failed.code, out: failed.stdout + failed.stderr };
		}
	};
	const sent = await publish(first);
	expect(sent.out).toContain('waits for an administrator');
	expect(sent.code).toBe(0);
	// The same file again is accepted as already there.
	expect((await publish(first)).code).toBe(0);
	const refused = await publish(wrongKey);
	expect(refused.code).toBe(1);
	expect(refused.out).toContain('409');
	expect((await publish(first, 'lpt_' + 'x'.repeat(43))).code).toBe(5);

	// Pack files may be larger than other requests: 600 KB reaches the pack checks (and is refused
	// there as no archive), where a page refuses it as too large before reading it, and the sync
	// API asks who is calling first (a phone that must register again hears 401, not 413).
	const big = Buffer.alloc(600 * 1024, 7);
	const bigPack = await request.post('/api/packs', {
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.linli.pack+zip' },
		data: big
	});
	expect(bigPack.status()).toBe(422);
	const bigForm = await request.post('/staff/sign-in', {
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		data: big
	});
	expect(bigForm.status()).toBe(413);
	const bigPush = await request.post('/api/sync/push', {
		headers: { 'content-type': 'application/json' },
		data: big
	});
	expect(bigPush.status()).toBe(401);
	// The upload shows on the publisher's page; withdrawing the token stops the CLI.
	await desk.reload();
	await waitForApp(desk);
	await expect(desk.getByTestId('pack-version')).toContainText('Waiting for review');
	await expect(desk.getByText('Staff room laptop', { exact: true })).toBeVisible();
	await desk.getByRole('button', { name: 'Withdraw the token for Staff room laptop' }).click();
	await expect(desk.getByText('Staff room laptop', { exact: true })).toHaveCount(0);
	expect((await publish(first)).code).toBe(5);
	await publisher.close();
});
