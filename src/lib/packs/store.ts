/**
 * Installed lesson packs on this device (issue 11; docs/architecture.md "Installed packs").
 *
 * Every installed pack's files live in one Cache Storage cache under the URLs lesson pages already
 * load (/packs/<id>/<lang>.json, /packs/<id>/assets/…); the service worker answers /packs/* from
 * it. Beside them, one record per pack (/packs/.installed/<id>.json: its PackMeta, where it came
 * from, who signed it, which URLs are its files) says the pack is installed: files are written
 * first and the record last, so a pack is either fully installed or not listed at all.
 *
 * Shared by the pages and the service worker (no Svelte, no $app imports, no IndexedDB).
 */
import type { PackMeta } from '../shared/lesson';

export const PACKS_CACHE = 'linli-packs-v1';
export const PACKS_PREFIX = '/packs/';
export const RECORDS_PREFIX = '/packs/.installed/';
/** Written once the service worker has offered the built-in packs (first run done). */
export const STATE_URL = `${RECORDS_PREFIX}state.json`;
const recordUrl = (id: string) => `${RECORDS_PREFIX}${encodeURIComponent(id)}.json`;
/** The signed manifest and signature of a pack from a file, kept so it can be shared again. */
export const manifestUrl = (id: string) =>
	`${RECORDS_PREFIX}${encodeURIComponent(id)}/manifest.json`;
export const signatureUrl = (id: string) =>
	`${RECORDS_PREFIX}${encodeURIComponent(id)}/signature.json`;

export type PackSource = 'builtin' | 'catalogue' | 'file';

export interface InstalledPack {
	id: string;
	version: string;
	source: PackSource;
	/** What the lesson pages read (its `hash` names this version's files). */
	meta: PackMeta;
	/** The signing key's fingerprint (none for a built-in or an unsigned file). */
	fingerprint?: string;
	/** The publisher the server approved for that key, when it was known at install time. */
	verifiedPublisher?: string;
	/** SHA-256 of the .linlipack it came from. */
	sha256?: string;
	/** Bytes stored for it (what removing it frees). */
	bytes: number;
	/** Every URL stored for it. */
	files: string[];
	installedAt: number;
}

export interface PackFileBody {
	url: string;
	body: Uint8Array | Blob;
}

const TYPES: Record<string, string> = {
	json: 'application/json; charset=utf-8',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	gif: 'image/gif',
	svg: 'image/svg+xml'
};

/** A stored file as the server would answer it; pictures may never run script, even opened alone. */
export function packResponse(url: string, body: Uint8Array | Blob): Response {
	const ext = /\.([a-z0-9]+)$/i.exec(url)?.[1]?.toLowerCase() ?? '';
	const size = body instanceof Blob ? body.size : body.byteLength;
	return new Response(body as BodyInit, {
		headers: {
			'content-type': TYPES[ext] ?? 'application/octet-stream',
			'content-length': String(size),
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox"
		}
	});
}

function openCache(): Promise<Cache> {
	return caches.open(PACKS_CACHE);
}

/** Whether this device keeps packs at all (Cache Storage exists: secure context, not a test). */
export function packStorageAvailable(): boolean {
	return typeof caches !== 'undefined';
}

async function readJson<T>(cache: Cache, url: string): Promise<T | undefined> {
	const response = await cache.match(url);
	if (!response) return undefined;
	try {
		return (await response.json()) as T;
	} catch {
		return undefined;
	}
}

const jsonResponse = (value: unknown) =>
	new Response(JSON.stringify(value), {
		headers: { 'content-type': 'application/json; charset=utf-8' }
	});

/** Whether the built-in packs were offered on this device (after that, its records are the truth). */
export async function firstRunDone(cache?: Cache): Promise<boolean> {
	if (!packStorageAvailable()) return false;
	if (!cache && !(await caches.has(PACKS_CACHE))) return false;
	return (await readJson(cache ?? (await openCache()), STATE_URL)) !== undefined;
}

export async function markFirstRunDone(cache?: Cache): Promise<void> {
	await (cache ?? (await openCache())).put(STATE_URL, jsonResponse({ at: Date.now() }));
}

/** One installed pack's record. */
export async function installedPack(id: string, cache?: Cache): Promise<InstalledPack | undefined> {
	if (!packStorageAvailable()) return undefined;
	return readJson<InstalledPack>(cache ?? (await openCache()), recordUrl(id));
}

/** Every installed pack, by id. */
export async function installedPacks(cache?: Cache): Promise<InstalledPack[]> {
	if (!packStorageAvailable()) return [];
	const store = cache ?? (await openCache());
	const records: InstalledPack[] = [];
	for (const request of await store.keys()) {
		const path = new URL(request.url).pathname;
		if (!path.startsWith(RECORDS_PREFIX) || path === STATE_URL || !path.endsWith('.json')) continue;
		if (path.slice(RECORDS_PREFIX.length).includes('/')) continue;
		const record = await readJson<InstalledPack>(store, path);
		if (record?.id && record.meta) records.push(record);
	}
	return records.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Stores a pack: every file, then its record. When anything fails (storage full, the tab closed
 * half-way), what the pack had before is put back, so nothing is half-installed and an installed
 * version keeps working.
 */
export async function storePack(
	record: Omit<InstalledPack, 'files' | 'bytes' | 'installedAt'>,
	files: PackFileBody[],
	onProgress?: (done: number, total: number) => void,
	cache?: Cache
): Promise<InstalledPack> {
	const store = cache ?? (await openCache());
	const before = await installedPack(record.id, store);
	const urls = new Set(files.map((f) => f.url));
	// Keep the old version's answers until the new one is complete.
	const saved = new Map<string, Response>();
	for (const url of before?.files ?? []) {
		const response = await store.match(url);
		if (response) saved.set(url, response);
	}
	let bytes = 0;
	let done = 0;
	try {
		for (const file of files) {
			await store.put(file.url, packResponse(file.url, file.body));
			bytes += file.body instanceof Blob ? file.body.size : file.body.byteLength;
			onProgress?.(++done, files.length);
		}
		const full: InstalledPack = {
			...record,
			bytes,
			files: [...urls],
			installedAt: Date.now()
		};
		await store.put(recordUrl(record.id), jsonResponse(full));
		for (const url of before?.files ?? []) if (!urls.has(url)) await store.delete(url);
		return full;
	} catch (error) {
		for (const url of urls) if (!saved.has(url)) await store.delete(url).catch(() => false);
		for (const [url, response] of saved) await store.put(url, response).catch(() => undefined);
		throw error;
	}
}

/** Removes a pack's files and record; the bytes it freed. */
export async function removePack(id: string, cache?: Cache): Promise<number> {
	const store = cache ?? (await openCache());
	const record = await installedPack(id, store);
	if (!record) return 0;
	await store.delete(recordUrl(id));
	for (const url of record.files) await store.delete(url);
	return record.bytes;
}

/** A stored file's bytes (to share a pack again). */
export async function storedBytes(url: string): Promise<Uint8Array | undefined> {
	const response = await (await openCache()).match(url);
	return response ? new Uint8Array(await response.arrayBuffer()) : undefined;
}
