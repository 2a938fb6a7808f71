// What a page's HTML carries (issue 9): its size, the interface strings inlined into it (the
// `linli-strings` data block) and the responses its loads fetched during SSR, which SvelteKit
// inlines for hydration. Deterministic, unlike Lighthouse on a shared machine.
import { gzipSync } from 'node:zlib';

export interface PageBytes {
	html: number;
	htmlGzip: number;
	strings: number;
	namespaces: string[];
	/** Responses inlined for hydration, by URL. */
	fetched: Record<string, number>;
}

export async function pageBytes(base: string, path: string, acceptLanguage: string) {
	const response = await fetch(`${base}${path}`, {
		headers: { 'accept-language': acceptLanguage, 'accept-encoding': 'identity' }
	});
	const html = await response.text();
	const bytes = (text: string) => Buffer.byteLength(text);
	const block =
		/<script type="application\/json" id="linli-strings"[^>]*>([\s\S]*?)<\/script>/.exec(html)?.[1];
	const fetched: Record<string, number> = {};
	for (const match of html.matchAll(
		/<script type="application\/json" data-sveltekit-fetched data-url="([^"]*)"[^>]*>([\s\S]*?)<\/script>/g
	)) {
		fetched[match[1]!.replaceAll('&amp;', '&')] = bytes(match[2]!);
	}
	return {
		html: bytes(html),
		htmlGzip: gzipSync(html, { level: 9 }).byteLength,
		strings: block ? bytes(block.trim()) : 0,
		namespaces: block?.trim() ? Object.keys(JSON.parse(block) as object).sort() : [],
		fetched
	} satisfies PageBytes;
}
