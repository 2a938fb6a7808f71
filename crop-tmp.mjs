// Crops a tall screenshot into viewable pieces, with Chromium (no ImageMagick here).
import { chromium } from '@playwright/test';
const [src, out, top, height, width] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
const fs = await import('node:fs');
const data = fs.readFileSync(src).toString('base64');
await page.setContent(`<body style="margin:0"><img src="data:image/png;base64,${data}" style="display:block;margin-top:-${top}px;width:${width}px"></body>`);
await page.screenshot({ path: out });
await browser.close();
