import { error } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { reword, rewordingFor, rewordPerLang } from '$lib/i18n/regional';
import { regionOf } from '$domain/region';
import { clientPrefs } from '$lib/settings/client-prefs';
import { requestPrefs } from '$lib/settings/request-prefs';
import { firstRunDone, installedPacks } from '$lib/packs/store';
import {
	packLanguage,
	type CompiledPackLanguage,
	type ContentLang,
	type PackIndex,
	type PackMeta
} from '$shared/lesson';

type Fetch = typeof fetch;

/** Where compiled packs are served (and, once installed, kept by the service worker). */
export const PACKS_BASE = '/packs';

async function getJson<T>(fetch: Fetch, url: string): Promise<T> {
	let response: Response;
	try {
		response = await fetch(url);
	} catch {
		error(503, { message: 'Lessons could not be loaded', code: 'offline' });
	}
	if (response.status === 404) error(404, { message: 'Not found', code: 'notFound' });
	if (!response.ok) error(response.status, { message: 'Lessons could not be loaded' });
	return (await response.json()) as T;
}

/** The reader's region, which picks regional wording (read at each load: it can change). */
function readerRegion() {
	const prefs = browser ? clientPrefs() : requestPrefs();
	return prefs ? regionOf(prefs.region) : undefined;
}

/**
 * On a device whose service worker has installed packs (docs/architecture.md "Installed packs"):
 * the packs installed there, built-in or not. Else (the server, a first visit): the built-in index.
 */
async function installedIndex(): Promise<PackIndex | undefined> {
	if (!browser) return undefined;
	try {
		if (!(await firstRunDone())) return undefined;
		return { schemaVersion: 1, packs: (await installedPacks()).map((record) => record.meta) };
	} catch {
		return undefined;
	}
}

export async function loadPackIndex(fetch: Fetch): Promise<PackIndex> {
	const index =
		(await installedIndex()) ?? (await getJson<PackIndex>(fetch, `${PACKS_BASE}/index.json`));
	return rewordPerLang(index, readerRegion());
}

export async function loadPackMeta(fetch: Fetch, packId: string): Promise<PackMeta> {
	const index = await loadPackIndex(fetch);
	const meta = index.packs.find((pack) => pack.id === packId);
	if (!meta) error(404, { message: 'Not found', code: 'notFound' });
	return meta;
}

export interface PackContent {
	content: CompiledPackLanguage;
	/** The language shown: the reader's, or the pack's first when it lacks the reader's. */
	lang: ContentLang;
	fallback: boolean;
}

/** A pack's lessons in the reader's language, or in the pack's own first language. */
export async function loadPackContent(
	fetch: Fetch,
	meta: PackMeta,
	want: string
): Promise<PackContent> {
	const lang = packLanguage(meta, want);
	const content = await getJson<CompiledPackLanguage>(
		fetch,
		`${PACKS_BASE}/${encodeURIComponent(meta.id)}/${lang}.json?v=${meta.hash}`
	);
	return {
		content: reword(content, rewordingFor(lang, readerRegion())),
		lang,
		fallback: lang !== want
	};
}
