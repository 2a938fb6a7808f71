// The one Content-Security-Policy of the app, shared by kit.csp (pages rendered by SvelteKit)
// and src/node/server.js (static files and prerendered pages, which adapter-node serves before
// SvelteKit's handle runs). Plain JavaScript so that both svelte.config.js and the server read it.

export const ANNOUNCER_STYLE_HASH = 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo=';

/** Directives for pages; Kit adds the nonce or hashes of its own inline scripts to script-src. */
export const cspDirectives = /** @type {const} */ ({
	'default-src': ['self'],
	'script-src': ['self'],
	// SvelteKit's route announcer (a visually hidden live region) carries one fixed style
	// attribute; allow exactly that one (tests/unit/csp.test.ts checks the hash against Kit's).
	'style-src': ['self', 'unsafe-hashes', ANNOUNCER_STYLE_HASH],
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
	const quoted = new Set([
		'self',
		'none',
		'unsafe-inline',
		'unsafe-eval',
		'unsafe-hashes',
		'strict-dynamic'
	]);
	const quote = (/** @type {string} */ v) =>
		quoted.has(v) || /^(sha256|sha384|sha512|nonce)-/.test(v) ? `'${v}'` : v;
	return Object.entries(directives)
		.map(([name, values]) => [name, ...values.map(quote)].join(' '))
		.join('; ');
}

/** The header for static files that are not HTML (scripts, styles, images, pack JSON, SVG). */
export const staticCsp = serializeCsp(cspDirectives);

/** Headers every response carries, whoever produced it. */
export const commonSecurityHeaders = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'strict-origin-when-cross-origin',
	'permissions-policy':
		'camera=(self), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
	'cross-origin-opener-policy': 'same-origin',
	'x-frame-options': 'DENY'
};
