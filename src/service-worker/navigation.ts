/// <reference lib="webworker" />
import { createHandlerBoundToURL } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { isDevicePack } from './packs';

/** The prerendered, language-neutral page that boots the app for any URL (src/routes/shell). */
export const SHELL_URL = '/shell';
const NETWORK_TIMEOUT_MS = 4000;

/**
 * Page loads: the network first (the server renders in the reader's language with fresh data);
 * when it fails or is too slow, the precached shell, which boots the app on whatever URL was asked
 * for — a deep link never opened before included. API calls are not navigations; the server's own
 * pages for staff still go through here and show a clear "needs a connection" page offline.
 */
export function registerNavigation() {
	const shell = createHandlerBoundToURL(SHELL_URL);
	registerRoute(
		new NavigationRoute(
			async (options) => {
				// A pack installed from the catalogue or a file is known to this device only.
				if (await isDevicePack(options.url.pathname).catch(() => false)) return shell(options);
				// A navigation request cannot be re-created with an AbortSignal, so race a timer.
				let timer: ReturnType<typeof setTimeout> | undefined;
				const tooSlow = new Promise<undefined>((resolve) => {
					timer = setTimeout(() => resolve(undefined), NETWORK_TIMEOUT_MS);
				});
				try {
					const response = await Promise.race([fetch(options.request), tooSlow]);
					if (response && response.status < 500) return response;
				} catch {
					// offline: the shell below
				} finally {
					clearTimeout(timer);
				}
				return shell(options);
			},
			{ denylist: [/^\/api\//, /^\/packs\//, /\.\w+$/] }
		)
	);
}
