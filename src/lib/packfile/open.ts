/**
 * Opening a .linlipack: every check of docs/pack-format.md §6, in its order, with one problem code
 * per failure (the packcheck namespace has their messages in every language). Nothing is trusted
 * before it is checked: limits before inflating, names before reading, the signature over the
 * manifest's bytes before the manifest is believed, hashes before content is parsed, and the
 * content check before anything is returned as a pack.
 *
 * Relative imports only: shared by the app, the server and the linli CLI.
 */
import * as v from 'valibot';
import { fingerprint, fromBase64Url, sha256Hex, verifyMessage } from '../shared/crypto/index.js';
import { PACK_SCHEMA_VERSION, type CompiledPackLanguage } from '../shared/lesson.js';
import { checkCompiledPack, type CompiledPackMeta } from '../content/check-compiled.js';
import { lessonSummaries, sameJson } from '../content/compiled-lessons.js';
import { ProblemList, START, type Problem } from '../content/problems.js';
import {
	entryNameProblem,
	MANIFEST_FILE,
	ManifestSchema,
	PACK_FORMAT,
	PACK_FORMAT_VERSION,
	PackFileError,
	SIGNATURE_CONTEXT,
	SIGNATURE_FILE,
	SignatureSchema,
	type PackManifest
} from './format.js';
import { readZipDirectory, readZipEntry, type ZipEntry } from './zip-read.js';

/** What the signature says: not signed, signed and holding, or there but not holding. */
export type SignatureCheck =
	| { status: 'unsigned' }
	| { status: 'valid'; publicKey: Uint8Array; fingerprint: string }
	| { status: 'invalid'; fingerprint?: string };

export interface OpenedPack {
	meta: CompiledPackMeta;
	/** Lessons in reading order, search text recomputed from the blocks. */
	languages: CompiledPackLanguage[];
	assets: Map<string, Uint8Array>;
}

export interface OpenedPackFile {
	/** True when there is no error: every hash matches, the content passes, a signature holds. */
	ok: boolean;
	/** Errors and warnings, sorted; codes are in the packcheck namespace. */
	problems: Problem[];
	signature: SignatureCheck;
	/** SHA-256 of the whole file, in hex: the same file always has the same one. */
	sha256: string;
	/** Set once the manifest has been read and matches its schema (even if later checks fail). */
	manifest?: PackManifest;
	/** manifest.json as stored: the bytes the signature covers. */
	manifestBytes?: Uint8Array;
	/** Every content file by its name, hash-checked: only when `ok`. */
	files?: Map<string, Uint8Array>;
	/** The checked pack: only when `ok`. */
	pack?: OpenedPack;
}

