/// <reference lib="webworker" />
import { registerRoute } from 'workbox-routing';
import type { PackIndex } from '$lib/shared/lesson';
import {
	firstRunDone,
	installedPack,
	markFirstRunDone,
	PACKS_CACHE,
	PACKS_PREFIX,
	RECORDS_PREFIX,
	storePack,
	type PackFileBody
} from '$lib/packs/store';
import { PACK_SHARE_URL, SHARED_FILE_CACHE, SHARED_FILE_URL } from '$lib/packs/open-file';
import {
	BUILTIN_INSTALL_MESSAGE,
	type BuiltinInstallReply,
	type BuiltinPacks
} from '$lib/packs/builtin';

declare const self: ServiceWorkerGlobalScope & { __LINLI_BUILTIN_PACKS: BuiltinPacks };

/** Written into the built worker by src/node/build-sw.js from what the build wrote to client/packs. */
const BUILTIN: BuiltinPacks = self.__LINLI_BUILTIN_PACKS;

/** Fetches one built-in pack's files from the server and installs it (files first, record last). */
async function installBuiltin(
	id: string,
	cache: Cache,
	onProgress?: (done: number, total: number) => void
) {
	const pack = BUILTIN.packs.find((p) => p.id === id);
	if (!pack) throw new Error(`no built-in pack ${id}`);
	// The index names this build's version of each pack (the ?v= defeats any HTTP cache).
	const index = (await (
		await fetch(`${BUILTIN.index}?v=${BUILTIN.indexRevision}`)
	).json()) as PackIndex;
	const meta = index.packs.find((p) => p.id === id);
	if (!meta) throw new Error(`${id} is not in the index`);
	const total = pack.files.length;
	let fetched = 0;
	const files: PackFileBody[] = await Promise.all(
		pack.files.map(async (file) => {
			const response = await fetch(`${file.url}?v=${pack.hash}`);
			if (!response.ok) throw new Error(`${file.url}: ${response.status}`);
			const body = await response.blob();
			onProgress?.(++fetched, total * 2);
			return { url: file.url, body };
		})
	);
	await storePack(
		{ id, version: meta.version, source: 'builtin', meta },
		files,
		(done) => onProgress?.(total + done, total * 2),
		cache
	);
}

/**
 * First run: every built-in pack is installed. Later versions of the app: the built-in packs the
 * resident still has are brought up to this build's version; one they removed stays removed, and
 * one they replaced from the catalogue or a file is theirs.
 */
async function offerBuiltins() {
	const cache = await caches.open(PACKS_CACHE);
	const first = !(await firstRunDone(cache));
	await Promise.all(
		BUILTIN.packs.map(async (pack) => {
			const record = await installedPack(pack.id, cache);
			const wanted = first
				? !record
				: record?.source === 'builtin' && record.meta.hash !== pack.hash;
			if (wanted) await installBuiltin(pack.id, cache);
		})
	);
	await markFirstRunDone(cache);
}

export function registerPacks() {
	self.addEventListener('install', (event) => {
		// A failure (offline during an update) must not keep a new worker out: the pages can ask
		// again (BUILTIN_INSTALL_MESSAGE), and the state stays "not done" so the next worker retries.
		event.waitUntil(offerBuiltins().catch((error) => console.warn('built-in packs', error)));
	});

	// A page asks for one built-in pack (the catalogue's Download): progress, then done or failed.
	self.addEventListener('message', (event) => {
		const data = event.data as { type?: string; id?: string } | undefined;
		const port = event.ports[0];
		if (data?.type !== BUILTIN_INSTALL_MESSAGE || !port || typeof data.id !== 'string') return;
		const reply = (message: BuiltinInstallReply) => port.postMessage(message);
		const id = data.id;
		event.waitUntil(
			caches
				.open(PACKS_CACHE)
				.then((cache) =>
					installBuiltin(id, cache, (done, total) => reply({ type: 'progress', done, total }))
				)
				.then(() => markFirstRunDone())
				.then(() => reply({ type: 'done' }))
				.catch((error: unknown) => reply({ type: 'failed', message: String(error) }))
		);
	});

	// Share target (the web app manifest): another app shares a .linlipack; the catalogue page
	// reads it from here and checks it before anything is installed.
	registerRoute(
		({ url, sameOrigin }) => sameOrigin && url.pathname === PACK_SHARE_URL,
		async ({ request }) => {
			const form = await request.formData().catch(() => undefined);
			const file = form?.get('pack');
			if (file instanceof File) {
				const cache = await caches.open(SHARED_FILE_CACHE);
				await cache.put(
					SHARED_FILE_URL,
					new Response(file, { headers: { 'x-file-name': encodeURIComponent(file.name) } })
				);
			}
			return Response.redirect('/lessons/catalogue?shared=1', 303);
		},
		'POST'
	);

	// Pack files: the installed copy first; the network for anything else (a pack being browsed
	// online, or the built-in index). The records themselves are not for pages to fetch.
	registerRoute(
		({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith(PACKS_PREFIX),
		async ({ request, url }) => {
			if (url.pathname.startsWith(RECORDS_PREFIX)) return new Response(null, { status: 404 });
			const cache = await caches.open(PACKS_CACHE);
			const stored = await cache.match(url.pathname);
			return stored ?? fetch(request);
		}
	);
}

/**
 * A lesson page of a pack installed from the catalogue or a file: the server does not know that
 * pack, so the app shell renders it from the device (see navigation.ts).
 */
export async function isDevicePack(pathname: string): Promise<boolean> {
	const match = /^\/lessons\/([a-z0-9][a-z0-9-]*)(?:\/|$)/.exec(pathname);
	if (!match?.[1] || match[1] === 'catalogue') return false;
	const record = await installedPack(match[1]);
	return record !== undefined && record.source !== 'builtin';
}
