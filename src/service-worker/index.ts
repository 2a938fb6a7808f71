/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { clientsClaim } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { registerNavigation } from './navigation';
import { registerBackgroundSync, syncEngine, workerDatabase } from './background-sync';
import { registerKitReminders } from './kit-reminders';
import { registerPush } from './push';
import { registerPacks } from './packs';
import { registerStrings } from './strings';

declare const self: ServiceWorkerGlobalScope & {
	__WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

// The list is written into the built worker by src/node/build-sw.js (workbox-build injectManifest):
// the app shell and every page's code. Lesson packs are not in it: only the packs a resident has
// installed are kept (./packs.ts; the built-in ones install on first run). Nor are the strings:
// only the languages the phone reads are kept (./strings.ts).
precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/.*/] });
cleanupOutdatedCaches();
registerStrings();
// Built code the precache leaves out (the /staff pages' and the door's QR decoder: build-sw.js):
// kept once fetched, so a screen opened online works offline after. Hashed names never change
// content; old versions age out.
registerRoute(
	({ url, request }) =>
		request.method === 'GET' &&
		url.origin === self.location.origin &&
		url.pathname.startsWith('/_app/immutable/'),
	new CacheFirst({
		cacheName: 'linli-code',
		plugins: [new ExpirationPlugin({ maxEntries: 120, maxAgeSeconds: 90 * 24 * 60 * 60 })]
	})
);
registerPacks();
registerNavigation();
registerBackgroundSync();
registerKitReminders();
registerPush(() => syncEngine().sync(), workerDatabase);

// A new version waits until the reader accepts the "new version" prompt (see lib/pwa/pwa.svelte.ts).
self.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The first worker takes the open page at once, so the first visit already works offline.
clientsClaim();
