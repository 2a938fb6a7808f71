// Which built client files only the /staff pages use, so that the service worker need not precache
// them (issue 11: the shell precache budget). Staff pages are server-rendered and online-only; a
// resident page offline must never miss a chunk, so whenever a file is in doubt it is kept.
// Pure functions over SvelteKit's route list and Vite's client manifest; src/node/build-sw.js
// reads those from the build, tests/unit/precache-split.test.ts feeds them fakes.

/**
 * One chunk of Vite's client manifest (`.vite/manifest.json`), keyed by its source.
 * @typedef {{
 *   file: string,
 *   src?: string,
 *   isEntry?: boolean,
 *   isDynamicEntry?: boolean,
 *   imports?: string[],
 *   dynamicImports?: string[],
 *   css?: string[],
 *   assets?: string[]
 * }} ManifestChunk
 */

/**
 * A route of SvelteKit's server manifest: its id and, for a page, the node indices it renders.
 * @typedef {{
 *   id: string,
 *   page?: { layouts: (number | undefined)[], errors: (number | undefined)[], leaf: number } | null
 * }} Route
 */

/**
 * String namespaces only /staff pages use: online-only like those pages, neither precached nor
 * kept per language by the worker. The same list as STAFF_NAMESPACES in
 * src/lib/i18n/route-strings.ts (tests/unit/precache-split.test.ts holds them equal).
 */
export const STAFF_NAMESPACES = ['admin'];

/** @param {string} id */
export const isStaffRoute = (id) => id === '/staff' || id.startsWith('/staff/');

/**
 * Node indices that only /staff pages render: a node any other page uses (the root layout, the
 * error page, every resident page) is not in it, nor is a node no route names, nor any of
 * `alwaysResident` (the root layout 0 and root error page 1, which the client router loads for
 * any URL it cannot match).
 * @param {Route[]} routes
 * @param {number[]} [alwaysResident]
 * @returns {Set<number>}
 */
export function staffOnlyNodes(routes, alwaysResident = [0, 1]) {
	const staff = new Set();
	const resident = new Set(alwaysResident);
	for (const route of routes) {
		if (!route.page) continue;
		const nodes = [...route.page.layouts, ...route.page.errors, route.page.leaf].filter(
			(n) => typeof n === 'number'
		);
		for (const n of nodes) (isStaffRoute(route.id) ? staff : resident).add(n);
	}
	for (const n of resident) staff.delete(n);
	return staff;
}

/**
 * Files (paths under the client directory) a set of manifest chunks reach: each chunk's file, its
 * CSS and assets, and those of every chunk it imports, statically or dynamically. `skip` tells
 * which dynamic imports not to follow.
 * @param {Record<string, ManifestChunk>} manifest
 * @param {Iterable<string>} roots manifest keys
 * @param {(key: string) => boolean} [skip] a dynamically imported key not to follow
 * @returns {{ keys: Set<string>, files: Set<string> }}
 */
function reach(manifest, roots, skip = () => false) {
	const keys = new Set();
	const files = new Set();
	const stack = [...roots];
	while (stack.length) {
		const key = /** @type {string} */ (stack.pop());
		if (keys.has(key)) continue;
		keys.add(key);
		const chunk = manifest[key];
		if (!chunk) continue;
		files.add(chunk.file);
		for (const file of [...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(file);
		stack.push(...(chunk.imports ?? []));
		stack.push(...(chunk.dynamicImports ?? []).filter((k) => !skip(k)));
	}
	return { keys, files };
}

/**
 * Whether a manifest record is only a file (a stylesheet, an asset) that a walk already listed
 * through the chunk that uses it: no code of its own, nothing it imports.
 * @param {ManifestChunk | undefined} chunk
 * @param {{ files: Set<string> }} walked
 */
const assetRecordOf = (chunk, walked) =>
	!!chunk &&
	!chunk.isEntry &&
	!chunk.isDynamicEntry &&
	!chunk.imports?.length &&
	!chunk.dynamicImports?.length &&
	!chunk.file.endsWith('.js') &&
	walked.files.has(chunk.file);

/**
 * The client files reachable only from staff-only nodes. Everything else is kept: what the client
 * entries (start, app) and every other node reach, statically or dynamically, and every chunk the
 * staff nodes do not reach at all (a file the walk cannot place stays precached). The one edge not
 * followed is a dynamic import of a staff-only node (the client router's table in the app entry
 * names every node).
 * @param {Record<string, ManifestChunk>} manifest
 * @param {Iterable<string>} staffNodeKeys manifest keys of the staff-only nodes
 * @returns {string[]} sorted paths under the client directory, e.g. `_app/immutable/nodes/38.x.js`
 */
export function staffOnlyFiles(manifest, staffNodeKeys) {
	const staffKeys = new Set([...staffNodeKeys].filter((key) => key in manifest));
	if (staffKeys.size === 0) return [];
	const staff = reach(manifest, staffKeys);
	const roots = Object.keys(manifest).filter(
		(key) =>
			!staffKeys.has(key) &&
			// Entries (start, app, resident nodes) and whatever staff nodes do not reach at all,
			// except the manifest's record of a stylesheet a staff chunk lists (a key of its own,
			// `_EventForm.x.css`, that no chunk imports): a resident chunk that uses it lists it too.
			(manifest[key]?.isEntry || (!staff.keys.has(key) && !assetRecordOf(manifest[key], staff)))
	);
	const resident = reach(manifest, roots, (key) => staffKeys.has(key));
	return [...staff.files].filter((file) => !resident.files.has(file)).sort();
}

/**
 * The client files reachable only through dynamic imports of `onDemandKeys` (a large library one
 * screen loads when it needs it, such as the door's QR decoder): left out of the precache, fetched
 * by the page that needs them while online and kept by the worker's code cache from then on. A
 * file anything else reaches stays precached.
 * @param {Record<string, ManifestChunk>} manifest
 * @param {Iterable<string>} onDemandKeys manifest keys, e.g. `node_modules/jsqr/dist/jsQR.js`
 * @returns {string[]} sorted paths under the client directory
 */
export function onDemandFiles(manifest, onDemandKeys) {
	const demand = new Set([...onDemandKeys].filter((key) => key in manifest));
	if (demand.size === 0) return [];
	const lazy = reach(manifest, demand);
	const roots = Object.keys(manifest).filter(
		(key) =>
			!demand.has(key) &&
			(manifest[key]?.isEntry || (!lazy.keys.has(key) && !assetRecordOf(manifest[key], lazy)))
	);
	// A chunk that imports an on-demand module statically keeps it (the skip is for dynamic edges).
	const rest = reach(manifest, roots, (key) => demand.has(key));
	return [...lazy.files].filter((file) => !rest.files.has(file)).sort();
}
