import { loadPackMeta } from '$lib/lessons/packs';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params }) => ({
	meta: await loadPackMeta(fetch, params.pack)
});
