/**
 * Which string namespaces a page needs, by route (issue 9: the page weight). The server inlines
 * only these (and any namespace its render actually used) into the page, and the browser loads
 * them before a page renders after a client-side navigation. See docs/architecture.md, "Strings".
 *
 * A route that is not declared here gets every namespace but the staff ones, as before: a new page
 * works unchanged, it is only heavier than it needs to be. tests/unit/route-strings.test.ts reads the routes'
 * source and fails when a declared route uses a namespace it does not declare.
 */

/**
 * Namespaces only /staff pages use (online-only, like those pages): a phone does not keep them
 * for offline use (offline-strings.ts, src/node/build-sw.js), so no other page may ask for them.
 */
export const STAFF_NAMESPACES: readonly string[] = ['admin'];

/** What every page shows: the header, menu, sync line, offline banner and the error page. */
export const SHELL_NAMESPACES = ['common', 'errors', 'sync'] as const;

/**
 * Route id prefixes (a prefix covers the routes below it: '/lessons' covers '/lessons/[pack]')
 * and the namespaces their pages use besides the shell's. The longest matching prefix wins;
 * '/' matches the home page only.
 */
export const ROUTE_NAMESPACES: Readonly<Record<string, readonly string[]>> = {
	'/': ['home', 'household', 'lessons', 'news', 'community'],
	'/lessons': ['lessons', 'home', 'household', 'packs'],
	'/volunteer': ['volunteer', 'events'],
	// The form alone: the volunteer page's event list is not on it.
	'/volunteer/register': ['volunteer', 'community'],
	'/verify': ['volunteer'],
	'/events': ['events', 'volunteer'],
	'/household': ['household'],
	'/settings': ['settings', 'news', 'community'],
	'/news': ['news'],
	'/contacts': ['news'],
	'/sync': ['sync', 'events'],
	'/n': ['neighbourhood'],
	// Desk work: the staff namespaces are never sent to residents' pages.
	'/staff': ['admin', 'volunteer', 'neighbourhood', 'news', 'community', 'events'],
	// A pack's preview shows its lessons as residents see them.
	'/staff/packs': ['admin', 'neighbourhood', 'news', 'events', 'lessons', 'home', 'household']
};

/**
 * Every namespace the language has (`'all'`: the server, the manifest), or every one but the
 * staff ones (`'resident'`: routes nobody declared).
 */
export type NamespaceNeed = readonly string[] | 'all' | 'resident';

/** The namespaces a need asks for, out of those a language has. */
export function wantedNamespaces(need: NamespaceNeed, available: Iterable<string>): string[] {
	if (need === 'all') return [...available];
	if (need === 'resident') return [...available].filter((n) => !STAFF_NAMESPACES.includes(n));
	return [...need];
}

function covers(prefix: string, routeId: string): boolean {
	if (prefix === '/') return routeId === '/';
	return routeId === prefix || routeId.startsWith(`${prefix}/`);
}

/** The declared prefix that covers a route, if any (the longest). */
export function declaredPrefix(routeId: string | null | undefined): string | undefined {
	if (!routeId) return undefined;
	// Route groups ("/(app)/x") do not change the URL and do not change what a page needs.
	const id = routeId.replace(/\/\([^)]+\)/g, '') || '/';
	return Object.keys(ROUTE_NAMESPACES)
		.filter((prefix) => covers(prefix, id))
		.sort((a, b) => b.length - a.length)[0];
}

/**
 * The namespaces a route's pages need, the shell's included. A route nobody declared (and an
 * unknown route: a 404 page may be anything) gets every namespace but the staff ones, which
 * a phone offline does not have.
 */
export function routeNamespaces(routeId: string | null | undefined): NamespaceNeed {
	const prefix = declaredPrefix(routeId);
	if (prefix === undefined) return 'resident';
	return [...new Set([...SHELL_NAMESPACES, ...ROUTE_NAMESPACES[prefix]!])];
}

/**
 * What the server inlines into a page: what the route declares plus what the render used (a
 * component added to a page without declaring its namespace still hydrates with its strings).
 */
export function inlineNamespaces(
	routeId: string | null | undefined,
	usedInRender: Iterable<string>,
	available: readonly string[]
): string[] {
	const need = routeNamespaces(routeId);
	if (need === 'resident') return wantedNamespaces(need, available);
	const wanted = new Set([...wantedNamespaces(need, available), ...usedInRender]);
	return available.filter((namespace) => wanted.has(namespace));
}

/** "volunteer:form.title" → "volunteer"; a key without a namespace is in "common". */
export function namespaceOf(key: string): string {
	const colon = key.indexOf(':');
	return colon > 0 ? key.slice(0, colon) : 'common';
}

/**
 * The namespaces the server request being rendered has looked up. hooks.server.ts runs each
 * request inside an AsyncLocalStorage holding a Set and registers it under this key (a global,
 * for the reason given in request-prefs.ts); in the browser it is undefined.
 */
export const REQUEST_STRINGS_KEY = Symbol.for('linli.requestStrings');

type UsedStore = { getStore(): Set<string> | undefined };

export function noteUsed(namespace: string) {
	(globalThis as Record<symbol, UsedStore | undefined>)[REQUEST_STRINGS_KEY]?.getStore()?.add(
		namespace
	);
}
