import { getContext, setContext } from 'svelte';
import type { Pwa } from './pwa.svelte';

const KEY = Symbol('pwa');

export const setPwa = (pwa: Pwa) => setContext(KEY, pwa);
export function getPwa(): Pwa {
	const pwa = getContext<Pwa | undefined>(KEY);
	if (!pwa) throw new Error('getPwa() called outside the root layout');
	return pwa;
}
