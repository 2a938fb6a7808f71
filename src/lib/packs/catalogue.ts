/**
 * The catalogue on the phone (issue 11): what the server lists (`GET /api/packs`, docs/pack-format.md
 * §8.1) and the built-in packs, merged with what is installed; downloading, updating, removing and
 * sharing packs. The last catalogue answer is kept on the device (its keys are what "verified"
 * means offline, its withdrawn versions and revoked keys what the phone refuses).
 */
import { database } from '$lib/db/db';
import type { PackIndex, PackMeta, PerLang, PackChange, ContentLang } from '$shared/lesson';
import { checkedTrust, KeyStore, type TrustedKey, type TrustSnapshot } from '$shared/signing';
import { writePackArchive } from '../packfile/build';
import { ManifestSchema, PACK_FILE_MEDIA_TYPE, PACK_FILE_EXTENSION } from '../packfile/format';
import * as v from 'valibot';
import { inspectPackFile, installOpenedPack, type WithdrawnVersion } from './import';
import { compareVersions } from './version';
import {
	installedPack,
	installedPacks,
	manifestUrl,
	removePack,
	signatureUrl,
	storedBytes,
	type InstalledPack
} from './store';
import { installBuiltinPack } from './builtin';

/** One entry of `GET /api/packs` (src/lib/server/publishing/store.ts CatalogueEntry). */
export interface CatalogueEntry {
	id: string;
	version: string;
	sha256: string;
	size: number;
	title: PerLang;
	description: PerLang;
	languages: ContentLang[];
	lessons: number;
	changelog: PackChange[];
	publisher: { name: string; fingerprint: string; verified: true };
	claimedPublisher: string;
	file: string;
}

export interface CatalogueAnswer {
	packs: CatalogueEntry[];
	withdrawn: WithdrawnVersion[];
	keys: TrustedKey[];
	revokedKeys: string[];
}

interface SavedCatalogue {
	answer: CatalogueAnswer;
	etag?: string;
	fetchedAt: number;
}

const CATALOGUE_KEY = 'packs:catalogue';

async function kv() {
	const db = await database();
	return {
		get: async (key: string) => (await db.kv.get(key))?.value,
		set: async (key: string, value: unknown) => {
			await db.kv.put({ key, value });
		}
	};
}

/** The keys this phone trusts for packs (the events issue keeps its own purpose). */
export async function packKeyStore(): Promise<KeyStore> {
	return new KeyStore(await kv(), 'packs');
}

export async function savedCatalogue(): Promise<SavedCatalogue | undefined> {
	return (await (await kv()).get(CATALOGUE_KEY)) as SavedCatalogue | undefined;
}

/**
 * The server's catalogue: asked again with its ETag; offline (or an older server), the last answer.
 * `online` says whether this answer is fresh.
 */
export async function fetchCatalogue(
	fetcher: typeof fetch = fetch
): Promise<{ answer?: CatalogueAnswer; online: boolean; fetchedAt?: number }> {
	const saved = await savedCatalogue();
	try {
		const response = await fetcher('/api/packs', {
			headers: saved?.etag ? { 'if-none-match': saved.etag } : {},
			cache: 'no-cache'
		});
		if (response.status === 304 && saved) {
			return { answer: saved.answer, online: true, fetchedAt: Date.now() };
		}
		if (!response.ok) throw new Error(String(response.status));
		const answer = (await response.json()) as CatalogueAnswer;
		const fetchedAt = Date.now();
		const store = await kv();
		await store.set(CATALOGUE_KEY, {
			answer,
			etag: response.headers.get('etag') ?? undefined,
			fetchedAt
		} satisfies SavedCatalogue);
		await (
			await packKeyStore()
		).save(await checkedTrust(answer.keys, answer.revokedKeys, fetchedAt));
		return { answer, online: true, fetchedAt };
	} catch {
		return saved
			? { answer: saved.answer, online: false, fetchedAt: saved.fetchedAt }
			: { online: false };
	}
}

