import { AsyncLocalStorage } from 'node:async_hooks';
import type { Handle, HandleFetch, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { REQUEST_PREFS_KEY, type Prefs } from '$lib/settings/request-prefs';
import { textScaleClass } from '$lib/settings/preferences';
import { prefsFromRequest } from '$lib/server/prefs';
import { encodeRegionState } from '$domain/region';
import { readPackFile } from '$lib/server/static-packs';
import { indexForPack } from '$lib/server/page-pack-index';
import { availableNamespaces, loadLanguage } from '$lib/i18n/resources';
import { inlineNamespaces, REQUEST_STRINGS_KEY } from '$lib/i18n/route-strings';
import { serverContext, startServerContext } from '$lib/server/context';
import { DatabaseTooNewError } from '$lib/server/db/migrate';
import { resolveSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { crossOriginRefusal } from '$lib/server/http/origin';
import { startRetention } from '$lib/server/retention';
import { startPush } from '$lib/server/push/notify';
import { pushDueUrgent } from '$lib/server/announcements/store';
import { commonSecurityHeaders } from './node/csp.js';

const prefsStore = new AsyncLocalStorage<Prefs>();
(globalThis as Record<symbol, unknown>)[REQUEST_PREFS_KEY] = prefsStore;
/** The string namespaces each request's render looked up (route-strings.ts). */
const usedStore = new AsyncLocalStorage<Set<string>>();
(globalThis as Record<symbol, unknown>)[REQUEST_STRINGS_KEY] = usedStore;

/** Opens and migrates the database before the first request; refuses a newer database. */
export const init: ServerInit = async () => {
	if (building) return;
	try {
		const ctx = await startServerContext();
		startRetention(ctx);
		startPush(ctx.database, ctx.config, async () => void (await pushDueUrgent(ctx.database)));
	} catch (error) {
		if (error instanceof DatabaseTooNewError) {
			console.error(`\n${error.message}\n`);
			process.exit(1);
		}
		throw error;
	}
};

/**
 * The reader's strings the page needs (its route's namespaces and those its render used, see
 * route-strings.ts) as a JSON data block in the page ("<" escaped so it cannot end the block).
 */
async function inlineStrings(lang: Prefs['lang'], routeId: string | null, used: Set<string>) {
	const all = await loadLanguage(lang);
	const namespaces = inlineNamespaces(routeId, used, await availableNamespaces(lang));
	const strings = Object.fromEntries(namespaces.map((namespace) => [namespace, all[namespace]]));
	return JSON.stringify(strings).replaceAll('<', '\\u003c');
}

export const handle: Handle = async ({ event, resolve }) => {
	const refusal = crossOriginRefusal(event.request, event.url);
	if (refusal) return withHeaders(refusal);

	const prefs = prefsFromRequest(event.request, event.cookies);
	event.locals.prefs = prefs;
	event.locals.user = null;
	const session = event.cookies.get(SESSION_COOKIE);
	if (session && !building) {
		event.locals.user = await resolveSession((await serverContext()).database.db, session);
	}

	const used = new Set<string>();
	const response = await prefsStore.run(prefs, () =>
		usedStore.run(used, () =>
			resolve(event, {
				// The prerendered offline shell belongs to no reader: the browser fills in its language.
				transformPageChunk: async ({ html }) =>
					html
						.replaceAll('%lang%', building ? '' : prefs.lang)
						.replace('%html.class%', building ? '' : textScaleClass(prefs.textScale))
						// The browser starts from the server's region, so its first render agrees (no flash).
						.replace('%linli.region%', building ? '' : encodeRegionState(prefs.region))
						// The page has rendered by now (the chunk holding the head comes after the body's
						// render), so `used` holds every namespace it looked up.
						.replace(
							'%linli.strings%',
							building || !html.includes('%linli.strings%')
								? ''
								: await inlineStrings(prefs.lang, event.route.id, used)
						)
			})
		)
	);
	// Pages differ by the reader's language cookie and header; shared caches must know.
	if (response.headers.get('content-type')?.startsWith('text/html')) {
		response.headers.append('vary', 'Cookie, Accept-Language');
	}
	return withHeaders(response);
};

function withHeaders(response: Response) {
	for (const [name, value] of Object.entries(commonSecurityHeaders)) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	if (!response.headers.has('content-security-policy')) {
		response.headers.set(
			'content-security-policy',
			"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
		);
	}
	return response;
}

export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
	const url = new URL(request.url);
	if (url.origin === event.url.origin && request.method === 'GET') {
		const pack = await readPackFile(url.pathname);
		// A page about one pack (/lessons/[pack]/…) carries that pack's entry of the index only.
		if (pack && url.pathname === '/packs/index.json' && event.params.pack) {
			return indexForPack(pack, event.params.pack);
		}
		if (pack) return pack;
	}
	return fetch(request);
};
