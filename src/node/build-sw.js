// After `vite build`: writes the precache list into the built service worker (workbox-build
// injectManifest), then the list of the built-in lesson packs' files (read from what the build
// wrote under client/packs: never kept by hand), and refreshes its precompressed copies. Prints
// what the shell precaches. Lesson packs are not precached: the worker installs the built-in ones
// on first run into the installed-packs cache (src/service-worker/packs.ts, docs/architecture.md).
// Nor are the scripts and styles only /staff pages use (they are online-only): see
// src/node/precache-split.js; a file the walk cannot place stays precached. Nor are the strings:
// the worker keeps the languages the phone reads (src/service-worker/strings.ts).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { injectManifest } from 'workbox-build';
import {
	onDemandFiles,
	STAFF_NAMESPACES,
	staffOnlyFiles,
	staffOnlyNodes
} from './precache-split.js';

const OUT = process.env.LINLI_BUILD_OUT || 'build';
const SW = `${OUT}/client/service-worker.js`;

// What `vite build` just left in .svelte-kit/output (adapter-node copies the client files to OUT
// but not Vite's manifest): the client manifest, and every route with the nodes it renders
// (manifest-full.js; manifest.js leaves out prerendered pages such as /shell).
const VITE_MANIFEST = '.svelte-kit/output/client/.vite/manifest.json';
const ROUTES = '.svelte-kit/output/server/manifest-full.js';
/**
 * Libraries one screen loads when it needs them, left out of the precache (issue 11's budget): the
 * door's QR decoder (46 KB gz), which only organizers use. The door screen fetches it while online
 * and the worker's code cache keeps it for the lobby (src/service-worker/index.ts).
 */
const ON_DEMAND = ['node_modules/jsqr/dist/jsQR.js'];
const NODE_KEY = (/** @type {number} */ n) =>
	`.svelte-kit/generated/client-optimized/nodes/${n}.js`;

/** Client files (paths under OUT/client) only /staff pages use; none when in any doubt. */
async function staffOnly() {
	if (!existsSync(VITE_MANIFEST) || !existsSync(ROUTES)) {
		console.warn('service worker: no Vite client manifest or route list; precaching every file');
		return new Set();
	}
	/** @type {Record<string, import('./precache-split.js').ManifestChunk>} */
	const manifest = JSON.parse(await readFile(VITE_MANIFEST, 'utf8'));
	const { manifest: server } = await import(pathToFileURL(resolve(ROUTES)).href);
	// The manifest must describe this build (OUT may be a second build, LINLI_BUILD_OUT).
	const app = server?._?.client?.app;
	const routes = server?._?.routes;
	if (
		typeof app !== 'string' ||
		!Array.isArray(routes) ||
		!existsSync(`${OUT}/client/${app}`) ||
		!Object.values(manifest).some((c) => c.file === app)
	) {
		console.warn("service worker: the Vite manifest is not this build's; precaching every file");
		return new Set();
	}
	// A staff node the bundler emitted as something other than its own nodes/<n> file (a page
	// with no component, folded into a chunk) may share that chunk: it stays.
	const nodes = [...staffOnlyNodes(routes)].filter((n) =>
		manifest[NODE_KEY(n)]?.file.startsWith(`_app/immutable/nodes/${n}.`)
	);
	const files = [
		...staffOnlyFiles(manifest, nodes.map(NODE_KEY)),
		...onDemandFiles(manifest, ON_DEMAND)
	];
	return new Set(files.filter((file) => existsSync(`${OUT}/client/${file}`)));
}

/** @type {Set<string>} the staff namespaces' files, paths under OUT/client */
const staffStrings = new Set();

/**
 * The string files of each language (Vite's chunk of every locale JSON), kept per language by the
 * worker instead of precached (src/service-worker/strings.ts). A locale file the bundler folded
 * into another chunk is not its own file: it stays wherever that chunk goes.
 * @returns {Promise<Record<string, string[]>>}
 */
async function stringFiles() {
	staffStrings.clear();
	if (!existsSync(VITE_MANIFEST)) return {};
	/** @type {Record<string, import('./precache-split.js').ManifestChunk>} */
	const manifest = JSON.parse(await readFile(VITE_MANIFEST, 'utf8'));
	/** @type {Record<string, string[]>} */
	const byLang = {};
	for (const [key, chunk] of Object.entries(manifest)) {
		const match = /^src\/lib\/i18n\/locales\/([^/]+)\/([^/]+)\.json$/.exec(key);
		if (!match?.[1] || !match[2] || !existsSync(`${OUT}/client/${chunk.file}`)) continue;
		if (STAFF_NAMESPACES.includes(match[2])) staffStrings.add(chunk.file);
		else (byLang[match[1]] ??= []).push(`/${chunk.file}`);
	}
	for (const files of Object.values(byLang)) files.sort();
	return byLang;
}

