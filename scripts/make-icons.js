// Renders the app icons (PNG) from the SVG sources in static/icons with Chromium.
// Run by hand after changing a source: node scripts/make-icons.js. The PNGs are committed.
import { readFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { chromiumPath } from './chromium-path.js';

const jobs = [
	['favicon.svg', 'icon-192.png', 192],
	['favicon.svg', 'icon-512.png', 512],
	['maskable.svg', 'maskable-192.png', 192],
	['maskable.svg', 'maskable-512.png', 512],
	['maskable.svg', 'apple-touch-icon.png', 180]
];

const browser = await chromium.launch({ executablePath: chromiumPath() });
const page = await browser.newPage();
for (const [source, target, size] of jobs) {
	const svg = await readFile(new URL(`../static/icons/${source}`, import.meta.url), 'utf8');
	await page.setViewportSize({ width: size, height: size });
	await page.setContent(
		`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`
	);
	await page.screenshot({
		path: new URL(`../static/icons/${target}`, import.meta.url).pathname,
		omitBackground: true,
		clip: { x: 0, y: 0, width: size, height: size }
	});
	console.log(`static/icons/${target} (${size}×${size})`);
}
await browser.close();
