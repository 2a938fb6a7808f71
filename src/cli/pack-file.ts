/** `linli pack sign` and `linli pack verify`: the same checks a phone runs before installing. */
import { basename } from 'node:path';
import type { Lang } from '../lib/i18n/languages';
import { signPackFile } from '../lib/packfile/build';
import { openPackFile, type OpenedPackFile } from '../lib/packfile/open';
import { formatFingerprint } from '../lib/shared/crypto/index';
import { EXIT } from './exit';
import { readPackFileArg, writeFileAtomic } from './files';
import { readPrivateKey } from './key';
import { list, t } from './messages';
import { printProblems, UsageError } from './pack';

function needFile(file: string | undefined, command: string, usage: string, lang: Lang): string {
	if (!file) throw new UsageError(t(lang, 'usage.needFile', { command, usage }));
	return file;
}

/** What a verified (or refused) pack file says about itself. */
export function describePackFile(opened: OpenedPackFile, lang: Lang, out = console.log) {
	const manifest = opened.manifest;
	if (manifest) {
		out(
			t(lang, 'verify.pack', {
				id: manifest.id,
				version: manifest.version,
				created: manifest.created
			})
		);
		out(t(lang, 'verify.publisher', { name: manifest.publisher.name }));
		out(t(lang, 'verify.languages', { languages: list(lang, manifest.languages) }));
		out(
			t(lang, 'verify.lessons', {
				count: manifest.lessons.length,
				lessons: list(lang, manifest.lessons)
			})
		);
	}
	const signature = opened.signature;
	if (signature.status !== 'unsigned' && signature.fingerprint) {
		out(t(lang, 'verify.key', { fingerprint: formatFingerprint(signature.fingerprint) }));
	}
	out(t(lang, `verify.${signature.status}`));
}

export async function packVerify(file: string | undefined, lang: Lang): Promise<number> {
	const path = needFile(file, 'pack verify', 'linli pack verify <file>', lang);
	const bytes = await readPackFileArg(path, lang);
	const opened = await openPackFile(bytes, { label: basename(path) });
	describePackFile(opened, lang);
	const errors = printProblems(opened.problems, lang);
	if (!opened.ok) {
		console.log(t(lang, 'verify.failed', { file: path, errors }));
		return EXIT.problems;
	}
	console.log(t(lang, 'verify.ok', { file: path }));
	return opened.signature.status === 'valid' ? EXIT.ok : EXIT.unsigned;
}

export async function packSign(
	file: string | undefined,
	keyPath: string | undefined,
	output: string | undefined,
	lang: Lang
): Promise<number> {
	const path = needFile(file, 'pack sign', 'linli pack sign <file> --key <key.pem>', lang);
	if (!keyPath) throw new UsageError(t(lang, 'usage.needKey'));
	const privateKey = await readPrivateKey(keyPath, lang);
	const bytes = await readPackFileArg(path, lang);
	const signed = await signPackFile(bytes, privateKey, { label: basename(path) });
	printProblems(signed.opened.problems, lang);
	if (!signed.bytes || !signed.fingerprint) {
		console.log(t(lang, 'sign.refused', { file: path }));
		return EXIT.problems;
	}
	const target = output ?? path;
	await writeFileAtomic(target, signed.bytes, lang);
	console.log(
		t(lang, 'sign.done', { file: target, fingerprint: formatFingerprint(signed.fingerprint) })
	);
	if (signed.replaced && signed.replaced !== signed.fingerprint) {
		console.log(t(lang, 'sign.replaced', { fingerprint: formatFingerprint(signed.replaced) }));
	}
	return EXIT.ok;
}
