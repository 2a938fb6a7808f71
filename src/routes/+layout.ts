import { browser } from '$app/environment';
import { fixedT } from '$lib/i18n/instance';
import { clientPrefs } from '$lib/settings/client-prefs';
import { requestPrefs, type Prefs } from '$lib/settings/request-prefs';
import { PREFS_DEPENDENCY } from '$lib/settings/preferences';
import { routeNamespaces } from '$lib/i18n/route-strings';
import type { LayoutLoad } from './$types';

const FALLBACK: Prefs = { lang: 'en', region: { status: 'unknown' }, textScale: 100 };

export const load: LayoutLoad = async ({ depends, route }) => {
	depends(PREFS_DEPENDENCY);
	const prefs = (browser ? clientPrefs() : requestPrefs()) ?? FALLBACK;
	// Reading route.id runs this again on each navigation to another route: the strings its pages
	// need (route-strings.ts) are loaded before it renders, from the page, the network or the
	// strings the service worker keeps (offline).
	const t = await fixedT(prefs.lang, routeNamespaces(route.id)).catch(() =>
		// Offline, a staff page's strings (online only, never kept) are not here: the page that
		// follows (the error page, which says why) needs only the residents' ones, which are.
		fixedT(prefs.lang, 'resident')
	);
	return { prefs, t };
};
