/// <reference lib="webworker" />
import { registerRoute } from 'workbox-routing';
import { isLang, pickLanguage, type Lang } from '$lib/i18n/languages';
import {
	KEEP_LANGUAGE_MESSAGE,
	KEPT_LANGUAGES_URL,
	STRINGS_CACHE,
	type KeepLanguageReply,
	type LanguageFiles
} from '$lib/i18n/offline-strings';

declare const self: ServiceWorkerGlobalScope & { __LINLI_STRINGS: LanguageFiles };

/** Written into the built worker by src/node/build-sw.js from Vite's manifest. */
const FILES: LanguageFiles = self.__LINLI_STRINGS;
const ALL = new Set(Object.values(FILES).flat());

async function keptLanguages(cache: Cache): Promise<Lang[]> {
	const response = await cache.match(KEPT_LANGUAGES_URL);
	const list: unknown = response ? await response.json().catch(() => []) : [];
	return Array.isArray(list) ? list.filter(isLang) : [];
}

/** Stores a language's files that are not stored yet, then notes the language as kept. */
async function keep(lang: Lang, cache: Cache) {
	const urls = FILES[lang] ?? [];
	const missing: string[] = [];
	for (const url of urls) if (!(await cache.match(url))) missing.push(url);
	await cache.addAll(missing);
	const kept = await keptLanguages(cache);
	if (!kept.includes(lang)) {
		await cache.put(
			KEPT_LANGUAGES_URL,
			new Response(JSON.stringify([...kept, lang]), {
				headers: { 'content-type': 'application/json' }
			})
		);
	}
}

export function registerStrings() {
	// At install: the browser's language and every language kept before (an update's new files).
	// A failure (offline during an update) must not keep the new worker out: the page asks again.
	self.addEventListener('install', (event) => {
		event.waitUntil(
			(async () => {
				const cache = await caches.open(STRINGS_CACHE);
				const langs = new Set([pickLanguage(navigator.languages), ...(await keptLanguages(cache))]);
				for (const lang of langs) await keep(lang, cache);
			})().catch((error: unknown) => console.warn('strings', error))
		);
	});
	// Once this version runs, the files of earlier versions go.
	self.addEventListener('activate', (event) => {
		event.waitUntil(
			(async () => {
				const cache = await caches.open(STRINGS_CACHE);
				for (const request of await cache.keys()) {
					const path = new URL(request.url).pathname;
					if (path !== KEPT_LANGUAGES_URL && !ALL.has(path)) await cache.delete(request);
				}
			})()
		);
	});

	self.addEventListener('message', (event) => {
		const data = event.data as { type?: string; lang?: unknown } | undefined;
		const port = event.ports[0];
		if (data?.type !== KEEP_LANGUAGE_MESSAGE || !port) return;
		const reply = (message: KeepLanguageReply) => port.postMessage(message);
		const lang = data.lang;
		if (!isLang(lang)) {
			reply({ type: 'failed', message: `unknown language ${String(lang)}` });
			return;
		}
		event.waitUntil(
			caches
				.open(STRINGS_CACHE)
				.then((cache) => keep(lang, cache))
				.then(() => reply({ type: 'done' }))
				.catch((error: unknown) => reply({ type: 'failed', message: String(error) }))
		);
	});

	// A string file: from the kept ones, else the network (and then kept: the page reads it).
	registerRoute(
		({ url, sameOrigin }) => sameOrigin && ALL.has(url.pathname),
		async ({ request }) => {
			const cache = await caches.open(STRINGS_CACHE);
			const hit = await cache.match(request, { ignoreSearch: true });
			if (hit) return hit;
			const response = await fetch(request);
			if (response.ok) await cache.put(request, response.clone());
			return response;
		}
	);
}
