import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Lang } from '../lib/i18n/languages';
import { formatProblem, type Problem } from '../lib/content/problems';
import { relaxForDraft } from '../lib/content/draft';
import { compileContent, compileDirs } from '../lib/content/node/check-content';
import { emitPacks } from '../lib/content/node/emit';
import type { CompiledPack } from '../lib/content/compile-pack';
import { buildPackFile } from '../lib/packfile/build';
import { PACK_FILE_EXTENSION } from '../lib/packfile/format';
import { fingerprint, formatFingerprint, publicKeyOf } from '../lib/shared/crypto/index';
import { EXIT } from './exit';
import { writeFileAtomic } from './files';
import { catalog, list, t } from './messages';

const SUMMARY: Record<Lang, (errors: number, warnings: number, packs: number) => string> = {
	en: (e, w, p) => `${p} pack(s) checked: ${e} error(s), ${w} warning(s)`,
	'zh-Hant': (e, w, p) => `已檢查 ${p} 個課程包：${e} 個錯誤，${w} 個警告`,
	'zh-Hans': (e, w, p) => `已检查 ${p} 个课程包：${e} 个错误，${w} 个警告`
};

/** A pack folder (has pack.json) or a content folder holding pack folders. */
async function compileTargets(targets: string[], lang: Lang = 'en'): Promise<CompiledPack[]> {
	const dirs: string[] = [];
	const packs: CompiledPack[] = [];
	for (const target of targets) {
		const dir = resolve(target);
		if (!existsSync(dir)) throw new UsageError(t(lang, 'usage.noFolder', { path: target }));
		if (existsSync(join(dir, 'pack.json'))) dirs.push(dir);
		else packs.push(...(await compileContent(dir)));
	}
	if (dirs.length) packs.push(...(await compileDirs(dirs)));
	return packs;
}

export class UsageError extends Error {}

/** Prints problems, each as file:line:column  message  (fix); returns the number of errors. */
export function printProblems(
	problems: Problem[],
	lang: Lang,
	out: (line: string) => void = console.log
): number {
	const messages = catalog(lang);
	for (const problem of problems) out(formatProblem(problem, messages));
	return problems.filter((p) => p.severity === 'error').length;
}

/** Prints every problem; returns the number of errors. */
export function report(
	packs: CompiledPack[],
	lang: Lang,
	out: (line: string) => void = console.log
): number {
	const problems = packs.flatMap((pack) => pack.problems.sorted());
	const errors = printProblems(problems, lang, out);
	out(SUMMARY[lang](errors, problems.length - errors, packs.length));
	return errors;
}

/** Checks packs; with `draft`, what only a published pack needs is a warning (see draft.ts). */
export async function packCheck(
	targets: string[],
	lang: Lang,
	{ draft = false }: { draft?: boolean } = {}
): Promise<number> {
	if (targets.length === 0) {
		throw new UsageError(
			t(lang, 'usage.needDir', { command: 'pack check', usage: 'linli pack check <dir>' })
		);
	}
	const packs = await compileTargets(targets, lang);
	if (draft) for (const pack of packs) relaxForDraft(pack.problems);
	return report(packs, lang) > 0 ? EXIT.problems : EXIT.ok;
}

/** `pack build --out`: compiles every pack of a content folder for the app (static/packs). */
export async function packBuild(contentDir: string, outDir: string, lang: Lang): Promise<number> {
	const packs = await compileTargets([contentDir], lang);
	const errors = report(packs, lang);
	if (errors > 0) return EXIT.problems;
	const emitted = await emitPacks(resolve(outDir), packs);
	for (const pack of emitted) {
		console.log(
			t(lang, 'build.emitted', {
				id: pack.id,
				kb: (pack.gzipBytes / 1024).toFixed(1),
				files: pack.files.length
			})
		);
	}
	return EXIT.ok;
}

export interface PackFileBuildOptions {
	output?: string;
	privateKey?: Uint8Array;
	created?: string;
}

/** `pack build <dir> -o <file>`: checks one pack and writes it as a .linlipack. */
export async function packBuildFile(
	dir: string,
	options: PackFileBuildOptions,
	lang: Lang
): Promise<number> {
	if (!existsSync(resolve(dir))) throw new UsageError(t(lang, 'usage.noFolder', { path: dir }));
	if (!existsSync(join(resolve(dir), 'pack.json'))) {
		throw new UsageError(t(lang, 'usage.notPack', { path: dir }));
	}
	const packs = await compileTargets([dir], lang);
	const errors = report(packs, lang);
	const pack = packs[0];
	if (errors > 0 || !pack?.meta) {
		console.log(t(lang, 'build.refused'));
		return EXIT.problems;
	}
	const output = options.output ?? `${pack.meta.id}-${pack.meta.version}${PACK_FILE_EXTENSION}`;
	const bytes = await buildPackFile(pack, {
		...(options.created ? { created: options.created } : {}),
		...(options.privateKey ? { privateKey: options.privateKey } : {})
	});
	await writeFileAtomic(output, bytes, lang);
	console.log(
		t(lang, 'build.done', {
			file: output,
			id: pack.meta.id,
			version: pack.meta.version,
			lessons: pack.meta.lessons.length,
			languages: list(lang, pack.meta.languages),
			kb: (bytes.length / 1024).toFixed(1)
		})
	);
	if (options.privateKey) {
		const print = await fingerprint(await publicKeyOf(options.privateKey));
		console.log(t(lang, 'build.signed', { fingerprint: formatFingerprint(print) }));
	} else {
		console.log(t(lang, 'build.unsigned', { file: output }));
	}
	return EXIT.ok;
}
