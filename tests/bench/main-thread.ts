// The browser's main-thread tasks while a page loads (issue 9: total blocking time), from a
// Chromium trace at full CPU speed: the figure Lighthouse's simulation multiplies by 4. Fewer and
// shorter tasks are what a lower TBT needs; unlike Lighthouse's score, this hardly depends on
// what else the machine is doing (still, the median of several runs counts).
import { readFileSync, rmSync } from 'node:fs';
import type { Browser } from '@playwright/test';

export interface MainThread {
	/** All tasks on the page's main thread, load to network idle plus one second. */
	busyMs: number;
	longestMs: number;
	/** Lighthouse's mobile arithmetic on these tasks: Σ max(0, 4 × duration − 50 ms). */
	blockingAt4xMs: number;
}

interface TraceEvent {
	name: string;
	ph: string;
	pid: number;
	tid: number;
	dur?: number;
	args?: { name?: string };
}

export async function mainThread(browser: Browser, url: string): Promise<MainThread> {
	const context = await browser.newContext({
		viewport: { width: 412, height: 823 },
		isMobile: true,
		hasTouch: true,
		locale: 'en-GB'
	});
	const page = await context.newPage();
	const file = `bench-results/trace-${process.pid}.json`;
	try {
		await browser.startTracing(page, { path: file, categories: ['devtools.timeline'] });
		await page.goto(url, { waitUntil: 'networkidle' });
		await page.waitForTimeout(1000);
		await browser.stopTracing();
		const { traceEvents } = JSON.parse(readFileSync(file, 'utf8')) as {
			traceEvents: TraceEvent[];
		};
		// The renderer that parsed this page's HTML; its main thread.
		const parse = traceEvents.find((e) => e.name === 'ParseHTML');
		const main = traceEvents.find(
			(e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === parse?.pid
		);
		const tasks = traceEvents
			.filter(
				(e) => e.name === 'RunTask' && e.ph === 'X' && e.pid === main?.pid && e.tid === main?.tid
			)
			.map((e) => (e.dur ?? 0) / 1000);
		return {
			busyMs: Math.round(tasks.reduce((a, b) => a + b, 0)),
			longestMs: Math.round(Math.max(0, ...tasks)),
			blockingAt4xMs: Math.round(tasks.reduce((sum, d) => sum + Math.max(0, 4 * d - 50), 0))
		};
	} finally {
		rmSync(file, { force: true });
		await context.close();
	}
}
