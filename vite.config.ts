import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { lessonPacks } from './src/lib/content/node/vite-plugin.js';

export default defineConfig({
	// LINLI_CONTENT_DIR builds with another content folder (packs under review, a test set).
	plugins: [lessonPacks({ contentDir: process.env.LINLI_CONTENT_DIR || 'content' }), sveltekit()],
	build: { target: 'es2022', sourcemap: process.env.LINLI_SOURCEMAP === '1' },
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
