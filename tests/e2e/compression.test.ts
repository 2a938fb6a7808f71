/**
 * What a browser downloads: HTML and JSON rendered per request come compressed (brotli or gzip),
 * static files keep their precompressed copies, and every page describes itself in the
 * reader's language.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const description = (lang: string) =>
	(
		JSON.parse(readFileSync(`src/lib/i18n/locales/${lang}/common.json`, 'utf8')) as {
			description: Record<string, string>;
		}
	).description;

test('pages and JSON rendered per request come compressed; static files keep theirs', async ({
	page
}) => {
	const encodings = new Map<string, string | undefined>();
	page.on('response', (response) => {
		const url = new URL(response.url());
		encodings.set(url.pathname, response.headers()['content-encoding']);
	});
	const home = await page.goto('/');
	expect(home?.status()).toBe(200);
	expect(home?.headers()['content-encoding']).toMatch(/^(br|gzip)$/);
	expect(home?.headers()['vary']).toContain('Accept-Encoding');
	await page.waitForLoadState('networkidle');
	const scripts = [...encodings].filter(([path]) => path.startsWith('/_app/immutable/'));
	expect(scripts.length).toBeGreaterThan(0);
	for (const [path, encoding] of scripts) expect(encoding, path).toMatch(/^(br|gzip)$/);

	// JSON from the server: the translated web manifest, and the API.
	const manifest = await page.request.get('/manifest.webmanifest', {
		headers: { 'accept-encoding': 'br, gzip' }
	});
	expect(manifest.headers()['content-encoding']).toMatch(/^(br|gzip)$/);
	// The API: a small answer (most sync answers are about a hundred bytes) is sent as it is, with
	// its length, as compressing it costs the server more than it saves; a large one comes
	// compressed (here a push of 40 changes the server refuses, one answer each).
	const api = await page.evaluate(async () => {
		const clientId = crypto.randomUUID();
		const secret = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))
			.replaceAll('+', '-')
			.replaceAll('/', '_')
			.replace(/=+$/, '');
		const register = await fetch('/api/sync/register', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ schemaVersion: 1, clientId, secret })
		});
		const small = {
			ok: register.ok,
			type: register.headers.get('content-type'),
			length: Number(register.headers.get('content-length')),
			bytes: new TextEncoder().encode(await register.text()).byteLength
		};
		const push = await fetch('/api/sync/push', {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				authorization: `Device ${clientId}:${secret}`
			},
			body: JSON.stringify({
				schemaVersion: 1,
				mutations: Array.from({ length: 40 }, (_, i) => ({
					seq: i + 1,
					type: 'volunteer.save',
					createdAt: Date.now(),
					payload: {}
				}))
			})
		});
		const answer = (await push.json()) as { results: { status: string }[] };
		return {
			small,
			large: {
				ok: push.ok,
				type: push.headers.get('content-type'),
				refused: answer.results.filter((r) => r.status === 'rejected').length,
				bytes: new TextEncoder().encode(JSON.stringify(answer)).byteLength
			}
		};
	});
	expect(api.small).toMatchObject({ ok: true, type: 'application/json; charset=utf-8' });
	expect(api.small.bytes).toBeLessThan(1024);
	expect(api.small.length).toBe(api.small.bytes);
	expect(encodings.get('/api/sync/register')).toBeUndefined();
	expect(api.large).toMatchObject({
		ok: true,
		type: 'application/json; charset=utf-8',
		refused: 40
	});
	expect(api.large.bytes).toBeGreaterThan(1024);
	expect(encodings.get('/api/sync/push')).toMatch(/^(br|gzip)$/);
});

for (const lang of ['en', 'zh-Hant', 'zh-Hans']) {
	test(`every page describes itself in the reader's language (${lang})`, async ({
		page,
		context,
		baseURL
	}) => {
		await context.addCookies([{ name: 'linli_lang', value: lang, url: baseURL! }]);
		const texts = description(lang);
		for (const [path, key] of [
			['/', 'home'],
			['/lessons', 'lessons'],
			['/volunteer', 'volunteer'],
			['/volunteer/register', 'volunteerRegister'],
			['/settings', 'settings'],
			['/staff/sign-in', 'staff']
		] as const) {
			await page.goto(path);
			await expect(page.locator('meta[name="description"]'), path).toHaveAttribute(
				'content',
				texts[key]!
			);
			await expect(page.locator('meta[name="description"]'), path).toHaveCount(1);
		}
	});
}
