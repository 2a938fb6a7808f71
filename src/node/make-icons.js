// Renders the app icons (PNG) from the SVG sources in static/icons with Chromium.
// Run by hand after changing a source: node src/node/make-icons.js. The PNGs are committed.
import { readFile, writeFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { chromiumPath } from '../../tests/support/chromium-path.js';

/** @type {[string, string, number][]} */
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
	const svg = await readFile(new URL(`../../static/icons/${source}`, import.meta.url), 'utf8');
	await page.setViewportSize({ width: size, height: size });
	await page.setContent(
		`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`
	);
	await page.screenshot({
		path: new URL(`../../static/icons/${target}`, import.meta.url).pathname,
		omitBackground: true,
		clip: { x: 0, y: 0, width: size, height: size }
	});
	console.log(`static/icons/${target} (${size}×${size})`);
}
// favicon.ico: a 32×32 PNG inside an ICO container (browsers ask for /favicon.ico on their own).
{
	const svg = await readFile(new URL('../../static/icons/favicon.svg', import.meta.url), 'utf8');
	await page.setViewportSize({ width: 32, height: 32 });
	await page.setContent(
		`<html><body style="margin:0">${svg.replace('<svg ', '<svg width="32" height="32" ')}</body></html>`
	);
	const png = await page.screenshot({
		omitBackground: true,
		clip: { x: 0, y: 0, width: 32, height: 32 }
	});
	const header = Buffer.alloc(22);
	header.writeUInt16LE(0, 0); // reserved
	header.writeUInt16LE(1, 2); // icon
	header.writeUInt16LE(1, 4); // one image
	header.writeUInt8(32, 6);
	header.writeUInt8(32, 7);
	header.writeUInt16LE(1, 10); // planes
	header.writeUInt16LE(32, 12); // bits per pixel
	header.writeUInt32LE(png.length, 14);
	header.writeUInt32LE(22, 18);
	await writeFile(
		new URL('../../static/favicon.ico', import.meta.url),
		Buffer.concat([header, png])
	);
	console.log('static/favicon.ico (32×32)');
}
await browser.close();
