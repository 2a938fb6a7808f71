// Page weight as a browser downloads it (issue 9): on a first visit (a new profile, no service
// worker yet), the scripts a page fetches before its first paint and by network idle.
import type { Browser } from '@playwright/test';

export interface ScriptLoad {
	/** Path on the server, e.g. /_app/immutable/chunks/x.js */
	path: string;
	/** Bytes on the wire (Resource Timing's encodedBodySize: compressed as the server sent it). */
	wire: number;
	/** Its response had ended before the first contentful paint. */
	beforePaint: boolean;
}

export interface PageWeight {
	path: string;
	fcp: number;
	scripts: ScriptLoad[];
}

// A string, not a function: tsx would wrap named helpers in a function the page does not have.
const MEASURE = `(() => {
	const paint = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
	const fcp = paint ? paint.startTime : Infinity;
	const scripts = performance.getEntriesByType('resource')
		.map((e) => ({ e, path: new URL(e.name).pathname }))
		.filter(({ path }) => path.endsWith('.js') && !path.endsWith('service-worker.js'));
	return {
		fcp: Math.round(fcp),
		scripts: scripts.map(({ e, path }) => ({
			path,
			wire: e.encodedBodySize || e.transferSize,
			beforePaint: e.responseEnd <= fcp
		}))
	};
})()`;

/** Loads a page in a fresh context, waits for network idle and the app's idle-time work. */
export async function pageWeight(
	browser: Browser,
	base: string,
	path: string,
	locale = 'en'
): Promise<PageWeight> {
	const context = await browser.newContext({ locale, serviceWorkers: 'allow' });
	const page = await context.newPage();
	try {
		await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
		// Work the app defers to idle time (requestIdleCallback, its first sync after 3 s) starts
		// after the load event: give it time, then wait for the network to settle again.
		await page.waitForTimeout(5000);
		await page.waitForLoadState('networkidle');
		const measured = (await page.evaluate(MEASURE)) as Omit<PageWeight, 'path'>;
		return { path, ...measured };
	} finally {
		await context.close();
	}
}
