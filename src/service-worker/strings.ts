/// <reference lib="webworker" />
import { registerRoute } from 'workbox-routing';
import { isLang, pickLanguage, type Lang } from '$lib/i18n/languages';
import {
	KEPT_LANGUAGES_URL,
	LANG_COOKIE,
	STRINGS_CACHE,
	type LanguageFiles
} from '$lib/i18n/offline-strings';

declare const self: ServiceWorkerGlobalScope & {
	__LINLI_STRINGS: LanguageFiles;
	/** The Cookie Store API, where the browser has it in workers. */
	cookieStore?: { get(name: string): Promise<{ value: string } | null | undefined> };
};

/** Written into the built worker by src/node/build-sw.js from Vite's manifest. */
const FILES: LanguageFiles = self.__LINLI_STRINGS;
/** Every string file, and the language it belongs to. */
const LANG_OF = new Map(
	Object.entries(FILES).flatMap(([lang, urls]) => (urls ?? []).map((url) => [url, lang as Lang]))
);

/** The language the reader chose (its cookie), where the worker can read cookies. */
async function chosenLanguage(): Promise<Lang | undefined> {
	const cookie = await self.cookieStore?.get(LANG_COOKIE).catch(() => undefined);
	const value = cookie?.value ? decodeURIComponent(cookie.value) : undefined;
	return isLang(value) ? value : undefined;
}

async function keptLanguages(cache: Cache): Promise<Lang[]> {
	const response = await cache.match(KEPT_LANGUAGES_URL);
	const list: unknown = response ? await response.json().catch(() => []) : [];
	return Array.isArray(list) ? list.filter(isLang) : [];
}

/** Stores a language's files that are not stored yet, then notes the language as kept. */
async function keepNow(lang: Lang, cache: Cache) {
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

let queue: Promise<void> = Promise.resolve();
/** One keep at a time: the kept list is read, changed and written back. */
function keep(lang: Lang, cache: Cache): Promise<void> {
	const next = queue.then(() => keepNow(lang, cache));
	queue = next.catch(() => undefined);
	return next;
}

export function registerStrings() {
	// At install: the language the phone reads (its cookie, else the browser's) and every language
	// kept before (an update's new files). A failure fails the install, as the precache's does:
	// the worker that runs keeps its files (activation deletes the old ones) and the update is
	// tried again later, rather than leaving a phone offline with no words.
	self.addEventListener('install', (event) => {
		event.waitUntil(
			(async () => {
				const cache = await caches.open(STRINGS_CACHE);
				const langs = new Set([
					(await chosenLanguage()) ?? pickLanguage(navigator.languages),
					...(await keptLanguages(cache))
				]);
				for (const lang of langs) await keep(lang, cache);
			})()
		);
	});
	// Once this version runs, the files of earlier versions go.
	self.addEventListener('activate', (event) => {
		event.waitUntil(
			(async () => {
				const cache = await caches.open(STRINGS_CACHE);
				for (const request of await cache.keys()) {
					const path = new URL(request.url).pathname;
					if (path !== KEPT_LANGUAGES_URL && !LANG_OF.has(path)) await cache.delete(request);
				}
			})()
		);
	});

	// A string file: from the kept ones, else the network. A page that reads a language from the
	// network (a switch, online) reads it from now on: the rest of that language is kept too.
	registerRoute(
		({ url, sameOrigin }) => sameOrigin && LANG_OF.has(url.pathname),
		async ({ request, url, event }) => {
			const cache = await caches.open(STRINGS_CACHE);
			const hit = await cache.match(request, { ignoreSearch: true });
			if (hit) return hit;
			const response = await fetch(request);
			if (response.ok) {
				await cache.put(request, response.clone());
				const lang = LANG_OF.get(url.pathname)!;
				(event as ExtendableEvent).waitUntil(
					keep(lang, cache).catch((error: unknown) => console.warn('strings', error))
				);
			}
			return response;
		}
	);
}
