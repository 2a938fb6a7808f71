import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ANNOUNCER_STYLE_HASH, cspDirectives, staticCsp } from '../../src/node/csp.js';

describe('content security policy', () => {
	it("allows exactly the style attribute of SvelteKit's route announcer, nothing else inline", () => {
		const root = readFileSync('.svelte-kit/generated/root.svelte', 'utf8');
		const style = /style="([^"]*)"/.exec(root)?.[1] ?? '';
		const hash = `sha256-${createHash('sha256').update(style).digest('base64')}`;
		expect(hash).toBe(ANNOUNCER_STYLE_HASH);
		expect(cspDirectives['style-src']).not.toContain('unsafe-inline');
		expect(cspDirectives['script-src']).toEqual(['self']);
	});

	it('locks down plugins, base URLs and framing', () => {
		expect(staticCsp).toContain("object-src 'none'");
		expect(staticCsp).toContain("base-uri 'none'");
		expect(staticCsp).toContain("frame-ancestors 'none'");
		expect(staticCsp).toContain(`'unsafe-hashes' '${ANNOUNCER_STYLE_HASH}'`);
	});
});
