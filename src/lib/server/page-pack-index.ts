import type { PackIndex } from '$shared/lesson';

/**
 * The pack index as a page about one pack reads it while the server renders it: that pack's entry
 * alone. SvelteKit puts every response a universal load fetched while rendering into the page,
 * so that the browser's first run of the same load (hydration) finds it there instead of asking
 * the network; a lesson page needs one pack's entry, not the whole index (46 KB of a lesson
 * page's 184 KB, issue 9). The browser's later fetches of /packs/index.json (another page, a
 * language switch) get the real file from the network or the service worker: the response
 * carries no max-age, so SvelteKit does not keep it for them.
 */
export async function indexForPack(response: Response, packId: string): Promise<Response> {
	if (!response.ok) return response;
	const index = (await response.json()) as PackIndex;
	const packs = index.packs.filter((pack) => pack.id === packId);
	return new Response(JSON.stringify({ ...index, packs }), {
		status: response.status,
		headers: { 'content-type': response.headers.get('content-type') ?? 'application/json' }
	});
}
