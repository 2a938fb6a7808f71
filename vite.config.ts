import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { lessonPacks } from './src/lib/content/node/vite-plugin.js';

/**
 * The client router's table (the app entry, on every first paint) lists, for every route, the
 * files to fetch with it. Staff pages are desk work, online only: their routes fetch their own
 * modules as they import them, and residents' phones do not carry that list (issue 9's budget).
 * CSS is always listed (Vite keeps it), so no staff page paints unstyled.
 */
function staffPagesPreloadNothing() {
	// Node numbers: a chunk's final file name (its hash) is not known yet when it is rendered.
	const staffNodes = new Set<string>();
	const nodeOf = (file: string) => /\/nodes\/(\d+)\./.exec(file)?.[1];
	return {
		plugin: {
			name: 'linli:staff-preload',
			apply: 'build' as const,
			renderChunk(_code: string, chunk: { fileName: string; moduleIds: string[] }) {
				const node = nodeOf(chunk.fileName);
				if (node && chunk.moduleIds.some((id) => id.includes('/src/routes/staff/')))
					staffNodes.add(node);
				return null;
			}
		},
		resolveDependencies: (file: string, deps: string[]) =>
			staffNodes.has(nodeOf(file) ?? '') ? [] : deps
	};
}
const staffPreload = staffPagesPreloadNothing();

export default defineConfig({
	// LINLI_CONTENT_DIR builds with another content folder (packs under review, a test set).
	plugins: [
		lessonPacks({ contentDir: process.env.LINLI_CONTENT_DIR || 'content' }),
		sveltekit(),
		staffPreload.plugin
	],
	build: {
		target: 'es2022',
		sourcemap: process.env.LINLI_SOURCEMAP === '1',
		modulePreload: { resolveDependencies: staffPreload.resolveDependencies }
	},
	test: {
		include: [
			'src/**/*.spec.ts',
			'tests/unit/**/*.test.ts',
			'tests/integration/**/*.test.ts',
			'tests/chaos/**/*.test.ts'
		],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 60_000
	}
});
