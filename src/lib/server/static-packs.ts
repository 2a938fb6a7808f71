import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
	json: 'application/json; charset=utf-8',
	svg: 'image/svg+xml',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	gif: 'image/gif'
};

/**
 * Lesson packs for server-side rendering, read from disk. SvelteKit would otherwise fetch these
 * static files over the network from the server's own public address, which a server behind a
 * proxy may not be able to reach. LINLI_CLIENT_DIR is set by src/node/server.js; in `vite dev` the
 * files are in static/.
 */
export async function readPackFile(pathname: string): Promise<Response | undefined> {
	if (!pathname.startsWith('/packs/')) return undefined;
	const root = join(process.env.LINLI_CLIENT_DIR ?? 'static', 'packs');
	const relative = normalize(decodeURIComponent(pathname.slice('/packs/'.length)));
	if (relative.startsWith('..') || relative.includes(`${sep}..`) || relative.startsWith(sep))
		return undefined;
	const type = TYPES[relative.slice(relative.lastIndexOf('.') + 1).toLowerCase()];
	if (!type) return undefined;
	try {
		const body = await readFile(join(root, relative));
		return new Response(body, { headers: { 'content-type': type } });
	} catch {
		return new Response('Not found', { status: 404 });
	}
}
