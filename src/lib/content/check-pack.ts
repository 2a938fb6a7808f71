/**
 * The complete check of one pack: the compiler's checks (format, Markdown, quizzes, translations,
 * placeholders, revised lessons) and the language checks that read whole lines of the Chinese
 * texts (bracketed duplicates after the Hong Kong/Macau word swap; a script's characters in the
 * other script). `linli pack check`, the build and the server's upload check all call this.
 * Relative imports only (shared with the CLI).
 */
import { compilePack, type CompiledPack, type PackFiles } from './compile-pack.js';
import { checkRegionalDuplicates } from './regional-duplicates.js';
import { checkScripts } from './script-check.js';

const decoder = new TextDecoder('utf-8', { fatal: false });
const CHINESE = /^(pack\.json|[^/]+\.zh-Han[ts]\.md)$/;

export async function checkPack(files: PackFiles, label: string): Promise<CompiledPack> {
	const pack = compilePack(files, label);
	const texts = new Map<string, string>();
	for (const [name, bytes] of files) {
		if (CHINESE.test(name)) texts.set(name, decoder.decode(bytes).replace(/^\uFEFF/, ''));
	}
	checkRegionalDuplicates(texts, label, pack.problems);
	await checkScripts(texts, label, pack.problems);
	return pack;
}
