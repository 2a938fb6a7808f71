import { browser } from '$app/environment';
import { fixedT } from '$lib/i18n/instance';
import { clientPrefs } from '$lib/settings/client-prefs';
import { requestPrefs, type Prefs } from '$lib/settings/request-prefs';
import { PREFS_DEPENDENCY } from '$lib/settings/preferences';
import type { LayoutLoad } from './$types';

const FALLBACK: Prefs = { lang: 'en', region: { status: 'unknown' }, textScale: 100 };

export const load: LayoutLoad = async ({ depends }) => {
	depends(PREFS_DEPENDENCY);
	const prefs = (browser ? clientPrefs() : requestPrefs()) ?? FALLBACK;
	return { prefs, t: await fixedT(prefs.lang) };
};