/** The built-in packs this build ships (online), else the installed built-in ones. */
export async function builtinIndex(fetcher: typeof fetch = fetch): Promise<PackMeta[]> {
	try {
		const response = await fetcher('/packs/index.json');
		if (!response.ok) throw new Error(String(response.status));
		return ((await response.json()) as PackIndex).packs;
	} catch {
		return (await installedPacks()).filter((p) => p.source === 'builtin').map((p) => p.meta);
	}
}

/** A row of the catalogue page: what can be had, and what this phone has. */
export interface CatalogueRow {
	id: string;
	title: PerLang;
	description: PerLang;
	languages: ContentLang[];
	/** Offered version (the server's, or the built-in one). */
	version: string;
	/** Download size in bytes (gzipped for built-in packs). */
	size: number;
	changelog: PackChange[];
	/** Who vouches for it: the approved publisher, or the app itself. */
	publisher: string;
	verified: boolean;
	builtin: boolean;
	entry?: CatalogueEntry;
	installed?: InstalledPack;
	/** The installed version is older than the one offered. */
	update: boolean;
	/** The installed version was withdrawn by an admin. */
	withdrawn: boolean;
}

export function catalogueRows(
	answer: CatalogueAnswer | undefined,
	builtin: PackMeta[],
	installed: InstalledPack[],
	builtinPublisher: string
): CatalogueRow[] {
	const rows = new Map<string, CatalogueRow>();
	for (const meta of builtin) {
		rows.set(meta.id, {
			id: meta.id,
			title: meta.title,
			description: meta.description,
			languages: meta.languages,
			version: meta.version,
			size: meta.gzipBytes,
			changelog: meta.changelog,
			publisher: builtinPublisher,
			verified: true,
			builtin: true,
			update: false,
			withdrawn: false
		});
	}
	for (const entry of answer?.packs ?? []) {
		const seen = rows.get(entry.id);
		if (seen && compareVersions(seen.version, entry.version) >= 0) continue;
		rows.set(entry.id, {
			id: entry.id,
			title: entry.title,
			description: entry.description,
			languages: entry.languages,
			version: entry.version,
			size: entry.size,
			changelog: entry.changelog,
			publisher: entry.publisher.name,
			verified: true,
			builtin: false,
			entry,
			update: false,
			withdrawn: false
		});
	}
	for (const record of installed) {
		const row = rows.get(record.id);
		const withdrawn = (answer?.withdrawn ?? []).some(
			(w) => w.sha256 === record.sha256 || (w.id === record.id && w.version === record.version)
		);
		if (row) {
			row.installed = record;
			row.update = compareVersions(row.version, record.version) > 0;
			row.withdrawn = withdrawn;
			continue;
		}
		// Installed from a file, or no longer listed: shown from what the phone has.
		rows.set(record.id, {
			id: record.id,
			title: record.meta.title,
			description: record.meta.description,
			languages: record.meta.languages,
			version: record.version,
			size: record.bytes,
			changelog: record.meta.changelog,
			publisher: record.verifiedPublisher ?? record.meta.publisher.name,
			verified: record.source === 'builtin' || record.verifiedPublisher !== undefined,
			builtin: record.source === 'builtin',
			installed: record,
			update: false,
			withdrawn
		});
	}
	return [...rows.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The changelog entries newer than the installed version (what an update brings). */
export function changesSince(row: CatalogueRow): PackChange[] {
	const from = row.installed?.version;
	return from ? row.changelog.filter((c) => compareVersions(c.version, from) > 0) : row.changelog;
}

/** Reads a response body, reporting progress (0…1) against the expected size. */
export async function download(
	url: string,
	expected: number,
	onProgress: (fraction: number) => void,
	fetcher: typeof fetch = fetch
): Promise<Uint8Array> {
	const response = await fetcher(url);
	if (!response.ok || !response.body) throw new Error(`download ${response.status}`);
	const total = Number(response.headers.get('content-length')) || expected || 1;
	const reader = response.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		chunks.push(value);
		size += value.byteLength;
		onProgress(Math.min(0.99, size / total));
	}
	const bytes = new Uint8Array(size);
	let offset = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return bytes;
}

/** What the phone knows to refuse: its trusted keys and the withdrawn versions. */
export async function currentTrust(): Promise<{
	trust: TrustSnapshot;
	withdrawn: WithdrawnVersion[];
}> {
	const saved = await savedCatalogue();
	return {
		trust: await (await packKeyStore()).load(),
		withdrawn: saved?.answer.withdrawn ?? []
	};
}

export class InstallError extends Error {
	constructor(
		readonly reason: string,
		readonly detail?: unknown
	) {
		super(reason);
	}
}

/**
 * Downloads and installs (or updates) a pack from the catalogue: the file must be the one listed
 * (same SHA-256) and signed by the key the server approved for it; every check runs first.
 */
export async function installFromCatalogue(
	row: CatalogueRow,
	onProgress: (fraction: number) => void
): Promise<void> {
	if (row.builtin && !row.entry) {
		await installBuiltinPack(row.id, onProgress);
		return;
	}
	const entry = row.entry;
	if (!entry) throw new InstallError('notListed');
	const bytes = await download(entry.file, entry.size, (f) => onProgress(f * 0.7));
	const { trust, withdrawn } = await currentTrust();
	const { opened, check } = await inspectPackFile(bytes, trust, withdrawn, (id) =>
		installedPack(id)
	);
	if (opened.sha256 !== entry.sha256) throw new InstallError('changed');
	if (!check.ok) throw new InstallError(check.reason, check);
	if (
		check.signer.kind !== 'verified' ||
		check.signer.fingerprint !== entry.publisher.fingerprint
	) {
		throw new InstallError('changed');
	}
	await installOpenedPack(bytes, opened, check, 'catalogue', (done, total) =>
		onProgress(0.7 + (0.3 * done) / total)
	);
	onProgress(1);
}

/** Removes an installed pack; the bytes it freed. Lesson progress stays (by lesson id). */
export function uninstallPack(id: string): Promise<number> {
	return removePack(id);
}

/** An installed pack as a .linlipack file again (its signed manifest and signature, if any). */
export async function packAsFile(record: InstalledPack): Promise<File | undefined> {
	const manifestBytes = await storedBytes(manifestUrl(record.id));
	if (!manifestBytes) return undefined;
	const parsed = v.safeParse(ManifestSchema, JSON.parse(new TextDecoder().decode(manifestBytes)));
	if (!parsed.success) return undefined;
	const files = new Map<string, Uint8Array>();
	for (const file of parsed.output.files) {
		const bytes = await storedBytes(`/packs/${encodeURIComponent(record.id)}/${file.path}`);
		if (!bytes) return undefined;
		files.set(file.path, bytes);
	}
	const signature = await storedBytes(signatureUrl(record.id));
	const archive = writePackArchive(manifestBytes, parsed.output, files, signature);
	return new File([archive as BlobPart], `${record.id}-${record.version}${PACK_FILE_EXTENSION}`, {
		type: PACK_FILE_MEDIA_TYPE
	});
}

/** Shares a file with Web Share where the browser can share files; else downloads it. */
export async function shareFile(file: File): Promise<'shared' | 'downloaded'> {
	if (typeof navigator.canShare === 'function' && navigator.canShare({ files: [file] })) {
		try {
			await navigator.share({ files: [file], title: file.name });
			return 'shared';
		} catch (error) {
			if ((error as Error).name === 'AbortError') return 'shared';
		}
	}
	const url = URL.createObjectURL(file);
	const a = document.createElement('a');
	a.href = url;
	a.download = file.name;
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
	return 'downloaded';
}

/**
 * Asks the browser to keep the device's data when space runs low. Asked at the first download (a
 * moment the resident chose to keep something offline), once per page.
 */
export async function askPersistentStorage(): Promise<'granted' | 'denied' | 'unsupported'> {
	if (!navigator.storage?.persist) return 'unsupported';
	if (await navigator.storage.persisted()) return 'granted';
	return (await navigator.storage.persist()) ? 'granted' : 'denied';
}
