import { loadPackIndex } from '$lib/lessons/packs';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch }) => ({ index: await loadPackIndex(fetch) });
