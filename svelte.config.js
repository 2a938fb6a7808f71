import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { cspDirectives } from './src/node/csp.js';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		// LINLI_BUILD_OUT lets the update-flow test make a second, different build beside the first.
		adapter: adapter({ out: process.env.LINLI_BUILD_OUT || 'build', precompress: true }),
		// workbox-window registers the worker (it drives the "new version" prompt), not Kit.
		serviceWorker: { register: false },
		// The offline shell (/shell) is served for every URL the service worker has never seen,
		// so asset URLs must be absolute: a relative "./_app" would resolve against the deep link.
		paths: { relative: false },
		csp: { mode: 'auto', directives: cspDirectives },
		version: {
			// A build id set by tests that build twice (update flow); otherwise Kit's timestamp.
			name: process.env.LINLI_BUILD_ID || undefined,
			pollInterval: 0
		},
		alias: {
			$shared: 'src/lib/shared',
			$domain: 'src/lib/domain'
		}
	}
};

export default config;
