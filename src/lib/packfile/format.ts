/**
 * The `.linlipack` file format, version 1 (docs/pack-format.md is the reference): one ZIP archive
 * holding the compiled pack (`meta.json`, one `<lang>.json` per language, `assets/*`), a manifest
 * with the size and SHA-256 of each of those files, and optionally an Ed25519 signature over the
 * manifest's bytes.
 *
 * Relative imports only: shared by the app, the server and the linli CLI.
 */
import * as v from 'valibot';
import { CONTENT_LANGUAGES, PACK_SCHEMA_VERSION } from '../shared/lesson.js';
import { ID_PATTERN, MAX_ID_LENGTH } from '../shared/pack-schema.js';

export const PACK_FILE_EXTENSION = '.linlipack';
/** The media type of a pack file (uploads, downloads, the web app manifest's file handler). */
export const PACK_FILE_MEDIA_TYPE = 'application/vnd.linli.pack+zip';

export const PACK_FORMAT = 'linli-pack';
export const PACK_FORMAT_VERSION = 1;
export const SIGNATURE_FORMAT = 'linli-pack-signature';
export const SIGNATURE_ALGORITHM = 'Ed25519';
/** The signing context: what is signed is this string, a 0x00 byte, then manifest.json's bytes. */
export const SIGNATURE_CONTEXT = 'linli.pack.manifest.v1';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'signature.json';
export const META_FILE = 'meta.json';

const MIB = 1024 * 1024;

/** Limits a reader enforces before it inflates anything (see docs/pack-format.md §5). */
export const PACK_FILE_LIMITS = {
	/** The .linlipack file itself. */
	archiveBytes: 25 * MIB,
	/** Entries in the archive, manifest and signature included. */
	entries: 2002,
	/** All entries once inflated. */
	expandedBytes: 64 * MIB,
	/** One entry once inflated (each asset is further held to 500 KB by the content check). */
	entryBytes: 16 * MIB,
	manifestBytes: 1 * MIB,
	signatureBytes: 4 * 1024
} as const;

/** The greatest inflated size an entry of that name may declare. */
export function entryLimit(name: string): number {
	if (name === MANIFEST_FILE) return PACK_FILE_LIMITS.manifestBytes;
	if (name === SIGNATURE_FILE) return PACK_FILE_LIMITS.signatureBytes;
	return PACK_FILE_LIMITS.entryBytes;
}

/** Pictures under assets/: the names the lesson renderer will show (lib/lessons/safe-url.ts). */
export const ASSET_ENTRY = /^assets\/[A-Za-z0-9][A-Za-z0-9._-]*\.(?:png|jpe?g|webp|gif|svg)$/i;
const LANGUAGE_ENTRY = new RegExp(`^(?:${CONTENT_LANGUAGES.join('|')})\\.json$`);

export type EntryKind = 'manifest' | 'signature' | 'meta' | 'language' | 'asset';

/** What an entry name is in a pack file; undefined for a name the format does not allow. */
export function entryKind(name: string): EntryKind | undefined {
	if (name === MANIFEST_FILE) return 'manifest';
	if (name === SIGNATURE_FILE) return 'signature';
	if (name === META_FILE) return 'meta';
	if (LANGUAGE_ENTRY.test(name)) return 'language';
	if (ASSET_ENTRY.test(name) && !name.includes('..')) return 'asset';
	return undefined;
}

/**
 * The problem with an entry's name, checked on the raw name before anything else: backslashes,
 * absolute paths, `..`, then anything outside the names the format allows.
 */
export function entryNameProblem(name: string): string | undefined {
	if (name.includes('\\')) return 'packfile.entry.backslash';
	if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'packfile.entry.absolute';
	if (name.split('/').includes('..')) return 'packfile.entry.traversal';
	if (!entryKind(name)) return 'packfile.entry.name';
	return undefined;
}

const Sha256Hex = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const Base64Url = (bytes: number) =>
	v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/), v.length(Math.ceil((bytes * 4) / 3)));

export const ManifestFileSchema = v.strictObject({
	path: v.pipe(
		v.string(),
		v.check((path) => {
			const kind = entryKind(path);
			return kind === 'meta' || kind === 'language' || kind === 'asset';
		})
	),
	size: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(PACK_FILE_LIMITS.entryBytes)),
	sha256: Sha256Hex
});

/** manifest.json: what the signature covers. */
export const ManifestSchema = v.strictObject({
	format: v.literal(PACK_FORMAT),
	formatVersion: v.literal(PACK_FORMAT_VERSION),
	schemaVersion: v.literal(PACK_SCHEMA_VERSION),
	id: v.pipe(v.string(), v.regex(ID_PATTERN), v.maxLength(MAX_ID_LENGTH)),
	version: v.pipe(v.string(), v.maxLength(64)),
	/** Who the pack says published it: a claim until a trusted key vouches for it. */
	publisher: v.strictObject({
		name: v.pipe(v.string(), v.maxLength(100)),
		url: v.optional(v.pipe(v.string(), v.maxLength(2000))),
		contact: v.optional(v.pipe(v.string(), v.maxLength(320)))
	}),
	languages: v.pipe(v.array(v.picklist(CONTENT_LANGUAGES)), v.minLength(1)),
	/** Lesson ids in reading order. */
	lessons: v.array(v.pipe(v.string(), v.regex(ID_PATTERN), v.maxLength(MAX_ID_LENGTH))),
	/** When this file was built (UTC, ISO 8601). */
	created: v.pipe(v.string(), v.isoTimestamp()),
	files: v.pipe(v.array(ManifestFileSchema), v.maxLength(PACK_FILE_LIMITS.entries))
});
export type PackManifest = v.InferOutput<typeof ManifestSchema>;
export type PackManifestFile = v.InferOutput<typeof ManifestFileSchema>;

/** signature.json: who signed the manifest and the signature itself. */
export const SignatureSchema = v.strictObject({
	format: v.literal(SIGNATURE_FORMAT),
	formatVersion: v.literal(PACK_FORMAT_VERSION),
	algorithm: v.literal(SIGNATURE_ALGORITHM),
	publicKey: Base64Url(32),
	fingerprint: Sha256Hex,
	signature: Base64Url(64)
});
export type PackSignatureFile = v.InferOutput<typeof SignatureSchema>;

/** A failure that ends reading a pack file: a problem code from the packcheck namespace. */
export class PackFileError extends Error {
	constructor(
		readonly code: string,
		readonly params: Record<string, string | number> = {}
	) {
		super(code);
	}
}
