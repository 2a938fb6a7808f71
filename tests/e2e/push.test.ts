/**
 * Web Push in the browser (issue 10). A server of its own (it must trust the test's push sink:
 * NODE_EXTRA_CA_CERTS, and may post to loopback: LINLI_PUSH_ALLOW_PRIVATE). The resident turns
 * notifications on in Settings in Traditional Chinese; headless Chromium cannot make a real
 * subscription, so `pushManager.subscribe` returns one at the loopback sink (the only stub). The
 * server sends an urgent notice through its job queue; the sink receives it, the test decrypts it
 * with the subscription's keys and hands it to the service worker with the DevTools protocol's
 * `ServiceWorker.deliverPushMessage`, as the push service would. The worker shows it (title in
 * the phone's language, the page in its data) and starts a sync.
 */
import { rmSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { openDatabase } from '../../src/lib/server/db/connect';
import { notifyTopic } from '../../src/lib/server/push/notify';
import { startSink, subscriber, type Sink } from '../support/push-sink';
import { E2E_SECOND_PORT } from './constants';
import { expectNoAxeViolations, readDeviceDb, waitForApp, waitForServiceWorker } from './helpers';
import { ServerProcess } from './server-process';

const DATA = `test-results/data-${E2E_SECOND_PORT}`;

test.describe('push notifications', () => {
	// One server on a fixed port and data folder for both tests: in one worker, one after the
	// other (run in parallel, a second worker's beforeAll deleted the first one's database and
	// its notice never reached the sink).
	test.describe.configure({ mode: 'default' });
	let sink: Sink;
	let server: ServerProcess;

	test.beforeAll(async () => {
		sink = await startSink();
		rmSync(DATA, { recursive: true, force: true });
		server = new ServerProcess(E2E_SECOND_PORT, 'build', {
			NODE_EXTRA_CA_CERTS: sink.certificate.certPath,
			LINLI_PUSH_ALLOW_PRIVATE: '1',
			ORIGIN: `http://127.0.0.1:${E2E_SECOND_PORT}`
		});
		await server.start();
	});
	test.afterAll(async () => {
		await server?.stop();
		await sink?.close();
	});

	async function lastSyncedAt(page: Page): Promise<number> {
		const [row] = await readDeviceDb(page, [{ store: 'syncMeta', key: 'lastSyncedAt' }]);
		return ((row as { value?: number } | undefined)?.value as number | undefined) ?? 0;
	}

	test('turned on in Settings (zh-Hant), an urgent notice arrives in Chinese, opens its page, and syncs', async ({
		browser
	}) => {
		const origin = server.url;
		const context = await browser.newContext({ locale: 'zh-TW', baseURL: origin });
		await context.grantPermissions(['notifications'], { origin });
		const phone = subscriber(`${sink.origin}/push/phone-1`);
		// The only stub: a subscription at the test's sink instead of a real push service.
		await context.addInitScript((subscription) => {
			let current: unknown = null;
			const make = () => ({
				endpoint: subscription.endpoint,
				expirationTime: null,
				toJSON: () => ({ ...subscription, expirationTime: null }),
				unsubscribe: async () => ((current = null), true)
			});
			PushManager.prototype.subscribe = async function () {
				current = make();
				return current as PushSubscription;
			};
			PushManager.prototype.getSubscription = async function () {
				return current as PushSubscription | null;
			};
		}, phone.subscription);
		const page = await context.newPage();
		await page.goto('/settings');
		await waitForServiceWorker(page);

		const optIn = page.getByTestId('push-opt-in');
		await expect(optIn.getByRole('heading', { name: '通知' })).toBeVisible();
		// What will be sent is said before anything is asked.
		await expect(optIn).toContainText('停水');
		await expect(optIn).toContainText('不會包含任何關於你的資料');
		await optIn.getByRole('button', { name: '開啟通知' }).click();
		await expect(optIn.getByRole('status')).toHaveText('已開啟通知。');
		await expect(optIn.getByRole('button', { name: '關閉通知' })).toBeVisible();

		// An organizer's urgent notice (the neighbourhoods issue calls this on publishing).
		const database = await openDatabase({ sqlitePath: `${DATA}/linli.sqlite` });
		try {
			await notifyTopic(
				database,
				'all',
				{
					title: { en: 'Water off tomorrow', 'zh-Hant': '明天停水' },
					body: { en: '9 to 12.', 'zh-Hant': '上午九點到十二點。' },
					url: '/settings',
					urgency: 'high'
				},
				{ dedupeKey: 'e2e:water' }
			);
		} finally {
			await database.close();
		}
		// The server's worker (not a request) sends it to the sink.
		await expect.poll(() => sink.received.length, { timeout: 20_000 }).toBe(1);
		const plaintext = phone.decrypt(sink.received[0]!.body);
		expect(JSON.parse(plaintext)).toMatchObject({
			title: '明天停水',
			url: '/settings',
			sync: true
		});

		// The push service's part: hand the message to the phone's service worker.
		await expect.poll(() => lastSyncedAt(page)).toBeGreaterThan(0);
		const before = await lastSyncedAt(page);
		const cdp = await context.newCDPSession(page);
		const registrationId = new Promise<string>((resolve) => {
			cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
				const ours = registrations.find((r) => r.scopeURL.startsWith(origin) && !r.isDeleted);
				if (ours) resolve(ours.registrationId);
			});
		});
		await cdp.send('ServiceWorker.enable');
		await cdp.send('ServiceWorker.deliverPushMessage', {
			origin,
			registrationId: await registrationId,
			data: plaintext
		});

		await expect
			.poll(() =>
				page.evaluate(async () => {
					const registration = await navigator.serviceWorker.ready;
					return (await registration.getNotifications()).map((n) => ({
						title: n.title,
						body: n.body,
						data: n.data as unknown
					}));
				})
			)
			.toEqual([{ title: '明天停水', body: '上午九點到十二點。', data: { url: '/settings' } }]);
		// The push started a sync in the worker.
		await expect.poll(() => lastSyncedAt(page), { timeout: 15_000 }).toBeGreaterThan(before);

		// Turning it off: the server forgets the subscription.
		await optIn.getByRole('button', { name: '關閉通知' }).click();
		await expect(optIn.getByRole('status')).toHaveText('已關閉通知。');
		await context.close();
	});

	test('the notifications section: axe clean in three languages, by keyboard, refusal explained, at 200% text', async ({
		page
	}) => {
		await page.goto('/settings');
		await waitForApp(page);
		const optIn = page.getByTestId('push-opt-in');
		for (const lang of ['en', 'zh-Hant', 'zh-Hans']) {
			await page.locator('#settings-language').selectOption(lang);
			await expect(page.locator('html')).toHaveAttribute('lang', lang);
			await expect(optIn.getByRole('button')).toBeVisible();
			await expectNoAxeViolations(page, `settings notifications in ${lang}`);
		}
		await page.getByRole('radio', { name: '200%' }).check();
		await expect(page.locator('html')).toHaveClass(/text-200/);
		expect(
			await page.evaluate(
				() => document.documentElement.scrollWidth <= document.documentElement.clientWidth
			)
		).toBe(true);
		// By keyboard, with the browser refusing permission: the reason is said where it happened.
		const button = optIn.getByRole('button', { name: '开启通知' });
		await button.focus();
		await page.keyboard.press('Enter');
		await expect(optIn.getByRole('alert')).toContainText('通知已被屏蔽');
	});
});
