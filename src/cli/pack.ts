import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Lang } from '../lib/i18n/languages';
import { formatProblem } from '../lib/content/problems';
import { relaxForDraft } from '../lib/content/draft';
import { compileContent, compileDirs } from '../lib/content/node/check-content';
import { emitPacks } from '../lib/content/node/emit';
import type { CompiledPack } from '../lib/content/compile-pack';
import { catalog } from './messages';

const SUMMARY: Record<Lang, (errors: number, warnings: number, packs: number) => string> = {
	en: (e, w, p) => `${p} pack(s) checked: ${e} error(s), ${w} warning(s)`,
	'zh-Hant': (e, w, p) => `已檢查 ${p} 個課程包：${e} 個錯誤，${w} 個警告`,
	'zh-Hans': (e, w, p) => `已检查 ${p} 个课程包：${e} 个错误，${w} 个警告`
};

/** A pack folder (has pack.json) or a content folder holding pack folders. */
async function compileTargets(targets: string[]): Promise<CompiledPack[]> {
	const dirs: string[] = [];
	const packs: CompiledPack[] = [];
	for (const target of targets) {
		const dir = resolve(target);
		if (!existsSync(dir)) throw new UsageError(`${target}: no such folder`);
		if (existsSync(join(dir, 'pack.json'))) dirs.push(dir);
		else packs.push(...(await compileContent(dir)));
	}
	if (dirs.length) packs.push(...(await compileDirs(dirs)));
	return packs;
}

export class UsageError extends Error {}

/** Prints every problem; returns the number of errors. */
export function report(
	packs: CompiledPack[],
	lang: Lang,
	out: (line: string) => void = console.log
): number {
	const messages = catalog(lang);
	let errors = 0;
	let warnings = 0;
	for (const pack of packs) {
		for (const problem of pack.problems.sorted()) {
			out(formatProblem(problem, messages));
			if (problem.severity === 'error') errors++;
			else warnings++;
		}
	}
	out(SUMMARY[lang](errors, warnings, packs.length));
	return errors;
}

/** Checks packs; with `draft`, what only a published pack needs is a warning (see draft.ts). */
export async function packCheck(
	targets: string[],
	lang: Lang,
	{ draft = false }: { draft?: boolean } = {}
): Promise<number> {
	if (targets.length === 0)
		throw new UsageError('pack check needs a folder: linli pack check <dir>');
	const packs = await compileTargets(targets);
	if (draft) for (const pack of packs) relaxForDraft(pack.problems);
	return report(packs, lang) > 0 ? 1 : 0;
}

export async function packBuild(contentDir: string, outDir: string, lang: Lang): Promise<number> {
	const packs = await compileTargets([contentDir]);
	const errors = report(packs, lang);
	if (errors > 0) return 1;
	const emitted = await emitPacks(resolve(outDir), packs);
	for (const pack of emitted) {
		console.log(
			`${pack.id}: ${(pack.gzipBytes / 1024).toFixed(1)} KB gzipped, ${pack.files.length} files`
		);
	}
	return 0;
}