export interface OpenOptions {
	/** How problems name the file (default "pack"). */
	label?: string;
	/** Refuse an unsigned file (packfile.signature.missing). */
	requireSignature?: boolean;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

const isRecord = (value: unknown): value is Record<string, unknown> =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

function parseJson(bytes: Uint8Array): unknown {
	try {
		return JSON.parse(decoder.decode(bytes));
	} catch {
		return undefined;
	}
}

async function checkSignature(
	bytes: Uint8Array | undefined,
	manifestBytes: Uint8Array,
	file: string,
	problems: ProblemList
): Promise<SignatureCheck> {
	const data = bytes && parseJson(bytes);
	const parsed = v.safeParse(SignatureSchema, data);
	const publicKey = parsed.success ? fromBase64Url(parsed.output.publicKey) : undefined;
	const signature = parsed.success ? fromBase64Url(parsed.output.signature) : undefined;
	if (!parsed.success || !publicKey || publicKey.length !== 32 || signature?.length !== 64) {
		problems.error('packfile.signature.malformed', file);
		return { status: 'invalid' };
	}
	const actual = await fingerprint(publicKey);
	if (actual !== parsed.output.fingerprint) {
		problems.error('packfile.signature.malformed', file);
		return { status: 'invalid' };
	}
	if (!(await verifyMessage(publicKey, SIGNATURE_CONTEXT, manifestBytes, signature))) {
		problems.error('packfile.signature.invalid', file, START, { fingerprint: actual });
		return { status: 'invalid', fingerprint: actual };
	}
	return { status: 'valid', publicKey, fingerprint: actual };
}

/** Reads and verifies a pack file. Never throws for bad input: every failure is a problem. */
export async function openPackFile(
	bytes: Uint8Array,
	options: OpenOptions = {}
): Promise<OpenedPackFile> {
	const label = options.label ?? 'pack';
	const problems = new ProblemList();
	const result: OpenedPackFile = {
		ok: false,
		problems: [],
		signature: { status: 'unsigned' },
		sha256: await sha256Hex(bytes)
	};
	const done = () => {
		result.problems = problems.sorted();
		result.ok = problems.errors.length === 0;
		if (!result.ok) {
			delete result.files;
			delete result.pack;
		}
		return result;
	};
	const fail = (error: unknown, file = label) => {
		if (!(error instanceof PackFileError)) throw error;
		problems.error(error.code, file, START, error.params);
	};

	// 1. The archive's directory, every limit checked before anything is inflated.
	let entries: ZipEntry[];
	try {
		entries = readZipDirectory(bytes);
	} catch (error) {
		fail(error);
		return done();
	}

	// 2. Entry names: no traversal, absolute or backslash paths, no duplicates, only known names.
	const seen = new Set<string>();
	for (const entry of entries) {
		const code = entryNameProblem(entry.name);
		if (code) problems.error(code, label, START, { name: entry.name.slice(0, 120) });
		const key = entry.name.toLowerCase();
		if (seen.has(key))
			problems.error('packfile.entry.duplicate', label, START, { name: entry.name });
		seen.add(key);
	}
	if (problems.errors.length > 0) return done();
	const byName = new Map(entries.map((entry) => [entry.name, entry]));
	const read = (entry: ZipEntry) => {
		try {
			return readZipEntry(bytes, entry);
		} catch (error) {
			fail(error, `${label}/${entry.name}`);
			return undefined;
		}
	};

	// 3. The manifest's bytes, and the signature over them.
	const manifestEntry = byName.get(MANIFEST_FILE);
	if (!manifestEntry) {
		problems.error('packfile.manifest.missing', label);
		return done();
	}
	const manifestBytes = read(manifestEntry);
	if (!manifestBytes) return done();
	result.manifestBytes = manifestBytes;
	const signatureEntry = byName.get(SIGNATURE_FILE);
	if (signatureEntry) {
		result.signature = await checkSignature(
			read(signatureEntry),
			manifestBytes,
			`${label}/${SIGNATURE_FILE}`,
			problems
		);
	} else if (options.requireSignature) {
		problems.error('packfile.signature.missing', label);
	}

	// 4. The manifest: format and schema versions first, so a newer file says so plainly.
	const manifestFile = `${label}/${MANIFEST_FILE}`;
	const data = parseJson(manifestBytes);
	if (!isRecord(data) || data.format !== PACK_FORMAT) {
		problems.error('packfile.manifest.invalid', manifestFile, START, { detail: 'format' });
		return done();
	}
	if (data.formatVersion !== PACK_FORMAT_VERSION) {
		problems.error('packfile.formatVersion', manifestFile, START, {
			found: String(data.formatVersion),
			supported: PACK_FORMAT_VERSION
		});
		return done();
	}
	if (data.schemaVersion !== PACK_SCHEMA_VERSION) {
		problems.error('packfile.schemaVersion', manifestFile, START, {
			found: String(data.schemaVersion),
			supported: PACK_SCHEMA_VERSION
		});
		return done();
	}
	const parsed = v.safeParse(ManifestSchema, data);
	if (!parsed.success) {
		const issue = parsed.issues[0];
		const where = (issue.path ?? []).map((item) => String(item.key)).join('.');
		problems.error('packfile.manifest.invalid', manifestFile, START, { detail: where || 'schema' });
		return done();
	}
	const manifest = parsed.output;
	result.manifest = manifest;

	// 5. The archive holds exactly the files the manifest lists.
	const listed = new Map<string, PackManifest['files'][number]>();
	for (const file of manifest.files) {
		if (listed.has(file.path)) {
			problems.error('packfile.manifest.invalid', manifestFile, START, { detail: file.path });
		}
		listed.set(file.path, file);
	}
	for (const entry of entries) {
		if (entry.name === MANIFEST_FILE || entry.name === SIGNATURE_FILE) continue;
		if (!listed.has(entry.name)) {
			problems.error('packfile.manifest.unlisted', label, START, { name: entry.name });
		}
	}
	for (const name of listed.keys()) {
		if (!byName.has(name)) problems.error('packfile.manifest.absent', label, START, { name });
	}
	if (problems.errors.length > 0) return done();

	// 6. Every file's size and SHA-256.
	const files = new Map<string, Uint8Array>();
	for (const file of manifest.files) {
		const entry = byName.get(file.path)!;
		const content = entry.size === file.size ? read(entry) : undefined;
		if (entry.size === file.size && !content) continue;
		if (!content || (await sha256Hex(content)) !== file.sha256) {
			problems.error('packfile.hash.mismatch', `${label}/${file.path}`, START, { name: file.path });
			continue;
		}
		files.set(file.path, content);
	}
	if (problems.errors.length > 0) return done();
	result.files = files;

	// 7. The content, with the checker's rules; then the manifest must describe that content.
	const checked = checkCompiledPack(files, label);
	problems.items.push(...checked.problems.items);
	const meta = checked.meta;
	if (meta) {
		const claims: [string, unknown, unknown][] = [
			['id', manifest.id, meta.id],
			['version', manifest.version, meta.version],
			['publisher', manifest.publisher, meta.publisher],
			['languages', manifest.languages, meta.languages],
			[
				'lessons',
				manifest.lessons,
				lessonSummaries(meta.languages, checked.languages).map((l) => l.id)
			]
		];
		for (const [field, claimed, actual] of claims) {
			if (!sameJson(claimed, actual)) {
				problems.error('packfile.manifest.mismatch', manifestFile, START, { field });
			}
		}
		result.pack = { meta, languages: checked.languages, assets: checked.assets };
	}
	return done();
}
