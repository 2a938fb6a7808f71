// `npm start`: builds the app when the build is missing or older than the sources, then serves it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = [
	'src',
	'content',
	'static',
	'package-lock.json',
	'svelte.config.js',
	'vite.config.ts'
];

/** @param {string} path @returns {number} */
function newestMtime(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
	return newest;
}

const stamp = 'build/.stamp';
const stale = !existsSync(stamp) || SOURCES.some((s) => newestMtime(s) > statSync(stamp).mtimeMs);
if (stale) {
	console.log('Building Linli (first start, or the sources changed)…');
	const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

const { main } = await import('./server.js');
await main();
