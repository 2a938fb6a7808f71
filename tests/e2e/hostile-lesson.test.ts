import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from '@playwright/test';
import { compilePack } from '../../src/lib/content/compile-pack';
import { waitForApp } from './helpers';

const FIXTURE = 'tests/fixtures/packs/hostile';

// The pack files are intercepted in the page; a service worker would answer from its precache.
test.use({ serviceWorkers: 'block' });

function readDir(dir: string, files = new Map<string, Uint8Array>()) {
	for (const name of readdirSync(dir)) {
		const full = join(dir, name);
		if (statSync(full).isDirectory()) readDir(full, files);
		else files.set(relative(FIXTURE, full), new Uint8Array(readFileSync(full)));
	}
	return files;
}

test('a hostile lesson renders inert: no script runs, no dialog opens, nothing leaves the pack', async ({
	page
}) => {
	// The real compiler, on the hostile fixture, even though the checker rejects it.
	const compiled = compilePack(readDir(FIXTURE), 'hostile');
	const [language] = compiled.languages;
	if (!language || !compiled.meta) throw new Error('hostile fixture did not compile');
	// And a tampered file, as a stranger might pass one on: nodes no compiler would emit.
	const lesson = language.lessons[0]!;
	lesson.blocks.push(
		{
			t: 'p',
			c: [{ t: 'link', href: 'javascript:alert("href")', c: [{ t: 'text', v: 'tampered link' }] }]
		},
		{ t: 'p', c: [{ t: 'img', src: 'https://evil.example/pixel.png', alt: 'remote' }] },
		{ t: 'p', c: [{ t: 'img', src: 'assets/../../../api/secret', alt: 'escape' }] },
		{ t: 'p', c: [{ t: 'img', src: 'assets/evil.svg" onerror="alert(1)', alt: 'attr' }] },
		{ t: 'html', v: '<script>alert("html node")</script>' } as never,
		{ t: 'callout', kind: '"><img src=x onerror=alert(1)>', c: [] } as never,
		{
			t: 'p',
			c: [{ t: 'lesson', pack: '../../admin', lesson: 'x', c: [{ t: 'text', v: 'escape link' }] }]
		},
		{ t: 'p', c: [{ t: 'text', v: '<img src=x onerror=alert("text")>' }] }
	);
	const meta = { ...compiled.meta, hash: 'hostile', gzipBytes: 0 };

	const dialogs: string[] = [];
	page.on('dialog', async (dialog) => {
		dialogs.push(dialog.message());
		await dialog.dismiss();
	});
	const outside: string[] = [];
	page.on('request', (request) => {
		if (!request.url().startsWith('http://127.0.0.1')) outside.push(request.url());
	});
	await page.route('**/packs/index.json', (route) =>
		route.fulfill({ json: { schemaVersion: 1, packs: [meta] } })
	);
	await page.route('**/packs/hostile/en.json*', (route) => route.fulfill({ json: language }));
	await page.route('**/packs/hostile/assets/evil.svg', (route) =>
		route.fulfill({
			body: readFileSync(join(FIXTURE, 'assets/evil.svg')),
			contentType: 'image/svg+xml'
		})
	);

	// The server knows nothing of this pack: open the app, then go to the lesson in the browser,
	// where the (intercepted) pack files are loaded and rendered by the reader.
	await page.goto('/');
	await waitForApp(page);
	await page.evaluate(() => {
		const link = document.createElement('a');
		link.href = '/lessons/hostile/attack';
		link.textContent = 'go';
		document.body.append(link);
		link.click();
	});
	await page.waitForURL('**/lessons/hostile/attack');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		"<script>alert('title')</script>"
	);
	await page.getByText('tampered link').click();
	await page.waitForTimeout(500);

	expect(dialogs).toEqual([]);
	expect(outside).toEqual([]);
	const article = page.locator('article');
	await expect(
		article.locator('script, iframe, object, embed, foreignObject, [onerror], [onclick], [onload]')
	).toHaveCount(0);
	for (const href of await article
		.locator('a')
		.evaluateAll((links) => links.map((a) => a.getAttribute('href')))) {
		expect(href).toMatch(/^(https?:|mailto:|tel:|\/lessons\/hostile\/)/);
	}
	for (const src of await article
		.locator('img')
		.evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src')))) {
		expect(src).toMatch(/^\/packs\/hostile\/assets\/[\w.-]+$/);
	}
	await expect(page.getByText('<img src=x onerror=alert("text")>')).toBeVisible();
});
