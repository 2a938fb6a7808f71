// The one Content-Security-Policy of the app, shared by kit.csp (pages rendered by SvelteKit)
// and scripts/server.js (static files and prerendered pages, which adapter-node serves before
// SvelteKit's handle runs). Plain JavaScript so that both svelte.config.js and the server read it.

/** Directives for pages; Kit adds the nonce or hashes of its own inline scripts to script-src. */
export const cspDirectives = /** @type {const} */ ({
	'default-src': ['self'],
	'script-src': ['self'],
	'style-src': ['self'],
	'img-src': ['self', 'data:', 'blob:'],
	'font-src': ['self'],
	'connect-src': ['self'],
	'worker-src': ['self'],
	'manifest-src': ['self'],
	'media-src': ['self'],
	'object-src': ['none'],
	'base-uri': ['none'],
	'form-action': ['self'],
	'frame-ancestors': ['none']
});

/** @param {Record<string, readonly string[]>} directives */
export function serializeCsp(directives) {
	const quoted = new Set(['self', 'none', 'unsafe-inline', 'unsafe-eval', 'strict-dynamic']);
	return Object.entries(directives)
		.map(([name, values]) => [name, ...values.map((v) => (quoted.has(v) ? `'${v}'` : v))].join(' '))
		.join('; ');
}

/** The header for static files that are not HTML (scripts, styles, images, pack JSON, SVG). */
export const staticCsp = serializeCsp(cspDirectives);

/** Headers every response carries, whoever produced it. */
export const commonSecurityHeaders = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'strict-origin-when-cross-origin',
	'permissions-policy':
		'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
	'cross-origin-opener-policy': 'same-origin',
	'x-frame-options': 'DENY'
};
