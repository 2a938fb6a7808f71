/** `linli key create`, and reading a private key file for `pack sign` / `pack build --key`. */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import type { Lang } from '../lib/i18n/languages';
import {
	fingerprint,
	formatFingerprint,
	generateKeyPair,
	privateKeyFromPem,
	privateKeyToPem,
	publicKeyToPem,
	toBase64Url
} from '../lib/shared/crypto/index';
import { EXIT } from './exit';
import { t } from './messages';
import { UsageError } from './pack';

export const DEFAULT_KEY_FILE = 'linli-signing-key.pem';

/** The public key file that goes with a private key file: key.pem → key.pub.pem. */
export function publicKeyPath(privatePath: string): string {
	return `${privatePath.replace(/\.pem$/i, '')}.pub.pem`;
}

/** Creates a key pair. The private key is written with mode 0600 and never printed. */
export async function keyCreate(out: string | undefined, lang: Lang): Promise<number> {
	const privatePath = out ?? DEFAULT_KEY_FILE;
	const publicPath = publicKeyPath(privatePath);
	for (const path of [privatePath, publicPath]) {
		if (existsSync(path)) throw new UsageError(t(lang, 'usage.exists', { path }));
	}
	const pair = await generateKeyPair();
	// 'wx' as well: fail rather than overwrite, so an existing key is never lost.
	for (const [path, text, mode] of [
		[privatePath, privateKeyToPem(pair.privateKey), 0o600],
		[publicPath, publicKeyToPem(pair.publicKey), 0o644]
	] as const) {
		try {
			await writeFile(path, text, { flag: 'wx', mode });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
				throw new UsageError(t(lang, 'usage.exists', { path }));
			}
			throw error;
		}
	}
	const print = await fingerprint(pair.publicKey);
	console.log(t(lang, 'key.created'));
	console.log(t(lang, 'key.private', { path: privatePath }));
	console.log(t(lang, 'key.public', { path: publicPath }));
	console.log(t(lang, 'key.publicKey', { key: toBase64Url(pair.publicKey) }));
	console.log(t(lang, 'key.fingerprint', { fingerprint: formatFingerprint(print) }));
	return EXIT.ok;
}

/** Reads a private key file (PKCS#8 PEM); anything else is a usage error. */
export async function readPrivateKey(path: string, lang: Lang): Promise<Uint8Array> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch {
		throw new UsageError(t(lang, 'usage.noFile', { path }));
	}
	const key = privateKeyFromPem(text);
	if (!key) throw new UsageError(t(lang, 'usage.badKey', { path }));
	return key;
}
