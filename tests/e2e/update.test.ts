import { spawnSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { ServerProcess } from './server-process';
import { waitForServiceWorker } from './helpers';
import { E2E_SECOND_PORT as PORT } from './constants';

const BUILD_B = 'build-update';
const VERSION_B = `update-test-${Date.now().toString(36)}`;

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
	test.setTimeout(300_000);
	// A second, real build: same sources, a different version, so a new service worker.
	const result = spawnSync('npx', ['vite', 'build'], {
		env: { ...process.env, LINLI_BUILD_OUT: BUILD_B, LINLI_BUILD_ID: VERSION_B },
		encoding: 'utf8'
	});
	expect(result.status, result.stderr.slice(-2000)).toBe(0);
	const sw = spawnSync('node', ['src/node/build-sw.js'], {
		env: { ...process.env, LINLI_BUILD_OUT: BUILD_B },
		encoding: 'utf8'
	});
	expect(sw.status, sw.stderr).toBe(0);
});

test('a new deployment shows the prompt; accepting it reloads into the new version exactly once, with the language the phone reads offline', async ({
	page,
	context
}) => {
	test.setTimeout(120_000);
	const a = new ServerProcess(PORT, 'build');
	await a.start();
	let b: ServerProcess | undefined;
	try {
		await page.goto(`${a.url}/settings`);
		await waitForServiceWorker(page);
		// A phone with an English browser that reads Traditional Chinese: the worker keeps it.
		await page.locator('#settings-language').selectOption('zh-Hant');
		await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant');
		await expect(page.getByTestId('app-version')).toContainText('版本');
		const versionA = await page.getByTestId('app-version').textContent();
		expect(versionA).not.toContain(VERSION_B);
		await expect(page.getByTestId('update-prompt')).toBeHidden();

		await a.stop();
		b = new ServerProcess(PORT, BUILD_B);
		await b.start();
		await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

		const prompt = page.getByTestId('update-prompt');
		await expect(prompt).toBeVisible({ timeout: 30_000 });
		await expect(prompt).toContainText('有新版本可用');
		// Still the old version until the reader accepts: no mixing.
		await expect(page.getByTestId('app-version')).toHaveText(versionA!);

		let loads = 0;
		page.on('load', () => loads++);
		await prompt.getByRole('button', { name: '重新載入' }).click();
		await expect(page.getByTestId('app-version')).toContainText(VERSION_B, { timeout: 30_000 });
		await page.waitForTimeout(3000);
		expect(loads).toBe(1);
		await expect(page.getByTestId('update-prompt')).toBeHidden();

		// The new worker brought the phone's language along: offline, another page reads in it.
		await context.setOffline(true);
		await page.goto(`${b.url}/volunteer`);
		await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant');
		await expect(page.getByRole('navigation').first()).toContainText('首頁');
		await expect(page.locator('main h1')).not.toContainText(':');
		await context.setOffline(false);
	} finally {
		await a.stop();
		await b?.stop();
	}
});
