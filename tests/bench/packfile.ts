// Pack files (issue 11, phase A): building a 100-lesson pack in three languages (≤ 5 s), and
// verifying and reading a 5 MB signed pack file in Node (WebCrypto, and the noble fallback).
// Importing that file in Chromium through the catalogue's "Open a pack file" (verify and store in
// the installed-packs cache, ≤ 2 s) needs the built app (npm run build).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { chromiumPath } from '../support/chromium-path.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { starterFiles } from '../../src/cli/starter';
import { compileDirs } from '../../src/lib/content/node/check-content';
import { buildPackFile } from '../../src/lib/packfile/build';
import { openPackFile } from '../../src/lib/packfile/open';
import { generateKeyPair, useEd25519Backend } from '../../src/lib/shared/crypto/index';
import type { ContentLang } from '../../src/lib/shared/lesson';
import { bigPng } from '../unit/pack-fixtures';
import { kb, ms, percentile, report, save, startApp, type Row } from './lib';

const IMPORT_PORT = 4302;

/**
 * Opens the file on the catalogue page as a resident would and times checking it (until the
 * outcome shows) plus storing it (from "Install" until "installed"); the median of three.
 */
async function importInChromium(path: string): Promise<number> {
	const stop = await startApp(IMPORT_PORT);
	const browser = await chromium.launch({ executablePath: chromiumPath() });
	try {
		const page = await browser.newPage();
		await page.goto(`http://127.0.0.1:${IMPORT_PORT}/lessons/catalogue`);
		await page.evaluate(() => navigator.serviceWorker.ready);
		await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
		const times: number[] = [];
		for (let i = 0; i < 3; i++) {
			const result = page.getByTestId('open-result');
			const started = performance.now();
			await page.locator('#pack-file').setInputFiles(path);
			await result.getByTestId('outcome').waitFor({ timeout: 60_000 });
			const checked = performance.now() - started;
			await result.getByRole('checkbox').check();
			const install = performance.now();
			await result.getByRole('button', { name: 'Install' }).click();
			await result.getByText('is installed and works offline').waitFor({ timeout: 60_000 });
			times.push(checked + performance.now() - install);
		}
		return percentile(
			times.sort((a, b) => a - b),
			50
		);
	} finally {
		await browser.close();
		await stop();
	}
}

const LANGUAGES: ContentLang[] = ['en', 'zh-Hant', 'zh-Hans'];
const ALT: Record<ContentLang, string> = {
	en: 'A picture',
	'zh-Hant': '一張圖片',
	'zh-Hans': '一张图片'
};

/** A pack folder of `count` lessons in three languages, the first `pictures` with a 450 KB PNG. */
async function writePack(dir: string, count: number, pictures: number) {
	const starter = starterFiles({ id: 'bench', languages: LANGUAGES, date: '2026-01-01' });
	await writeFile(join(dir, 'pack.json'), starter.get('pack.json')!);
	await rm(join(dir, 'assets'), { recursive: true, force: true });
	if (pictures > 0) await mkdir(join(dir, 'assets'));
	for (let n = 1; n <= count; n++) {
		for (const lang of LANGUAGES) {
			const template = starter.get(`01-start-here.${lang}.md`)!;
			const [front, body] = template.split(/\n---\n/, 2) as [string, string];
			const paragraphs = body.split('\n\n').slice(0, 2).join('\n\n');
			const picture = n <= pictures ? `\n\n![${ALT[lang]} ${n}](assets/pic-${n}.png)\n` : '';
			const lesson = `${front
				.replace('id: start-here', `id: lesson-${n}`)
				.replace('order: 1', `order: ${n}`)
				.replace(
					/title: (.*)/,
					`title: $1 ${n}`
				)}\n---\n${paragraphs}\n\n${paragraphs}${picture}\n${body
				.replace('id: before-publishing', `id: list-${n}`)
				.replace('id: start-here-quiz', `id: quiz-${n}`)}`;
			await writeFile(join(dir, `${String(n).padStart(3, '0')}-lesson.${lang}.md`), lesson);
		}
		if (n <= pictures) await writeFile(join(dir, `assets/pic-${n}.png`), bigPng(450 * 1024 + n));
	}
}

export async function benchPackFile(): Promise<boolean> {
	const rows: Row[] = [];
	const root = await mkdtemp(join(tmpdir(), 'linli-bench-pack-'));
	try {
		// Building: check and compile the sources, then write the .linlipack (what `pack build` does).
		const hundred = join(root, 'hundred');
		await mkdir(hundred);
		await writePack(hundred, 100, 0);
		const builds: number[] = [];
		let size = 0;
		for (let i = 0; i < 3; i++) {
			const started = performance.now();
			const [pack] = await compileDirs([hundred]);
			if (pack?.problems.errors.length) throw new Error('the bench pack has errors');
			size = (await buildPackFile(pack!)).length;
			builds.push(performance.now() - started);
		}
		const build = percentile(
			[...builds].sort((a, b) => a - b),
			50
		);
		rows.push({
			name: `building a 100-lesson pack, 3 languages (${kb(size)}), median of 3`,
			value: ms(build),
			budget: '≤ 5000 ms',
			pass: build <= 5000
		});

		// Verifying and reading: a signed 5 MB file, with each Ed25519 implementation.
		const big = join(root, 'big');
		await mkdir(big);
		await writePack(big, 20, 11);
		const [pack] = await compileDirs([big]);
		const key = await generateKeyPair();
		const file = await buildPackFile(pack!, { privateKey: key.privateKey });
		const result: Record<string, number> = {};
		for (const backend of ['webcrypto', 'noble'] as const) {
			useEd25519Backend(backend);
			const times: number[] = [];
			for (let i = 0; i < 5; i++) {
				const started = performance.now();
				const opened = await openPackFile(file);
				times.push(performance.now() - started);
				if (!opened.ok || opened.signature.status !== 'valid')
					throw new Error('the bench file is refused');
			}
			result[backend] = percentile(
				times.sort((a, b) => a - b),
				50
			);
		}
		useEd25519Backend(undefined);
		const bigPath = join(root, 'big.linlipack');
		await writeFile(bigPath, file);
		const chromiumImport = await importInChromium(bigPath);
		rows.push({
			name: `importing a ${(file.length / 1024 / 1024).toFixed(1)} MB signed pack in Chromium (verify and store), median of 3`,
			value: ms(chromiumImport),
			budget: '≤ 2000 ms',
			pass: chromiumImport <= 2000
		});
		rows.push({
			name: `verifying and reading a ${(file.length / 1024 / 1024).toFixed(1)} MB signed pack (Node, WebCrypto)`,
			value: ms(result.webcrypto!),
			budget: '≤ 2000 ms',
			pass: result.webcrypto! <= 2000
		});
		rows.push({
			name: '… the same with the @noble/ed25519 fallback',
			value: ms(result.noble!),
			budget: '≤ 2000 ms',
			pass: result.noble! <= 2000
		});
		save('packfile', {
			buildMs: builds,
			packBytes: size,
			bigFileBytes: file.length,
			openMs: result,
			chromiumImportMs: chromiumImport
		});
	} finally {
		await rm(root, { recursive: true, force: true });
	}
	return report('Pack files (issue 11)', rows);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	process.exit((await benchPackFile()) ? 0 : 1);
}
