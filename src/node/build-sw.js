// After `vite build`: writes the precache list into the built service worker (workbox-build
// injectManifest) and refreshes its precompressed copies. Prints what the shell precaches.
import { readFile, writeFile } from 'node:fs/promises';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { injectManifest } from 'workbox-build';

const OUT = process.env.LINLI_BUILD_OUT || 'build';
const SW = `${OUT}/client/service-worker.js`;

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
	globIgnores: ['client/service-worker.js', '**/*.gz', '**/*.br'],
	maximumFileSizeToCacheInBytes: 2 * 1024 * 1024,
	manifestTransforms: [
		(entries) => ({
			manifest: entries.map((entry) => {
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

// adapter-node serves the .br/.gz copies first: they must hold the worker with its manifest.
const worker = await readFile(SW);
await writeFile(`${SW}.gz`, gzipSync(worker, { level: 9 }));
await writeFile(
	`${SW}.br`,
	brotliCompressSync(worker, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
);
await writeFile(`${OUT}/.stamp`, new Date().toISOString());
console.log(
	`service worker: ${count} files precached (${(size / 1024).toFixed(0)} KiB uncompressed)`
);
