/**
 * Making and signing .linlipack files (docs/pack-format.md). Building is reproducible: the same
 * compiled pack and `created` time give the same bytes, and so does signing them with the same key
 * (Ed25519 signatures are deterministic).
 *
 * Relative imports only: shared by the app, the server and the linli CLI.
 */
import {
	fingerprint,
	publicKeyOf,
	sha256Hex,
	signMessage,
	toBase64Url,
	utf8
} from '../shared/crypto/index.js';
import { PACK_SCHEMA_VERSION } from '../shared/lesson.js';
import type { CompiledPack } from '../content/compile-pack.js';
import {
	MANIFEST_FILE,
	PACK_FORMAT,
	PACK_FORMAT_VERSION,
	SIGNATURE_ALGORITHM,
	SIGNATURE_CONTEXT,
	SIGNATURE_FILE,
	SIGNATURE_FORMAT,
	type PackManifest,
	type PackSignatureFile
} from './format.js';
import { openPackFile, type OpenedPackFile } from './open.js';
import { writeZip } from './zip-write.js';

/** JSON files in the archive: tab-indented, one trailing newline (what is hashed and signed). */
const jsonBytes = (value: unknown) => utf8(`${JSON.stringify(value, null, '\t')}\n`);

/**
 * The content files of a compiled pack: meta.json, <lang>.json as the build emits them
 * (lib/content/node/emit.ts), and the assets.
 */
export function packContentFiles(pack: CompiledPack): Map<string, Uint8Array> {
	if (!pack.meta || pack.problems.errors.length > 0) {
		throw new Error(`${pack.label} has errors: it cannot be packed`);
	}
	const files = new Map<string, Uint8Array>();
	files.set('meta.json', utf8(JSON.stringify(pack.meta)));
	for (const language of pack.languages) {
		files.set(`${language.lang}.json`, utf8(JSON.stringify(language)));
	}
	for (const [name, bytes] of pack.assets) files.set(name, bytes);
	return files;
}

/** The default `created` time: the date of the pack's newest changelog entry, at 00:00 UTC. */
export function defaultCreated(pack: CompiledPack): string {
	const date = pack.meta?.changelog[0]?.date ?? '1980-01-01';
	return `${date}T00:00:00Z`;
}

/** Writes the archive: manifest.json, signature.json when signed, then the files in manifest order. */
export function writePackArchive(
	manifestBytes: Uint8Array,
	manifest: Pick<PackManifest, 'files'>,
	files: Map<string, Uint8Array>,
	signatureBytes?: Uint8Array
): Uint8Array {
	return writeZip([
		{ name: MANIFEST_FILE, data: manifestBytes },
		...(signatureBytes ? [{ name: SIGNATURE_FILE, data: signatureBytes }] : []),
		...manifest.files.map((file) => ({ name: file.path, data: files.get(file.path)! }))
	]);
}

async function signatureFile(privateKey: Uint8Array, manifestBytes: Uint8Array) {
	const publicKey = await publicKeyOf(privateKey);
	const signature = await signMessage(privateKey, SIGNATURE_CONTEXT, manifestBytes);
	const file: PackSignatureFile = {
		format: SIGNATURE_FORMAT,
		formatVersion: PACK_FORMAT_VERSION,
		algorithm: SIGNATURE_ALGORITHM,
		publicKey: toBase64Url(publicKey),
		fingerprint: await fingerprint(publicKey),
		signature: toBase64Url(signature)
	};
	return { bytes: jsonBytes(file), fingerprint: file.fingerprint };
}

export interface BuildOptions {
	/** When the file is made (ISO 8601, UTC); default `defaultCreated`. */
	created?: string;
	/** Sign with this private key (32-byte seed) straight away. */
	privateKey?: Uint8Array;
}

/** A .linlipack of a compiled pack that has no errors. */
export async function buildPackFile(
	pack: CompiledPack,
	options: BuildOptions = {}
): Promise<Uint8Array> {
	const files = packContentFiles(pack);
	const meta = pack.meta!;
	const listing: PackManifest['files'] = [];
	for (const path of [...files.keys()].sort()) {
		const bytes = files.get(path)!;
		listing.push({ path, size: bytes.length, sha256: await sha256Hex(bytes) });
	}
	const manifest: PackManifest = {
		format: PACK_FORMAT,
		formatVersion: PACK_FORMAT_VERSION,
		schemaVersion: PACK_SCHEMA_VERSION,
		id: meta.id,
		version: meta.version,
		publisher: meta.publisher,
		languages: meta.languages,
		lessons: meta.lessons.map((lesson) => lesson.id),
		created: options.created ?? defaultCreated(pack),
		files: listing
	};
	const manifestBytes = jsonBytes(manifest);
	const signature = options.privateKey
		? (await signatureFile(options.privateKey, manifestBytes)).bytes
		: undefined;
	return writePackArchive(manifestBytes, manifest, files, signature);
}

export interface SignResult {
	/** The signed file, or undefined when the file was refused (see `opened.problems`). */
	bytes?: Uint8Array;
	/** The file as it was before signing. */
	opened: OpenedPackFile;
	fingerprint?: string;
	/** The fingerprint of the signature this one replaced, if the file was signed already. */
	replaced?: string;
}

/**
 * Signs a pack file, replacing any valid signature it had. A file with any error (an invalid
 * signature included: the manifest changed after someone signed it) is refused: rebuild it.
 */
export async function signPackFile(
	bytes: Uint8Array,
	privateKey: Uint8Array,
	options: { label?: string } = {}
): Promise<SignResult> {
	const opened = await openPackFile(bytes, options);
	if (!opened.ok || !opened.manifest || !opened.manifestBytes || !opened.files) return { opened };
	const signature = await signatureFile(privateKey, opened.manifestBytes);
	return {
		opened,
		bytes: writePackArchive(opened.manifestBytes, opened.manifest, opened.files, signature.bytes),
		fingerprint: signature.fingerprint,
		...(opened.signature.status === 'valid' ? { replaced: opened.signature.fingerprint } : {})
	};
}
