import { existsSync } from 'node:fs';
import { chromium, defineConfig, devices } from '@playwright/test';
import { chromiumPath, NO_BROWSER_MESSAGE } from './support/chromium-path.js';
import { E2E_ADMIN, E2E_DATA, E2E_PORT } from './e2e/constants';

const executablePath = chromiumPath();
if (!executablePath && !existsSync(chromium.executablePath())) {
	// Fail loudly: a browser suite that silently runs nothing proves nothing.
	throw new Error(NO_BROWSER_MESSAGE);
}

export default defineConfig({
	testDir: 'e2e',
	outputDir: '../test-results/playwright',
	// The built app (real service worker) serves every test; SW state is per browser context.
	webServer: {
		// A fresh database with one administrator, then the built app.
		command: `rm -rf ${E2E_DATA} && printf '%s\\n' '${E2E_ADMIN.password}' | node src/cli/linli.js admin create --email ${E2E_ADMIN.email} --name Admin --password-stdin && node src/node/server.js`,
		// Commands run from the project root (this file lives in tests/).
		cwd: '..',
		port: E2E_PORT,
		reuseExistingServer: false,
		env: {
			PORT: String(E2E_PORT),
			HOST: '127.0.0.1',
			DATA_DIR: E2E_DATA,
			// Every browser context is a new device, and tests sign in often.
			LINLI_RATE_REGISTER_PER_HOUR: '100000',
			LINLI_RATE_SIGNIN_PER_15MIN: '100000',
			LINLI_RATE_IP_PER_MINUTE: '100000',
			// Sign-in throttling in seconds, not minutes, so the lock test does not wait.
			LINLI_SIGNIN_SLOW_MS: '1500',
			// The neighbourhood's clock for CSV files and staff pages (the machine's may be UTC).
			LINLI_TIME_ZONE: 'Asia/Taipei',
			ORIGIN: `http://127.0.0.1:${E2E_PORT}`
		}
	},
	fullyParallel: true,
	workers: process.env.CI ? 2 : undefined,
	retries: 0,
	forbidOnly: true,
	reporter: process.env.CI ? [['list']] : [['list']],
	// A per-test guard against hangs, not a speed check (speed is measured in npm run bench). CI
	// machines have run the suite up to four times slower than a developer's.
	timeout: process.env.CI ? 120_000 : 60_000,
	expect: { timeout: 10_000 },
	use: {
		baseURL: `http://127.0.0.1:${E2E_PORT}`,
		trace: 'retain-on-failure',
		...devices['Pixel 7'],
		launchOptions: {
			executablePath,
			args: [
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic'
			]
		}
	},
	projects: [{ name: 'chromium' }]
});
