/**
 * A phone keeps the strings of the languages it reads, not of every language the app has: the
 * shell precache holds none (issue 11's budget, and more languages come "by file"). The service
 * worker stores the browser's language at install, and the page asks it to keep the language it
 * shows (at start and after a switch); a language kept once is brought along on every update.
 * The list of string files per language is written into the worker by src/node/build-sw.js.
 */
import type { Lang } from './languages';

/** Each language's string files (URLs of the built chunks), as build-sw.js writes them. */
export type LanguageFiles = Partial<Record<Lang, string[]>>;

/** Where the kept strings live; the list of kept languages is stored in it too. */
export const STRINGS_CACHE = 'linli-strings';
export const KEPT_LANGUAGES_URL = '/__linli/kept-languages';

/** A page asks the worker to keep one language: `{ type, lang }` with a MessagePort. */
export const KEEP_LANGUAGE_MESSAGE = 'LINLI_KEEP_LANGUAGE';
export type KeepLanguageReply = { type: 'done' } | { type: 'failed'; message: string };

/**
 * Asks a worker (by default the one controlling the page) to keep a language's strings for
 * offline use; resolves once they are stored, rejects when they could not be fetched (offline).
 * A page no worker controls reads its strings from the network: nothing to keep, it resolves.
 */
export async function keepLanguageOffline(
	lang: Lang,
	worker: ServiceWorker | null | undefined = globalThis.navigator?.serviceWorker?.controller
): Promise<void> {
	if (!worker) return;
	const channel = new MessageChannel();
	try {
		await new Promise<void>((resolve, reject) => {
			channel.port1.onmessage = (event: MessageEvent<KeepLanguageReply>) => {
				if (event.data.type === 'done') resolve();
				else reject(new Error(event.data.message));
			};
			worker.postMessage({ type: KEEP_LANGUAGE_MESSAGE, lang }, [channel.port2]);
		});
	} finally {
		channel.port1.close();
	}
}