const strings = await stringFiles();
const stringUrls = new Set(Object.values(strings).flat());
const leftOut = new Set([...(await staffOnly()), ...staffStrings]);
let leftOutBytes = 0;
for (const file of leftOut) leftOutBytes += (await stat(`${OUT}/client/${file}`)).size;

/** Build paths as the browser asks for them: client/x → /x, prerendered/shell.html → /shell. */
/** @param {string} path */
function publicUrl(path) {
	if (path.startsWith('client/')) return `/${path.slice('client/'.length)}`;
	if (path.startsWith('prerendered/')) {
		const page = path
			.slice('prerendered/'.length)
			.replace(/(^|\/)index\.html$/, '$1')
			.replace(/\.html$/, '');
		return `/${page}`;
	}
	throw new Error(`unexpected precache path ${path}`);
}

const { count, size, warnings } = await injectManifest({
	swSrc: SW,
	swDest: SW,
	globDirectory: OUT,
	globPatterns: [
		'client/**/*.{js,css,json,png,svg,webp,jpg,jpeg,gif,ico,woff2,txt}',
		'prerendered/**/*.html'
	],
	globIgnores: [
		'client/service-worker.js',
		'client/packs/**',
		'**/*.gz',
		'**/*.br',
		// The install icons: the browser fetches them from the manifest when it installs the app,
		// online. The pages and notifications use favicon.svg and icon-192.png, which stay.
		'client/icons/*-512.png',
		'client/icons/maskable-192.png',
		'client/icons/apple-touch-icon.png'
	],
	maximumFileSizeToCacheInBytes: 2 * 1024 * 1024,
	manifestTransforms: [
		(entries) => ({
			manifest: entries
				.filter((entry) => !leftOut.has(entry.url.replace(/^client\//, '')))
				.filter((entry) => !stringUrls.has(entry.url.replace(/^client\//, '/')))
				.map((entry) => {
					const url = publicUrl(entry.url);
					// Hashed file names never change content: no revision needed.
					return {
						url,
						revision: url.startsWith('/_app/immutable/') ? null : entry.revision,
						size: entry.size
					};
				}),
			warnings: []
		})
	]
});
for (const warning of warnings) console.warn(`workbox: ${warning}`);

/** @param {string} dir @returns {Promise<string[]>} */
async function filesUnder(dir) {
	const out = [];
	for (const entry of await readdir(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) out.push(...(await filesUnder(path)));
		else if (!/\.(gz|br)$/.test(entry.name)) out.push(path);
	}
	return out.sort();
}

// The built-in packs, each with every file the build wrote for it (URL, content revision, size).
const PACKS_DIR = `${OUT}/client/packs`;
const index = JSON.parse(await readFile(`${PACKS_DIR}/index.json`, 'utf8'));
const builtin = {
	index: `/packs/index.json`,
	indexRevision: createHash('sha256')
		.update(await readFile(`${PACKS_DIR}/index.json`))
		.digest('hex')
		.slice(0, 16),
	packs: await Promise.all(
		index.packs.map(async (/** @type {{ id: string, version: string, hash: string }} */ pack) => {
			const files = await filesUnder(join(PACKS_DIR, pack.id));
			return {
				id: pack.id,
				version: pack.version,
				hash: pack.hash,
				files: await Promise.all(
					files.map(async (path) => ({
						url: `/packs/${relative(PACKS_DIR, path).split('\\').join('/')}`,
						size: (await stat(path)).size
					}))
				)
			};
		})
	)
};
const injected = (await readFile(SW, 'utf8')).replace(
	'self.__LINLI_BUILTIN_PACKS',
	JSON.stringify(builtin)
);
if (!injected.includes(builtin.indexRevision)) {
	throw new Error('the service worker has no self.__LINLI_BUILTIN_PACKS to fill');
}
if (!injected.includes('self.__LINLI_STRINGS')) {
	throw new Error('the service worker has no self.__LINLI_STRINGS to fill');
}
await writeFile(SW, injected.replace('self.__LINLI_STRINGS', JSON.stringify(strings)));
// For the budget bench (tests/bench/client.ts): outside client/, so never served.
await writeFile(`${OUT}/strings.json`, JSON.stringify(strings, null, '\t'));

// adapter-node serves the .br/.gz copies first: they must hold the worker with its manifest.
const worker = await readFile(SW);
await writeFile(`${SW}.gz`, gzipSync(worker, { level: 9 }));
await writeFile(
	`${SW}.br`,
	brotliCompressSync(worker, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
);
await writeFile(`${OUT}/.stamp`, new Date().toISOString());
console.log(
	`service worker: ${count} files precached (${(size / 1024).toFixed(0)} KiB uncompressed); ` +
		`${leftOut.size} files left out: only /staff pages or one screen load them (${(leftOutBytes / 1024).toFixed(0)} KiB); ` +
		`${builtin.packs.length} built-in packs installed on first run; ` +
		`strings kept per language (${Object.entries(strings)
			.map(([lang, files]) => `${lang}: ${files.length} files`)
			.join(', ')})`
);
