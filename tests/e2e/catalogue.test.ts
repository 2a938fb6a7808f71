/**
 * Lesson packs on the phone (issue 11): install from the catalogue and read offline, update with
 * the changelog keeping progress, remove; open pack files with the four outcomes; axe.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { unzipSync, zipSync } from 'fflate';
import { expectNoAxeViolations, waitForApp, waitForServiceWorker } from './helpers';
import { approve, publisher } from './pack-helpers';
import { packFile } from '../integration/support/packs';
import { generateKeyPair, type Ed25519KeyPair } from '../../src/lib/shared/crypto/index';

const LANGS = ['en', 'zh-Hant', 'zh-Hans'] as const;

async function openCatalogue(page: Page) {
	await page.goto('/lessons/catalogue');
	await waitForApp(page);
	await expect(page.getByTestId('catalogue')).toBeVisible();
}

// One publisher and one approved key for both tests (making them is most of the time).
test.describe.configure({ mode: 'serial' });
const id = 'e2e-catalogue-pack';
let key: Ed25519KeyPair;
let school: Awaited<ReturnType<typeof publisher>>;

test.beforeAll(async ({ browser }) => {
	test.setTimeout(process.env.CI ? 360_000 : 240_000);
	key = await generateKeyPair();
	school = await publisher(browser, 'catalogue-school@linli.test');
	await school.upload(
		browser,
		await packFile({ id, version: '2.0.0', privateKey: key.privateKey })
	);
	await approve(browser, id, '2.0.0', 'Sai Kung School');
});

test('install a pack from the catalogue, read it offline, update it keeping progress, remove it', async ({
	browser
}) => {
	// An upload, an approval and five offline reads: minutes on a busy machine (a guard against
	// hangs, not a speed check).
	test.setTimeout(process.env.CI ? 480_000 : 300_000);
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/');
	await waitForServiceWorker(page);
	await openCatalogue(page);
	const row = page.locator(`li[data-pack="${id}"]`);
	await expect(row).toContainText('Publisher: Sai Kung School');
	await expect(row).toContainText('Verified');
	await expect(row).toContainText('Version 2.0.0');
	await expect(row).toContainText('Not on this phone');
	// The built-in packs were installed on first run.
	await expect(page.locator('li[data-pack="hygiene"]')).toContainText('On this phone: version');

	await row.getByRole('button', { name: /Download Fixture pack for offline use/ }).click();
	await expect(row.getByTestId('pack-status')).toContainText('is on this phone and works offline');
	await expect(row).toContainText('On this phone: version 2.0.0');

	// Offline: the pack and its lesson open from the device; a checklist item is ticked.
	await context.setOffline(true);
	await page.goto(`/lessons/${id}/kit`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your kit');
	const item = page.getByRole('checkbox').first();
	await item.check();
	await expect(item).toBeChecked();
	await page.goto(`/lessons/${id}`);
	await expect(page.getByRole('link', { name: /Fire/ })).toBeVisible();
	await context.setOffline(false);

	// A new version without the "fire" lesson: the phone offers it with what changed.
	await school.upload(
		browser,
		await packFile({ id, version: '2.1.0', privateKey: key.privateKey, without: ['02-fire'] })
	);
	await approve(browser, id, '2.1.0', 'Sai Kung School');
	await openCatalogue(page);
	await expect(row).toContainText('Update available: version 2.1.0');
	await expect(row.getByText('Clearer words.')).toBeVisible();
	await row.getByRole('button', { name: /Update Fixture pack to version 2\.1\.0/ }).click();
	await expect(row.getByTestId('pack-status')).toContainText('Your progress is kept');
	await expect(row).toContainText('On this phone: version 2.1.0');

	// Progress is kept by lesson id; the removed lesson is out of sight.
	await context.setOffline(true);
	await page.goto(`/lessons/${id}/kit`);
	await expect(page.getByRole('checkbox').first()).toBeChecked();
	await page.goto(`/lessons/${id}`);
	await expect(page.getByRole('link', { name: /Your kit/ })).toBeVisible();
	await expect(page.getByRole('link', { name: /Fire/ })).toHaveCount(0);
	await context.setOffline(false);

	// Removing shows the space it frees; the pack is gone from the device.
	await openCatalogue(page);
	await row.getByRole('button', { name: /Remove Fixture pack from this phone and free/ }).click();
	await expect(row.getByTestId('pack-status')).toContainText('was removed and');
	await expect(row).toContainText('Not on this phone');
	await context.close();
});

test('open pack files: verified, unknown key and unsigned after a warning, tampered refused', async ({
	browser
}) => {
	test.setTimeout(process.env.CI ? 360_000 : 240_000);
	// The phone trusts the key approved for the listed pack; this file is another pack by it.
	const stranger = await generateKeyPair();

	const dir = await mkdtemp(join(tmpdir(), 'linli-e2e-open-'));
	const files = {
		signed: await packFile({ id: 'e2e-file-pack', version: '2.1.0', privateKey: key.privateKey }),
		older: await packFile({ id: 'e2e-file-pack', version: '2.0.5', privateKey: key.privateKey }),
		unknown: await packFile({
			id: 'e2e-stranger-pack',
			version: '2.0.0',
			privateKey: stranger.privateKey,
			publisher: 'Sai Kung School'
		}),
		unsigned: await packFile({ id: 'e2e-unsigned-pack', version: '2.0.0' }),
		tampered: new Uint8Array()
	};
	const entries = unzipSync(files.signed);
	entries['en.json'] = new TextEncoder().encode(
		new TextDecoder().decode(entries['en.json']).replace('kit', 'kat')
	);
	files.tampered = zipSync(entries);
	for (const [name, bytes] of Object.entries(files)) {
		await writeFile(join(dir, `${name}.linlipack`), bytes);
	}
	const choose = (page: Page, name: string) =>
		page.getByLabel('Choose a pack file').setInputFiles(join(dir, `${name}.linlipack`));

	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/');
	await waitForServiceWorker(page);
	// The catalogue fetch is where the phone learns which keys are trusted.
	await openCatalogue(page);
	const result = page.getByTestId('open-result');

	await choose(page, 'tampered');
	await expect(result.getByTestId('outcome')).toHaveText('Changed after signing — refused');
	await expect(result.getByTestId('refusal')).toContainText('changed after it was signed');
	await expect(result.getByRole('button', { name: 'Install' })).toHaveCount(0);

	await choose(page, 'unknown');
	await expect(result.getByTestId('outcome')).toContainText('Signed by an unknown key');
	// The name inside the file is only a claim.
	await expect(result).toContainText('The file claims to be from Sai Kung School');
	await expect(result.getByTestId('open-warning')).toBeVisible();
	await expect(result.getByRole('button', { name: 'Install' })).toBeDisabled();

	await choose(page, 'unsigned');
	await expect(result.getByTestId('outcome')).toHaveText('Not signed');
	await expect(result.getByTestId('open-warning')).toBeVisible();
	await expect(result.getByRole('button', { name: 'Install' })).toBeDisabled();
	await result.getByLabel('I understand the risk. Install it anyway.').check();
	await result.getByRole('button', { name: 'Install' }).click();
	await expect(result).toContainText('is installed and works offline');

	await choose(page, 'signed');
	await expect(result.getByTestId('outcome')).toHaveText('Signed by Sai Kung School — verified');
	await result.getByRole('button', { name: 'Install' }).click();
	await expect(result).toContainText('is installed and works offline');

	// An older version of an installed pack is refused.
	await choose(page, 'older');
	await expect(result.getByTestId('refusal')).toContainText(
		'Version 2.1.0 is on this phone and this file holds the older version 2.0.5'
	);

	// The installed file works offline.
	await context.setOffline(true);
	await page.goto('/lessons/e2e-file-pack/kit');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your kit');
	await context.close();
});

test('the catalogue and a pack file warning have no axe violations in the three languages', async ({
	browser,
	baseURL
}) => {
	test.slow();
	const dir = await mkdtemp(join(tmpdir(), 'linli-e2e-axe-'));
	const file = join(dir, 'unsigned.linlipack');
	await writeFile(file, await packFile({ id: 'e2e-axe-pack', version: '2.0.0' }));
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/');
	await waitForServiceWorker(page);
	for (const lang of LANGS) {
		await context.addCookies([{ name: 'linli_lang', value: lang, url: baseURL! }]);
		await openCatalogue(page);
		await expect(
			page.locator('li[data-pack="hygiene"] button, li[data-pack="hygiene"] a')
		).not.toHaveCount(0);
		await page.locator('#pack-file').setInputFiles(file);
		await expect(page.getByTestId('open-warning')).toBeVisible();
		await expectNoAxeViolations(page, `catalogue with a file warning (${lang})`);
	}
	await context.close();
});
