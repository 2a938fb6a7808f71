import { AsyncLocalStorage } from 'node:async_hooks';
import type { Handle, HandleFetch } from '@sveltejs/kit';
import { building } from '$app/environment';
import { REQUEST_PREFS_KEY, type Prefs } from '$lib/settings/request-prefs';
import { textScaleClass } from '$lib/settings/preferences';
import { prefsFromRequest } from '$lib/server/prefs';
import { readPackFile } from '$lib/server/static-packs';
import { loadLanguage } from '$lib/i18n/resources';
import { commonSecurityHeaders } from '../scripts/csp.js';

const prefsStore = new AsyncLocalStorage<Prefs>();

/** The reader's strings as a JSON data block in the page ("<" escaped so it cannot end the block). */
async function inlineStrings(lang: Prefs['lang']) {
	return JSON.stringify(await loadLanguage(lang)).replaceAll('<', '\\u003c');
}
(globalThis as Record<symbol, unknown>)[REQUEST_PREFS_KEY] = prefsStore;

export const handle: Handle = async ({ event, resolve }) => {
	const prefs = prefsFromRequest(event.request, event.cookies);
	event.locals.prefs = prefs;

	const response = await prefsStore.run(prefs, () =>
		resolve(event, {
			// The prerendered offline shell belongs to no reader: the browser fills in its language.
			transformPageChunk: async ({ html }) =>
				html
					.replaceAll('%lang%', building ? '' : prefs.lang)
					.replace('%html.class%', building ? '' : textScaleClass(prefs.textScale))
					.replace('%linli.strings%', building ? '' : await inlineStrings(prefs.lang))
		})
	);

	for (const [name, value] of Object.entries(commonSecurityHeaders)) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	// Pages differ by the reader's language cookie and header; shared caches must know.
	if (response.headers.get('content-type')?.startsWith('text/html')) {
		response.headers.append('vary', 'Cookie, Accept-Language');
	}
	return response;
};

export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
	const url = new URL(request.url);
	if (url.origin === event.url.origin && request.method === 'GET') {
		const pack = await readPackFile(url.pathname);
		if (pack) return pack;
	}
	return fetch(request);
};
